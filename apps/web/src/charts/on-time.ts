/**
 * Of a unit's stages that have fallen due (or were submitted), the share (%) submitted on time; a stage past its
 * deadline with nothing submitted counts as late, as does one submitted after it. Undefined while nothing is due.
 */
export function onTimeRate(
  stages: readonly { dueAt: string; submittedAt?: string; late?: boolean }[],
  now = Date.now(),
): number | undefined {
  const due = stages.filter((s) => Boolean(s.submittedAt) || Date.parse(s.dueAt) <= now);
  if (due.length === 0) return undefined;
  return Math.round((100 * due.filter((s) => s.submittedAt && !s.late).length) / due.length);
}
