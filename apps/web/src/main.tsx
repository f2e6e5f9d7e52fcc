import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import './app/i18n';
import { Shell } from './app/Shell';
import { SessionProvider, useSession } from './app/session';
import { SignInPage } from './app/SignInPage';
import { AuditPage } from './audit/AuditPage';
import { AuditPlansPage } from './audit/AuditPlansPage';
import { InboxPage } from './inbox/InboxPage';
import { NewPlanPage } from './plans/NewPlanPage';
import { PlanListPage } from './plans/PlanListPage';
import { PlanPage } from './plans/PlanPage';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    // A 4xx will not change by asking again; anything else (a restart, a network blip) may.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: true },
  },
});

function Home() {
  const { session } = useSession();
  if (!session) return <Navigate to="/sign-in" replace />;
  return <Navigate to={{ board: '/plans', department: '/inbox', auditor: '/audit' }[session.user.role]} replace />;
}

function Signed({ children }: { children: React.ReactNode }) {
  const { session } = useSession();
  return session ? <Shell>{children}</Shell> : <Navigate to="/sign-in" replace />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to render the app into');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <BrowserRouter basename="/app">
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              path="/plans"
              element={
                <Signed>
                  <PlanListPage />
                </Signed>
              }
            />
            <Route
              path="/plans/new"
              element={
                <Signed>
                  <NewPlanPage />
                </Signed>
              }
            />
            <Route
              path="/plans/:planId"
              element={
                <Signed>
                  <PlanPage />
                </Signed>
              }
            />
            <Route
              path="/inbox"
              element={
                <Signed>
                  <InboxPage />
                </Signed>
              }
            />
            <Route
              path="/audit"
              element={
                <Signed>
                  <AuditPlansPage />
                </Signed>
              }
            />
            <Route
              path="/audit/:planId"
              element={
                <Signed>
                  <AuditPage />
                </Signed>
              }
            />
            <Route path="*" element={<Home />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
