import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { ErrorNote } from '../app/ErrorNote';
import { formatDate } from '../app/format';
import { useUser } from '../app/session';
import { LIVE_MS } from './queries';

/** The plans this person may see, newest first, with their status and what needs attention. */
export function PlanListPage({ linkTo = (planId: string) => `/plans/${planId}` }: { linkTo?: (planId: string) => string }) {
  const { t } = useTranslation();
  const user = useUser();
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => call(api.GET('/plans')), refetchInterval: LIVE_MS });
  return (
    <section aria-labelledby="plans-title">
      <div className="title-row">
        <h1 id="plans-title">{t('plans.title')}</h1>
        {user.role !== 'auditor' && (
          <Link className="button primary" to="/plans/new">
            {t('plans.new')}
          </Link>
        )}
      </div>
      <ErrorNote error={plans.error} />
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('plans.number')}</th>
            <th scope="col">{t('plans.name')}</th>
            <th scope="col">{t('plans.issuer')}</th>
            <th scope="col">{t('plans.issuedOn')}</th>
            <th scope="col">{t('plans.status')}</th>
            <th scope="col">{t('plans.alerts')}</th>
          </tr>
        </thead>
        <tbody>
          {(plans.data ?? []).map((plan) => (
            <tr key={plan.planId} data-plan={plan.planId}>
              <td>
                <Link to={linkTo(plan.planId)}>{plan.numberSymbol}</Link>
              </td>
              <td>{plan.title}</td>
              <td>{plan.issuingUnitName}</td>
              <td>{formatDate(plan.issuedOn)}</td>
              <td>
                <span className={`status ${plan.status}`}>{t(`planStatus.${plan.status}`)}</span>
              </td>
              <td className="badges">
                {plan.alerts.overdue > 0 && (
                  <span className="badge overdue">{t('badge.overdueCount', { count: plan.alerts.overdue })}</span>
                )}
                {plan.alerts.returned > 0 && (
                  <span className="badge returned">{t('badge.returnedCount', { count: plan.alerts.returned })}</span>
                )}
                {plan.alerts.awaitingDecision > 0 && (
                  <span className="badge waiting">{t('badge.awaitingCount', { count: plan.alerts.awaitingDecision })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plans.data?.length === 0 && <p className="empty">{t('plans.none')}</p>}
    </section>
  );
}
