import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type InboxItem } from '../api/client';
import { ErrorNote } from '../app/ErrorNote';
import { formatDateTime } from '../app/format';
import { useUser } from '../app/session';
import { CascadeTree } from '../plans/CascadeTree';
import { LIVE_MS, planTreeQuery } from '../plans/queries';
import { SubmissionForm } from './SubmissionForm';

/**
 * What waits for the department, soonest deadline first (as the API sorts it): submit, resubmit with the reason it was
 * returned, decide as an issuer, or an escalation. Each submission opens its form in place. Below: its own cascade.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const user = useUser();
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => call(api.GET('/inbox')), refetchInterval: LIVE_MS });
  const [open, setOpen] = useState<string>();
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <ErrorNote error={inbox.error} />
      {inbox.data?.length === 0 && <p className="empty">{t('inbox.empty')}</p>}
      <ol className="inbox">
        {(inbox.data ?? []).map((item) => (
          <li
            key={item.id}
            className={`item ${item.kind}${item.overdue ? ' late' : ''}`}
            data-item={`${item.unitCode}/${item.stageId ?? ''}/${item.kind}`}
          >
            <div className="item-head">
              <strong>
                {t(`inboxKind.${item.kind}`)}
                {item.stage ? `: ${t(`stage.${item.stage}`)}` : ''}
                {item.stageId?.startsWith('interim:') ? ` ${item.stageId.slice(8)}` : ''}
              </strong>
              <span>{item.unitName}</span>
              <span>
                {item.planNumberSymbol} – {item.planTitle}
              </span>
              <span>{item.dueAt ? `${t('tree.due')} ${formatDateTime(item.dueAt)}` : ''}</span>
              {item.overdue && <span className="badge overdue">{t('badge.overdue')}</span>}
              {item.escalation && <span className="badge escalation">{t(`escalation.${item.escalation}`)}</span>}
            </div>
            {item.reason && (
              <p className="reason" data-testid="returned-reason">
                {t('inbox.returnedBecause')}: {item.reason}
              </p>
            )}
            <ItemAction item={item} open={open === item.id} toggle={() => setOpen(open === item.id ? undefined : item.id)} />
          </li>
        ))}
      </ol>
      {user.role === 'department' && <OwnCascades />}
    </section>
  );
}

function ItemAction({ item, open, toggle }: { item: InboxItem; open: boolean; toggle: () => void }) {
  const { t } = useTranslation();
  if (item.kind === 'decide' || item.kind === 'overdue') return <Link to={`/plans/${item.planId}`}>{t('inbox.openPlan')}</Link>;
  return (
    <>
      <button type="button" aria-expanded={open} onClick={toggle}>
        {item.kind === 'resubmit' ? t('inbox.resubmit') : t('inbox.submit')}
      </button>
      {open && <SubmissionForm item={item} onDone={toggle} />}
    </>
  );
}

/** The cascades this department is part of, as far down as it may see (its derived plans and their units). */
function OwnCascades() {
  const { t } = useTranslation();
  const plans = useQuery({
    queryKey: ['plans', 'launched-roots'],
    queryFn: () => call(api.GET('/plans', { params: { query: { status: 'launched', root: true } } })),
    refetchInterval: LIVE_MS,
  });
  return (
    <>
      <h2>{t('inbox.ownCascade')}</h2>
      {(plans.data ?? []).map((plan) => (
        <OwnCascade key={plan.planId} planId={plan.planId} />
      ))}
    </>
  );
}

function OwnCascade({ planId }: { planId: string }) {
  const plan = useQuery({ ...planTreeQuery(planId), refetchInterval: LIVE_MS });
  if (!plan.data) return null;
  return (
    <section className="own-cascade">
      <h3>
        <Link to={`/plans/${planId}`}>{plan.data.numberSymbol}</Link> – {plan.data.title}
      </h3>
      <CascadeTree plan={plan.data} actions />
    </section>
  );
}
