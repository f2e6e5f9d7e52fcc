import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type PlanView, type Schemas } from '../api/client';
import { Field, FormDialog } from '../app/Dialog';
import { ExtendDialog } from './ExtendDialog';
import { QuotaFields } from './QuotaFields';
import { useStageLabel } from './StageActions';

type Dialog = 'launch' | 'extend' | 'amend' | 'close' | 'cancel' | undefined;

/** What the issuer may do with the whole plan: launch it, extend a stage for every unit, amend, close or cancel it. */
export function PlanActions({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>();
  const [reason, setReason] = useState('');
  const path = { params: { path: { id: plan.planId } } };
  const refresh = () => queries.invalidateQueries();
  const open = (next: Dialog) => {
    setReason('');
    setDialog(next);
  };
  const close = () => setDialog(undefined);
  const launched = plan.status === 'launched';
  return (
    <div className="actions" role="group" aria-label={t('plan.actions')}>
      {plan.status === 'draft' && (
        <button type="button" className="primary" onClick={() => open('launch')}>
          {t('action.launch')}
        </button>
      )}
      {launched && (
        <>
          <button type="button" onClick={() => open('extend')}>
            {t('action.extendAll')}
          </button>
          <button type="button" onClick={() => open('amend')}>
            {t('action.amend')}
          </button>
          <button type="button" onClick={() => open('close')}>
            {t('action.close')}
          </button>
          <button type="button" className="danger" onClick={() => open('cancel')}>
            {t('action.cancel')}
          </button>
        </>
      )}
      {dialog === 'launch' && (
        <FormDialog
          title={t('action.launch')}
          confirm={t('action.launch')}
          onConfirm={() => call(api.POST('/plans/{id}/launch', path)).then(refresh)}
          onClose={close}
        >
          <p>{t('plan.launchNote', { count: plan.units.length })}</p>
        </FormDialog>
      )}
      {dialog === 'extend' && <ExtendAll plan={plan} onClose={close} />}
      {dialog === 'amend' && <Amend plan={plan} onClose={close} />}
      {dialog === 'close' && (
        <FormDialog
          title={t('action.close')}
          confirm={t('action.close')}
          onConfirm={() => call(api.POST('/plans/{id}/close', path)).then(refresh)}
          onClose={close}
        >
          <p>{t('plan.closeNote')}</p>
        </FormDialog>
      )}
      {dialog === 'cancel' && (
        <FormDialog
          title={t('action.cancel')}
          confirm={t('action.cancel')}
          onConfirm={() => call(api.POST('/plans/{id}/cancel', { ...path, body: { reason } })).then(refresh)}
          onClose={close}
        >
          <p>{t('plan.cancelNote')}</p>
          <Field label={t('decide.reason')}>
            <textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          </Field>
        </FormDialog>
      )}
    </div>
  );
}

/** One stage's deadline for every unit of the plan (gia hạn chung); each unit's timers re-arm. */
function ExtendAll({ plan, onClose }: { plan: PlanView; onClose: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const labelOf = useStageLabel();
  const stages = [
    ...new Map(plan.units.flatMap((u) => u.stages).map((s) => [s.id, { id: s.id, label: labelOf(s), dueAt: s.dueAt }])).values(),
  ];
  const extend = (stageId: string, dueAt: string, reason: string) =>
    call(api.POST('/plans/{id}/extend', { params: { path: { id: plan.planId } }, body: { stageId, dueAt, reason } })).then(() =>
      queries.invalidateQueries(),
    );
  return <ExtendDialog title={t('action.extendAll')} stages={stages} onExtend={extend} onClose={onClose} />;
}

function Amend({ plan, onClose }: { plan: PlanView; onClose: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const document = useQuery({
    queryKey: ['document', plan.planId],
    queryFn: () => call(api.GET('/plans/{id}/document', { params: { path: { id: plan.planId } } })),
  });
  const [title, setTitle] = useState(plan.title);
  const [quotas, setQuotas] = useState<Schemas['AmendPlanDto']['quotas']>();
  const [reason, setReason] = useState('');
  const current = quotas ?? document.data?.document.quotas ?? [];
  const amend = () =>
    call(
      api.POST('/plans/{id}/amend', {
        params: { path: { id: plan.planId } },
        body: { reason, ...(title !== plan.title ? { title } : {}), ...(quotas ? { quotas } : {}) },
      }),
    ).then(() => queries.invalidateQueries());
  return (
    <FormDialog title={t('action.amend')} confirm={t('action.amend')} onConfirm={amend} onClose={onClose}>
      <Field label={t('plans.name')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <QuotaFields quotas={current} onChange={setQuotas} />
      <Field label={t('decide.reason')}>
        <textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </Field>
    </FormDialog>
  );
}
