import type { PlanDraft } from '#domain';

/**
 * The fields a plan document carries, in a stable order: ids (parentPlanId, a basis's planId) and schedule settings
 * (reminders, escalation) live only in the system, and recipients are compared by unit code.
 */
export function documentFields({ parentPlanId: _p, reminders: _r, escalation: _e, bases, recipients, ...rest }: PlanDraft) {
  return { ...rest, bases: bases.map(({ planId: _id, ...basis }) => basis), recipients: [...recipients].sort((a, b) => a.unitCode.localeCompare(b.unitCode)) };
}
