import { useState, type SubmitEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { api, call } from '../api/client';
import { ErrorNote } from './ErrorNote';
import { LanguageToggle } from './LanguageToggle';
import { useSession } from './session';

type Role = 'board' | 'department' | 'auditor';

/**
 * Sign-in by role and unit. On a demo system (the start command's) the API issues the token; elsewhere a person
 * pastes the token their administrator issued (`npm run cli -- token issue`), which the API checks before use.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn } = useSession();
  const options = useQuery({ queryKey: ['sign-in'], queryFn: () => call(api.GET('/auth/sign-in')) });
  const [role, setRole] = useState<Role>('board');
  const [unit, setUnit] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  if (session) return <Navigate to="/" replace />;

  const kind = role === 'board' ? 'board' : 'department';
  const units = (options.data?.units ?? []).filter((u) => u.kind === kind);
  const chosenUnit = role === 'auditor' ? undefined : unit || units[0]?.code;

  const demoSignIn = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const result = await call(api.POST('/auth/sign-in', { body: { role, ...(chosenUnit ? { unit: chosenUnit } : {}) } }));
      signIn({ token: result.token, user: result.user });
    } catch (caught) {
      setError(caught);
    }
  };
  const tokenSignIn = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const user = await call(api.GET('/auth/session', { headers: { authorization: `Bearer ${token.trim()}` } }));
      signIn({ token: token.trim(), user });
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <main className="sign-in" id="main">
      <header className="sign-in-head">
        <h1>{t('app.title')}</h1>
        <LanguageToggle />
      </header>
      <p>{t('signIn.intro')}</p>
      <ErrorNote error={error} />
      {options.data?.demo && (
        <form onSubmit={demoSignIn} className="card" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('signIn.demoTitle')}</h2>
          <label>
            {t('signIn.role')}
            <select
              value={role}
              onChange={(e) => {
                setRole(e.target.value as Role);
                setUnit('');
              }}
            >
              {(['board', 'department', 'auditor'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          {role !== 'auditor' && (
            <label>
              {t('signIn.unit')}
              <select value={chosenUnit} onChange={(e) => setUnit(e.target.value)}>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name} ({u.code})
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary">
            {t('signIn.submit')}
          </button>
        </form>
      )}
      <form onSubmit={tokenSignIn} className="card" aria-labelledby="token-title">
        <h2 id="token-title">{t('signIn.tokenTitle')}</h2>
        <label>
          {t('signIn.token')}
          <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={3} required spellCheck={false} />
        </label>
        <button type="submit">{t('signIn.submitToken')}</button>
      </form>
    </main>
  );
}
