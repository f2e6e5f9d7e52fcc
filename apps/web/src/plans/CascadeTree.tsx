import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanUnitView, PlanView } from '../api/client';
import { formatDateTime } from '../app/format';
import { CountsBar } from './CountsBar';
import { StageActions, useStageLabel } from './StageActions';

/**
 * A plan's cascade: every unit at every level (a unit's derived plan nested below it), with its stage, due date and
 * badges. `actions` adds the issuer's buttons (decide, extend) where the signed-in unit issued that level's plan.
 */
export function CascadeTree({ plan, actions = false }: { plan: PlanView; actions?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="tree">
      <CountsBar counts={plan.totals} />
      <table>
        <caption className="visually-hidden">{t('tree.caption', { plan: plan.numberSymbol })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tree.unit')}</th>
            <th scope="col">{t('tree.stage')}</th>
            <th scope="col">{t('tree.due')}</th>
            <th scope="col">{t('tree.flags')}</th>
            {actions && <th scope="col">{t('tree.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          <Level plan={plan} depth={0} actions={actions} />
        </tbody>
      </table>
      {plan.units.length === 0 && <p className="empty">{t('tree.none')}</p>}
    </div>
  );
}

function Level({ plan, depth, actions }: { plan: PlanView; depth: number; actions: boolean }) {
  return (
    <>
      {plan.units.map((unit) => (
        <Fragment key={`${plan.planId}/${unit.unitCode}`}>
          <UnitRow plan={plan} unit={unit} depth={depth} actions={actions} />
          {unit.derivedPlan && <Level plan={unit.derivedPlan} depth={depth + 1} actions={actions} />}
        </Fragment>
      ))}
    </>
  );
}

function UnitRow({ plan, unit, depth, actions }: { plan: PlanView; unit: PlanUnitView; depth: number; actions: boolean }) {
  const { t } = useTranslation();
  const labelOf = useStageLabel();
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-unit={unit.unitCode} className={unit.overdue ? 'late' : undefined}>
        <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.5}rem` }}>
          <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {unit.unitName}
          </button>{' '}
          <small>{unit.unitCode}</small>
          {unit.derivedPlan && <small className="derived"> · {t('tree.derivedPlan', { plan: unit.derivedPlan.numberSymbol })}</small>}
        </th>
        <td>
          {t(`stage.${unit.stage}`)}
          {unit.stageStatus && <small> · {t(`stageStatus.${unit.stageStatus}`)}</small>}
        </td>
        <td>{formatDateTime(unit.dueAt)}</td>
        <td className="badges">
          {unit.overdue && <span className="badge overdue">{t('badge.overdue')}</span>}
          {unit.returned && (
            <span className="badge returned" title={unit.returnedReason}>
              {t('badge.returned')}
            </span>
          )}
          {unit.waitingFor === 'issuer' && <span className="badge waiting">{t('badge.awaitingDecision')}</span>}
          {unit.escalation && <span className="badge escalation">{t(`escalation.${unit.escalation}`)}</span>}
        </td>
        {actions && (
          <td>
            <StageActions plan={plan} unit={unit} />
          </td>
        )}
      </tr>
      {open && (
        <tr className="stages">
          <td colSpan={actions ? 5 : 4}>
            <ul>
              {unit.stages.map((stage) => (
                <li key={stage.id}>
                  <strong>{labelOf(stage)}</strong>: {t(`stageStatus.${stage.status}`)} · {t('tree.due')} {formatDateTime(stage.dueAt)}
                  {stage.submittedAt &&
                    ` · ${t('tree.submitted')} ${formatDateTime(stage.submittedAt)}${stage.late ? ` (${t('badge.late')})` : ''}`}
                  {stage.overdue && <span className="badge overdue">{t('badge.overdue')}</span>}
                  {stage.returnReason && (
                    <p className="reason">
                      {t('inbox.returnedBecause')}: {stage.returnReason}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}
