import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../app/DateInput';
import { Field, FormDialog } from '../app/Dialog';
import { vietnamDayAndTime, vietnamInstant, vietnamToday } from '../app/format';

export interface ExtendableStage {
  id: string;
  label: string;
  dueAt?: string;
}

/**
 * Gia hạn: a stage, its new deadline typed as a Vietnamese office does (a day and a time, Vietnam time) and the reason.
 * Mounted when opened, so it starts from the chosen stage's current deadline.
 */
export function ExtendDialog({
  title,
  stages,
  stageId: initial,
  onExtend,
  onClose,
}: {
  title: string;
  stages: ExtendableStage[];
  stageId?: string;
  onExtend: (stageId: string, dueAt: string, reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const due = (id: string) => {
    const dueAt = stages.find((s) => s.id === id)?.dueAt;
    return dueAt ? vietnamDayAndTime(dueAt) : { date: vietnamToday(), time: '17:00' };
  };
  const [stageId, setStageId] = useState(initial ?? stages[0]?.id ?? '');
  const [{ date, time }, setDeadline] = useState(() => due(stageId));
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      title={title}
      confirm={t('action.extend')}
      onConfirm={() => onExtend(stageId, vietnamInstant(date, time), reason)}
      onClose={onClose}
    >
      <Field label={t('tree.stage')}>
        <select
          value={stageId}
          onChange={(e) => {
            setStageId(e.target.value);
            setDeadline(due(e.target.value));
          }}
        >
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="inline">
        <Field label={t('extend.date')}>
          <DateInput required value={date} onChange={(next) => setDeadline({ date: next, time })} />
        </Field>
        <Field label={t('extend.time')}>
          <input type="time" required step={1} value={time} onChange={(e) => setDeadline({ date, time: e.target.value })} />
        </Field>
      </div>
      <Field label={t('decide.reason')}>
        <textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </Field>
    </FormDialog>
  );
}
