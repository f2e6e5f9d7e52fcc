import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../app/Dialog';
import { vietnamInstant, vietnamToday } from '../app/format';
import { DateInput } from '../app/DateInput';

/** A new deadline typed as a Vietnamese office does: a day and a time, in Vietnam time. */
export function useDeadline(currentIso?: string) {
  const current = currentIso ? new Date(Date.parse(currentIso) + 7 * 3600_000).toISOString() : undefined;
  const [date, setDate] = useState(current?.slice(0, 10) ?? vietnamToday());
  const [time, setTime] = useState(current?.slice(11, 16) ?? '17:00');
  return { date, setDate, time, setTime, instant: vietnamInstant(date, time) };
}

export function DeadlineFields({ deadline }: { deadline: ReturnType<typeof useDeadline> }) {
  const { t } = useTranslation();
  return (
    <div className="inline">
      <Field label={t('extend.date')}><DateInput required value={deadline.date} onChange={deadline.setDate} /></Field>
      <Field label={t('extend.time')}><input type="time" required step={1} value={deadline.time} onChange={(e) => deadline.setTime(e.target.value)} /></Field>
    </div>
  );
}
