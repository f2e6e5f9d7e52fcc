import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useToken, type Schemas } from '../api/client';

export type SessionUser = Schemas['SessionView'];
interface Session {
  token: string;
  user: SessionUser;
}

const KEY = 'emulation.session';
const SessionContext = createContext<{ session?: Session; signIn: (session: Session) => void; signOut: () => void } | undefined>(undefined);

/**
 * Who is signed in: a bearer token from POST /auth/sign-in (demo) or pasted (issued by `npm run cli -- token issue`).
 * Kept for the browser tab only (sessionStorage), and dropped as soon as the API answers 401.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [session, setSession] = useState<Session | undefined>(() => {
    try {
      // What signIn stored, or nothing.
      return (JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null) ?? undefined;
    } catch {
      sessionStorage.removeItem(KEY); // unreadable: sign in again
      return undefined;
    }
  });
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    queries.clear();
    setSession(undefined);
  }, [queries]);
  const signIn = useCallback(
    (next: Session) => {
      sessionStorage.setItem(KEY, JSON.stringify(next));
      queries.clear();
      setSession(next);
    },
    [queries],
  );
  useToken(session?.token, signOut);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession() {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in user; only under a route that requires one. */
export function useUser(): SessionUser {
  const { session } = useSession();
  if (!session) throw new Error('useUser without a session');
  return session.user;
}
