import { deadlineInstant, type Deadline } from './deadline.js';
import { remindersOf, type PlanDraft } from './plan-model.js';
import type { StageSpec } from './unit-lifecycle.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The stages of one recipient's task, from the plan's milestones. Only units that implement the plan get a task;
 * those the plan is reported to or sent for information do not. A unit with units below it must first issue its
 * derived plan (cascade), due with the registration. Registration and the derived plan open at launch; each review
 * and the nomination open with the first reminder before their deadline, when the unit is expected to start on them.
 */
export function stagesFor(plan: PlanDraft, unitCode: string, hasUnitsBelow: boolean, launchedAt: string): StageSpec[] {
  const recipient = plan.recipients.find((r) => r.unitCode === unitCode);
  if (recipient?.role !== 'implement') return [];
  const launched = Date.parse(launchedAt);
  const window = Math.max(0, ...remindersOf(plan)) * DAY_MS;
  const stage = (spec: Omit<StageSpec, 'opensAt' | 'dueAt'>, deadline: Deadline, opensAtLaunch: boolean): StageSpec => {
    const due = deadlineInstant(deadline).getTime();
    return { ...spec, opensAt: new Date(opensAtLaunch ? launched : Math.max(launched, due - window)).toISOString(), dueAt: new Date(due).toISOString() };
  };
  const { registration, interimReviews, finalReview, nomination } = plan.milestones;
  const cascadeDue = registration ?? interimReviews[0]?.deadline ?? finalReview;
  return [
    ...(hasUnitsBelow && cascadeDue ? [stage({ id: 'derived-plan', kind: 'derived-plan' }, cascadeDue, true)] : []),
    ...(registration ? [stage({ id: 'registration', kind: 'registration' }, registration, true)] : []),
    ...interimReviews.map(({ phase, deadline }) => stage({ id: `interim:${phase}`, kind: 'interim-review', phase }, deadline, false)),
    ...(finalReview ? [stage({ id: 'final-review', kind: 'final-review' }, finalReview, false)] : []),
    ...(nomination ? [stage({ id: 'nomination', kind: 'nomination' }, nomination, false)] : []),
  ];
}
