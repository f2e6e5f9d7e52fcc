import type { Deadline } from '../deadline.js';
import { scheduleSettingsProblems, timerInstant } from '../deadline-schedule.js';
import { DomainError } from '../errors.js';
import { MAX_PHASE_NAME_LENGTH } from '../limits.js';
import { escalationOf, remindersOf, type PlanDraft } from '../plan/draft.js';
import type { StageSpec } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Stage ids: the fixed stages, and "interim:<phase name>" for each phase's review (planStageDeadlines). */
export const STAGE_ID_MAX_LENGTH = 'interim:'.length + MAX_PHASE_NAME_LENGTH;
// eslint-disable-next-line no-control-regex -- a phase name may hold any character but a control character
const STAGE_ID = /^(?:derived-plan|registration|final-review|nomination|interim:[^\u0000-\u001F\u007F]+)$/;
export const STAGE_ID_EXAMPLES = 'registration, derived-plan, interim:Đợt 1, final-review, nomination';
export const isStageId = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= STAGE_ID_MAX_LENGTH && STAGE_ID.test(value);

/** The deadline of every stage a unit's task can have in this plan, by stage id (a derived plan is due with the registration). */
export function planStageDeadlines(plan: PlanDraft): Record<string, Deadline> {
  const { registration, interimReviews, finalReview, nomination } = plan.milestones;
  const cascadeDue = registration ?? interimReviews[0]?.deadline ?? finalReview;
  return Object.fromEntries(
    [
      ['derived-plan', cascadeDue],
      ['registration', registration],
      ...interimReviews.map(({ phase, deadline }) => [`interim:${phase}`, deadline] as const),
      ['final-review', finalReview],
      ['nomination', nomination],
    ].filter((entry): entry is [string, Deadline] => entry[1] !== undefined),
  );
}

/**
 * The stages of one recipient's task, from the plan's milestones. Only units that implement the plan get a task;
 * those the plan is reported to or sent for information do not. A unit with units below it must first issue its
 * derived plan (cascade), due with the registration. Registration and the derived plan open at launch; each review
 * and the nomination open with the first reminder before their deadline, when the unit is expected to start on them.
 */
export function stagesFor(plan: PlanDraft, unitCode: string, hasUnitsBelow: boolean, launchedAt: string): StageSpec[] {
  const recipient = plan.recipients.find((r) => r.unitCode === unitCode);
  if (recipient?.role !== 'implement') return [];
  // Runs when a launched plan starts (or replays) its tasks, so a plan validated under earlier bounds must still pass:
  // only settings of no usable form are refused here, with a reason rather than an invalid instant.
  const problems = scheduleSettingsProblems(remindersOf(plan), escalationOf(plan), 'recorded');
  if (problems.length > 0) throw new DomainError('INVALID_SCHEDULE', problems.map((p) => p.message).join('; '));
  const launched = Date.parse(launchedAt);
  const window = Math.max(0, ...remindersOf(plan)) * DAY_MS;
  const deadlines = planStageDeadlines(plan);
  const stage = (id: string, spec: Omit<StageSpec, 'id' | 'opensAt' | 'dueAt'>, opensAtLaunch: boolean): StageSpec[] => {
    if (!deadlines[id]) return [];
    const due = timerInstant(deadlines[id]).getTime();
    return [
      {
        id,
        ...spec,
        opensAt: new Date(opensAtLaunch ? launched : Math.max(launched, due - window)).toISOString(),
        dueAt: new Date(due).toISOString(),
      },
    ];
  };
  return [
    ...(hasUnitsBelow ? stage('derived-plan', { kind: 'derived-plan' }, true) : []),
    ...stage('registration', { kind: 'registration' }, true),
    ...plan.milestones.interimReviews.flatMap(({ phase }) => stage(`interim:${phase}`, { kind: 'interim-review', phase }, false)),
    ...stage('final-review', { kind: 'final-review' }, false),
    ...stage('nomination', { kind: 'nomination' }, false),
  ];
}
