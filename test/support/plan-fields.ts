import type { PlanDraft } from '#domain';

/**
 * The fields a plan document carries, in a stable order: ids (parentPlanId, a basis's planId) and schedule settings
 * (reminders, escalation) live only in the system, and recipients are compared by unit code.
 */
export function documentFields({ parentPlanId: _p, reminders: _r, escalation: _e, bases, recipients, ...rest }: PlanDraft) {
  return {
    ...rest,
    bases: bases.map(({ planId: _id, ...basis }) => basis),
    recipients: [...recipients].sort((a, b) => a.unitCode.localeCompare(b.unitCode)),
  };
}

/** An instant's Vietnam date (yyyy-mm-dd, and dd/mm/yyyy as typed) and time (hh:mm:ss): deadlines a test can pass. */
export function vietnamClock(instant: Date) {
  const local = new Date(instant.getTime() + 7 * 3600 * 1000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 19), day: local.slice(0, 10).split('-').reverse().join('/') };
}
