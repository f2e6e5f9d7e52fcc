import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ErrorNote } from '../app/ErrorNote';
import { Field } from '../app/Dialog';
import { vietnamInstant } from '../app/format';
import { DateInput } from '../app/DateInput';

/** The event types a person filters by, in the order of a plan's life. */
const TYPES = [
  'PlanCreated',
  'PlanLaunched',
  'PlanAmended',
  'TaskAssigned',
  'SubmissionMade',
  'SubmissionAccepted',
  'SubmissionReturned',
  'NomineeDecided',
  'ReminderSent',
  'DeadlineMissed',
  'Escalated',
  'DeadlineExtended',
  'DeadlinesExtended',
  'PlanClosed',
  'PlanCancelled',
];
const PAGE = 100;

/** A plan's and its cascade's history from the event store: who did what, when (Vietnam time) and why; filtered. */
export function Timeline({ planId }: { planId: string }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState({ unit: '', type: '', actor: '', from: '', to: '' });
  const query = {
    ...(filter.unit ? { unit: filter.unit.trim().toUpperCase() } : {}),
    ...(filter.type ? { type: [filter.type] } : {}),
    ...(filter.actor ? { actor: filter.actor.trim() } : {}),
    ...(filter.from ? { from: vietnamInstant(filter.from, '00:00') } : {}),
    ...(filter.to ? { to: vietnamInstant(filter.to, '23:59:59') } : {}),
    limit: PAGE,
  };
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', planId, query],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/audit/plans/{id}/timeline', {
          params: { path: { id: planId }, query: { ...query, ...(pageParam ? { after: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
    refetchInterval: 5000,
  });
  const entries = timeline.data?.pages.flatMap((p) => p.entries) ?? [];
  const set = (field: keyof typeof filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [field]: e.target.value });
  return (
    <div className="timeline">
      <form className="filters" role="search" aria-label={t('timeline.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('timeline.unit')}>
          <input value={filter.unit} onChange={set('unit')} placeholder="SGDDT" />
        </Field>
        <Field label={t('timeline.type')}>
          <select value={filter.type} onChange={set('type')}>
            <option value="">{t('timeline.allTypes')}</option>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('timeline.actor')}>
          <input value={filter.actor} onChange={set('actor')} />
        </Field>
        <Field label={t('timeline.from')}>
          <DateInput value={filter.from} onChange={(from) => setFilter({ ...filter, from })} />
        </Field>
        <Field label={t('timeline.to')}>
          <DateInput value={filter.to} onChange={(to) => setFilter({ ...filter, to })} />
        </Field>
      </form>
      <ErrorNote error={timeline.error} />
      <p className="meta" data-testid="timeline-total">
        {t('timeline.total', { count: timeline.data?.pages[0]?.total ?? 0 })}
      </p>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('timeline.time')}</th>
            <th scope="col">{t('timeline.unit')}</th>
            <th scope="col">{t('timeline.action')}</th>
            <th scope="col">{t('timeline.actor')}</th>
            <th scope="col">{t('timeline.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.position} data-type={entry.type} data-unit={entry.unitCode ?? ''}>
              <td>{entry.atVietnam}</td>
              <td>{entry.unitCode ?? '—'}</td>
              <td>{i18n.language === 'vi' ? entry.action : entry.type}</td>
              <td>{entry.actor}</td>
              <td>{entry.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {timeline.hasNextPage && (
        <button type="button" onClick={() => void timeline.fetchNextPage()}>
          {t('timeline.more')}
        </button>
      )}
    </div>
  );
}
