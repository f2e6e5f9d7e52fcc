import { canConfer, AWARDS, recipientsLabel } from '../awards.js';
import { formatDate, isCalendarDate } from '../calendar.js';
import { deadlineInstant, formatDeadline } from '../deadline.js';
import { isValidDeadline, milestoneEntries, type Milestones, type PlanDraft, type Recipient } from './draft.js';
import type { PlanContext, PlanProblem } from './validation.js';
import { childrenOf, type UnitHierarchy } from '../unit-hierarchy.js';
import type { Unit, UnitKind } from '../units.js';

/**
 * A derived plan is what a department issues to implement its parent ("Thực hiện Kế hoạch số
 * 119/KH-UBND …"). It inherits the parent's frame and may tighten its deadlines, never loosen them.
 */

const SIGNER_TITLE: Record<UnitKind, string> = { board: 'Chủ tịch', department: 'Giám đốc', division: 'Trưởng phòng' };

/**
 * Pre-fills a unit's derived plan. The number, signer's name and targets are left for the unit: they
 * are its own decisions, and validatePlan will point at whatever is still empty. Quotas start empty
 * because the parent's quotas are the parent's to award (validateDerived bounds what the unit sets).
 */
export function deriveDraft(parent: PlanDraft, parentId: string, unit: Unit, today: string, units: UnitHierarchy): PlanDraft {
  const issued = isCalendarDate(parent.issuedOn) ? ` ngày ${formatDate(parent.issuedOn)}` : '';
  const recipients: Recipient[] = [
    ...childrenOf(units, unit.code).map((child): Recipient => ({ unitCode: child.code, role: 'implement' })),
    // The seed plans send their derived plan back to the board that issued the parent (Nơi nhận: Ban TĐKT tỉnh).
    ...(parent.issuingUnit !== unit.code ? [{ unitCode: parent.issuingUnit, role: 'report-to' as const }] : []),
  ];
  return {
    numberSymbol: '',
    place: parent.place,
    issuedOn: today,
    issuingUnit: unit.code,
    signer: { name: '', title: SIGNER_TITLE[unit.kind] },
    title: `Kế hoạch thực hiện Kế hoạch số ${parent.numberSymbol}${issued}: ${parent.title} tại ${unit.name}`,
    movement: parent.movement,
    kind: parent.kind,
    bases: [{ kind: 'plan', numberSymbol: parent.numberSymbol, issuedOn: parent.issuedOn, issuer: parent.issuingUnit, planId: parentId }],
    parentPlanId: parentId,
    timeFrame: { ...parent.timeFrame },
    phases: parent.phases.map((phase) => ({ ...phase })),
    milestones: copyMilestones(parent.milestones),
    targets: [],
    quotas: [],
    recipients,
    ...(parent.reminders ? { reminders: [...parent.reminders] } : {}),
    ...(parent.escalation ? { escalation: { ...parent.escalation } } : {}),
  };
}

// Plain copies rather than structuredClone, which Temporal's workflow sandbox does not guarantee.
function copyMilestones({ registration, interimReviews, finalReview, nomination }: Milestones): Milestones {
  return {
    ...(registration ? { registration: { ...registration } } : {}),
    interimReviews: interimReviews.map(({ phase, deadline }) => ({ phase, deadline: { ...deadline } })),
    ...(finalReview ? { finalReview: { ...finalReview } } : {}),
    ...(nomination ? { nomination: { ...nomination } } : {}),
  };
}

/**
 * What a derived plan may not do to its parent: close a deadline later than the parent's matching
 * one (compared as instants, so "trước ngày 28/4" equals "hết ngày 27/4"), or hand out more of an
 * award the parent's issuer confers than the parent allots. `context` is as of the child's issue date.
 */
export function validateDerived(child: PlanDraft, parent: PlanDraft, { units, ruleSet }: PlanContext): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const error = (field: string, code: string, message: string) => problems.push({ severity: 'error', field, code, message });

  if (child.parentPlanId === undefined)
    error('parentPlanId', 'REQUIRED', 'parentPlanId is empty; a derived plan must name the plan it implements');
  const implementers = parent.recipients.filter((r) => r.role === 'implement').map((r) => r.unitCode);
  if (!implementers.includes(child.issuingUnit)) {
    error(
      'issuingUnit',
      'NOT_A_RECIPIENT',
      `issuingUnit ${child.issuingUnit} is not one of the units that implement the parent plan ${parent.numberSymbol} (${implementers.join(', ') || 'none'}); derive from the plan your unit received`,
    );
  }
  if (isCalendarDate(child.issuedOn) && isCalendarDate(parent.issuedOn) && child.issuedOn < parent.issuedOn) {
    error(
      'issuedOn',
      'ISSUED_BEFORE_PARENT',
      `issuedOn (${formatDate(child.issuedOn)}) is before the parent plan ${parent.numberSymbol} was issued (${formatDate(parent.issuedOn)})`,
    );
  }
  if (child.movement?.trim() !== parent.movement?.trim()) {
    problems.push({
      severity: 'warning',
      field: 'movement',
      code: 'MOVEMENT_DIFFERS',
      message: `movement ("${child.movement}") differs from the parent plan's ("${parent.movement}"); a derived plan carries the same movement`,
    });
  }

  const parentDeadlines = new Map(
    milestoneEntries(parent.milestones)
      .filter((e) => isValidDeadline(e.deadline))
      .map((e) => [e.key, e]),
  );
  for (const entry of milestoneEntries(child.milestones)) {
    const theirs = parentDeadlines.get(entry.key);
    if (!theirs || !isValidDeadline(entry.deadline)) continue; // validatePlan reports malformed deadlines
    if (deadlineInstant(entry.deadline).getTime() > deadlineInstant(theirs.deadline).getTime()) {
      error(
        entry.field,
        'DEADLINE_AFTER_PARENT',
        `${entry.field} (${formatDeadline(entry.deadline)}) falls after the parent plan's ${theirs.label} (${formatDeadline(theirs.deadline)}); set it on or before the parent's`,
      );
    }
  }

  const parentIssuer = units.units.get(parent.issuingUnit);
  if (!parentIssuer) {
    error(
      'parentPlanId',
      'UNKNOWN_UNIT',
      `The parent plan's issuing unit ${parent.issuingUnit} did not exist on ${formatDate(units.asOf)}, so its quotas cannot be checked`,
    );
    return problems;
  }
  child.quotas.forEach((quota, i) => {
    // Only awards decided at the parent's level are rationed by the parent's quotas; what the child
    // confers itself is the child's own decision. No parent quota for an award means no limit.
    if (!canConfer(parentIssuer.kind, quota.award, ruleSet)) return;
    const allotted = parent.quotas.find((q) => q.award === quota.award && q.recipientKind === quota.recipientKind);
    if (allotted && quota.count > allotted.count) {
      error(
        `quotas[${i}].count`,
        'QUOTA_ABOVE_PARENT',
        `quotas[${i}]: ${quota.count} ${recipientsLabel(quota.recipientKind)} for ${AWARDS[quota.award].name} exceeds the parent plan's quota of ${allotted.count}; ${parentIssuer.code} confers this award and allots at most ${allotted.count}`,
      );
    }
  });
  return problems;
}
