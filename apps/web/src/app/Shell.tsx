import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { LanguageToggle } from './LanguageToggle';
import { useSession, useUser } from './session';
import { UnconfirmedNotice } from './UnconfirmedNotice';

/** The frame of every signed-in page: what this role may open, who is signed in, the language. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const links = {
    board: [
      ['/plans', t('nav.plans')],
      ['/inbox', t('nav.inbox')],
      ['/audit', t('nav.audit')],
    ],
    department: [
      ['/inbox', t('nav.inbox')],
      ['/plans', t('nav.plans')],
    ],
    auditor: [['/audit', t('nav.audit')]],
  }[user.role];
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <strong className="brand">{t('app.title')}</strong>
        <nav aria-label={t('nav.label')}>
          {links.map(([to, label]) => (
            <NavLink key={to} to={to}>
              {label}
            </NavLink>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {user.name} · {t(`role.${user.role}`)}
          {user.unit ? ` · ${user.unitName ?? user.unit}` : ''}
        </span>
        <LanguageToggle />
        <button type="button" onClick={signOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <UnconfirmedNotice />
      <main id="main">{children}</main>
    </div>
  );
}
