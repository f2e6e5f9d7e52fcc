import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call, download } from '../api/client';
import { Field } from '../app/Dialog';
import { ErrorNote } from '../app/ErrorNote';
import { formatDateTime, vietnamInstant } from '../app/format';
import { CascadeTree } from '../plans/CascadeTree';
import { StagesOverTimeChart } from '../charts/StagesOverTimeChart';
import { planTreeQuery } from '../plans/queries';
import { Timeline } from './Timeline';
import { DateInput } from '../app/DateInput';

/** The inspector's view of one plan: is its history intact, what it looked like at any moment, and every event. */
export function AuditPage() {
  const { planId = '' } = useParams();
  const { t } = useTranslation();
  const plan = useQuery(planTreeQuery(planId));
  const verify = useQuery({
    queryKey: ['verify', planId],
    queryFn: () => call(api.GET('/audit/verify', { params: { query: { plan: planId } } })),
  });
  const [asOf, setAsOf] = useState({ date: '', time: '23:59' });
  const at = asOf.date ? vietnamInstant(asOf.date, asOf.time) : undefined;
  const past = useQuery({
    queryKey: ['as-of', planId, at],
    queryFn: () => call(api.GET('/audit/plans/{id}/as-of', { params: { path: { id: planId }, query: { at } } })),
    enabled: at !== undefined,
  });
  const [downloadError, setDownloadError] = useState<unknown>();
  const report = verify.data;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{plan.data ? `${plan.data.numberSymbol} – ${plan.data.title}` : t('nav.audit')}</h1>
      <ErrorNote error={plan.error ?? verify.error} />
      <div className={`verdict ${report ? (report.ok ? 'pass' : 'fail') : ''}`} role="status" data-testid="verification">
        {!report
          ? t('audit.verifying')
          : report.ok
            ? t('audit.pass', { events: report.events, streams: report.streams })
            : t('audit.fail', { count: report.problems.length })}
        {report && (
          <small>
            {' '}
            · {t('audit.checkpoints', { covered: report.checkpoints.covered, uncovered: report.checkpoints.uncovered })}
            {report.checkpoints.lastCreatedAt && ` · ${t('audit.lastCheckpoint')} ${formatDateTime(report.checkpoints.lastCreatedAt)}`}
          </small>
        )}
        {report && !report.ok && (
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="actions">
        <button type="button" onClick={() => void verify.refetch()}>
          {t('audit.verifyAgain')}
        </button>
        <button
          type="button"
          onClick={() => download(`/audit/plans/${planId}/bundle`, `plan-${planId}.audit.ndjson`).catch(setDownloadError)}
        >
          {t('audit.bundle')}
        </button>
      </div>
      <ErrorNote error={downloadError} />

      <h2>{t('audit.asOfTitle')}</h2>
      <div className="inline">
        <Field label={t('audit.asOfDate')}>
          <DateInput value={asOf.date} onChange={(date) => setAsOf({ ...asOf, date })} />
        </Field>
        <Field label={t('extend.time')}>
          <input type="time" step={1} value={asOf.time} onChange={(e) => setAsOf({ ...asOf, time: e.target.value })} />
        </Field>
      </div>
      <ErrorNote error={past.error} />
      {past.data ? (
        <>
          <p className="meta">{t('audit.asOfNote', { at: formatDateTime(past.data.asOf.at), events: past.data.asOf.events })}</p>
          <CascadeTree plan={past.data} />
        </>
      ) : (
        plan.data && <CascadeTree plan={plan.data} />
      )}
      {plan.data?.launchedAt && <StagesOverTimeChart planId={planId} from={plan.data.launchedAt} />}
      <h2>{t('timeline.title')}</h2>
      <Timeline planId={planId} />
    </section>
  );
}
