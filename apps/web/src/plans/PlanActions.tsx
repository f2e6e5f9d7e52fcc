import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type PlanView, type Schemas } from '../api/client';
import { Field, FormDialog } from '../app/Dialog';
import { DeadlineFields, useDeadline } from './DeadlineFields';

type Dialog = 'launch' | 'extend' | 'amend' | 'close' | 'cancel' | undefined;

/** What the issuer may do with the whole plan: launch it, extend a stage for every unit, amend, close or cancel it. */
export function PlanActions({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>();
  const [reason, setReason] = useState('');
  const path = { params: { path: { id: plan.planId } } };
  const refresh = () => queries.invalidateQueries();
  const open = (next: Dialog) => { setReason(''); setDialog(next); };
  const close = () => setDialog(undefined);
  const launched = plan.status === 'launched';
  return (
    <div className="actions" role="group" aria-label={t('plan.actions')}>
      {plan.status === 'draft' && <button type="button" className="primary" onClick={() => open('launch')}>{t('action.launch')}</button>}
      {launched && (
        <>
          <button type="button" onClick={() => open('extend')}>{t('action.extendAll')}</button>
          <button type="button" onClick={() => open('amend')}>{t('action.amend')}</button>
          <button type="button" onClick={() => open('close')}>{t('action.close')}</button>
          <button type="button" className="danger" onClick={() => open('cancel')}>{t('action.cancel')}</button>
        </>
      )}
      {dialog === 'launch' && (
        <FormDialog title={t('action.launch')} confirm={t('action.launch')} onConfirm={() => call(api.POST('/plans/{id}/launch', path)).then(refresh)} onClose={close}>
          <p>{t('plan.launchNote', { count: plan.units.length })}</p>
        </FormDialog>
      )}
      {dialog === 'extend' && <ExtendAll plan={plan} onClose={close} />}
      {dialog === 'amend' && <Amend plan={plan} onClose={close} />}
      {dialog === 'close' && (
        <FormDialog title={t('action.close')} confirm={t('action.close')} onConfirm={() => call(api.POST('/plans/{id}/close', path)).then(refresh)} onClose={close}>
          <p>{t('plan.closeNote')}</p>
        </FormDialog>
      )}
      {dialog === 'cancel' && (
        <FormDialog title={t('action.cancel')} confirm={t('action.cancel')} onConfirm={() => call(api.POST('/plans/{id}/cancel', { ...path, body: { reason } })).then(refresh)} onClose={close}>
          <p>{t('plan.cancelNote')}</p>
          <Field label={t('decide.reason')}><textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} /></Field>
        </FormDialog>
      )}
    </div>
  );
}

function ExtendAll({ plan, onClose }: { plan: PlanView; onClose: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const stageIds = [...new Set(plan.units.flatMap((u) => u.stages.map((s) => s.id)))];
  const [stageId, setStageId] = useState(stageIds[0] ?? 'registration');
  const [reason, setReason] = useState('');
  const deadline = useDeadline();
  const extend = () => call(api.POST('/plans/{id}/extend', { params: { path: { id: plan.planId } }, body: { stageId, dueAt: deadline.instant, reason } })).then(() => queries.invalidateQueries());
  return (
    <FormDialog title={t('action.extendAll')} confirm={t('action.extend')} onConfirm={extend} onClose={onClose}>
      <Field label={t('tree.stage')}>
        <select value={stageId} onChange={(e) => setStageId(e.target.value)}>
          {stageIds.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>
      </Field>
      <DeadlineFields deadline={deadline} />
      <Field label={t('decide.reason')}><textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} /></Field>
    </FormDialog>
  );
}

function Amend({ plan, onClose }: { plan: PlanView; onClose: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const document = useQuery({ queryKey: ['document', plan.planId], queryFn: () => call(api.GET('/plans/{id}/document', { params: { path: { id: plan.planId } } })) });
  const [title, setTitle] = useState(plan.title);
  const [quotas, setQuotas] = useState<Schemas['AmendPlanDto']['quotas']>();
  const [reason, setReason] = useState('');
  const current = quotas ?? document.data?.document.quotas ?? [];
  const setCount = (i: number, count: number) => setQuotas(current.map((q, j) => (j === i ? { ...q, count } : q)));
  const amend = () =>
    call(api.POST('/plans/{id}/amend', { params: { path: { id: plan.planId } }, body: { reason, ...(title !== plan.title ? { title } : {}), ...(quotas ? { quotas } : {}) } })).then(() => queries.invalidateQueries());
  return (
    <FormDialog title={t('action.amend')} confirm={t('action.amend')} onConfirm={amend} onClose={onClose}>
      <Field label={t('plans.name')}><input value={title} onChange={(e) => setTitle(e.target.value)} /></Field>
      <fieldset>
        <legend>{t('amend.quotas')}</legend>
        {current.map((q, i) => (
          <Field key={`${q.award}/${q.recipientKind}`} label={`${q.award} · ${t(`recipientKind.${q.recipientKind}`)}`}>
            <input type="number" min={0} value={q.count} onChange={(e) => setCount(i, Number(e.target.value))} />
          </Field>
        ))}
      </fieldset>
      <Field label={t('decide.reason')}><textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={2} /></Field>
    </FormDialog>
  );
}
