import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type PlanUnitView, type PlanView } from '../api/client';
import { FormDialog, Field } from '../app/Dialog';
import { ErrorNote } from '../app/ErrorNote';
import { useUser } from '../app/session';
import { ExtendDialog } from './ExtendDialog';

type Stage = PlanUnitView['stages'][number];
type Dialog = { kind: 'accept' | 'return' | 'nominees'; stage: Stage } | { kind: 'extend' } | undefined;

/** "Sơ kết Đợt 1", "Đăng ký thi đua": a stage as a person names it. */
export function useStageLabel() {
  const { t } = useTranslation();
  return (stage: { kind: string; phase?: string }) =>
    stage.phase ? `${t(`stage.${stage.kind}`)} ${stage.phase}` : t(`stage.${stage.kind}`);
}

/**
 * The issuer's buttons on one unit's row: for each submitted stage, accept or return it (with a reason), or decide its
 * nominees one by one (approve, return, reject); and extend one of the unit's deadlines. Shown only to the unit that
 * issued the row's plan.
 */
export function StageActions({ plan, unit }: { plan: PlanView; unit: PlanUnitView }) {
  const { t } = useTranslation();
  const user = useUser();
  const queries = useQueryClient();
  const labelOf = useStageLabel();
  const [dialog, setDialog] = useState<Dialog>();
  const [reason, setReason] = useState('');
  const extendable = unit.stages.filter((s) => s.status !== 'accepted').map((s) => ({ id: s.id, label: labelOf(s), dueAt: s.dueAt }));
  if (user.role === 'auditor' || user.unit !== plan.issuingUnit || unit.status !== 'open') return null;
  const path = (stageId: string) => ({ params: { path: { id: plan.planId, unit: unit.unitCode, stage: stageId } } });
  const refresh = () => queries.invalidateQueries();
  const decide = (stage: Stage, decision: 'accept' | 'return') =>
    call(
      api.POST('/plans/{id}/units/{unit}/stages/{stage}/decide', {
        ...path(stage.id),
        body: { decision, ...(decision === 'return' ? { reason } : {}) },
      }),
    ).then(refresh);
  const extend = (stageId: string, dueAt: string, why: string) =>
    call(api.POST('/plans/{id}/units/{unit}/stages/{stage}/extend', { ...path(stageId), body: { dueAt, reason: why } })).then(refresh);
  const open = (next: Dialog) => {
    setReason('');
    setDialog(next);
  };
  const close = () => setDialog(undefined);
  const title = (action: string, stage: Stage) => `${action} – ${unit.unitName}: ${labelOf(stage)}`;
  return (
    <div className="row-actions">
      {unit.stages
        .filter((s) => s.status === 'submitted')
        .map((stage) =>
          stage.kind === 'nomination' ? (
            <button key={stage.id} type="button" onClick={() => open({ kind: 'nominees', stage })}>
              {t('action.decideNominees')}
            </button>
          ) : (
            <span key={stage.id} className="buttons">
              <button type="button" onClick={() => open({ kind: 'accept', stage })}>
                {t('action.accept')}: {labelOf(stage)}
              </button>
              <button type="button" onClick={() => open({ kind: 'return', stage })}>
                {t('action.return')}: {labelOf(stage)}
              </button>
            </span>
          ),
        )}
      {extendable.length > 0 && (
        <button type="button" onClick={() => open({ kind: 'extend' })}>
          {t('action.extend')}
        </button>
      )}
      {dialog?.kind === 'accept' && (
        <FormDialog
          title={title(t('action.accept'), dialog.stage)}
          confirm={t('action.accept')}
          onConfirm={() => decide(dialog.stage, 'accept')}
          onClose={close}
        >
          <p>{t('decide.acceptNote')}</p>
        </FormDialog>
      )}
      {dialog?.kind === 'return' && (
        <FormDialog
          title={title(t('action.return'), dialog.stage)}
          confirm={t('action.return')}
          onConfirm={() => decide(dialog.stage, 'return')}
          onClose={close}
        >
          <Field label={t('decide.reason')}>
            <textarea required value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </Field>
        </FormDialog>
      )}
      {dialog?.kind === 'extend' && (
        <ExtendDialog
          title={`${t('action.extend')} – ${unit.unitName}`}
          stages={extendable}
          stageId={unit.stageId}
          onExtend={extend}
          onClose={close}
        />
      )}
      {dialog?.kind === 'nominees' && (
        <NomineeDecisions planId={plan.planId} unitCode={unit.unitCode} stageId={dialog.stage.id} onClose={close} />
      )}
    </div>
  );
}

interface Nominee {
  name: string;
  award: string;
  nomineeKind: string;
  achievement: string;
  decision?: string;
  reason?: string;
}

/** The unit's latest nomination batch and the decisions so far, folded from its task's events. */
function useNominees(planId: string, unitCode: string, stageId: string) {
  return useQuery({
    queryKey: ['nominees', planId, unitCode, stageId],
    queryFn: async () => {
      const events = await call(api.GET('/plans/{id}/events', { params: { path: { id: planId } } }));
      let nominees: Nominee[] = [];
      for (const event of events.filter((e) => e.streamId === `plan:${planId}:unit:${unitCode}`)) {
        const data = event.data as {
          stageId?: string;
          payload?: { nominees?: Nominee[] };
          index?: number;
          decision?: string;
          reason?: string;
        };
        if (data.stageId !== stageId) continue;
        if (event.type === 'SubmissionMade' && data.payload?.nominees) nominees = data.payload.nominees.map((n) => ({ ...n }));
        const decided = event.type === 'NomineeDecided' && data.index !== undefined ? nominees[data.index] : undefined;
        if (decided) Object.assign(decided, { decision: data.decision, reason: data.reason });
      }
      return nominees;
    },
  });
}

function NomineeDecisions({
  planId,
  unitCode,
  stageId,
  onClose,
}: {
  planId: string;
  unitCode: string;
  stageId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const nominees = useNominees(planId, unitCode, stageId);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>();
  const path = { id: planId, unit: unitCode, stage: stageId };
  const decide = (index: number, decision: 'approved' | 'returned' | 'rejected') =>
    call(
      api.POST('/plans/{id}/units/{unit}/stages/{stage}/nominees/{number}/decide', {
        params: { path: { ...path, number: index + 1 } },
        body: { decision, ...(decision !== 'approved' ? { reason: reasons[index] ?? '' } : {}) },
      }),
    )
      .then(() => {
        setError(undefined);
        return queries.invalidateQueries();
      })
      .catch(setError);
  const confer = () =>
    call(api.POST('/plans/{id}/units/{unit}/stages/{stage}/confer', { params: { path }, body: {} })).then(() =>
      queries.invalidateQueries(),
    );
  const all = nominees.data ?? [];
  return (
    <FormDialog title={t('action.decideNominees')} confirm={t('action.confer')} onConfirm={confer} onClose={onClose}>
      <ErrorNote error={error} />
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('nominate.name')}</th>
            <th>{t('nominate.award')}</th>
            <th>{t('nominate.achievement')}</th>
            <th>{t('tree.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {all.map((n, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{n.name}</td>
              <td>{n.award}</td>
              <td>{n.achievement}</td>
              <td>
                {n.decision ? (
                  `${t(`nominee.${n.decision}`)}${n.reason ? `: ${n.reason}` : ''}`
                ) : (
                  <>
                    <button type="button" aria-label={`${t('nominee.approve')}: ${n.name}`} onClick={() => void decide(i, 'approved')}>
                      {t('nominee.approve')}
                    </button>
                    <input
                      aria-label={`${t('decide.reason')}: ${n.name}`}
                      placeholder={t('decide.reason')}
                      value={reasons[i] ?? ''}
                      onChange={(e) => setReasons({ ...reasons, [i]: e.target.value })}
                    />
                    <button type="button" aria-label={`${t('nominee.return')}: ${n.name}`} onClick={() => void decide(i, 'returned')}>
                      {t('nominee.return')}
                    </button>
                    <button type="button" aria-label={`${t('nominee.reject')}: ${n.name}`} onClick={() => void decide(i, 'rejected')}>
                      {t('nominee.reject')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </FormDialog>
  );
}
