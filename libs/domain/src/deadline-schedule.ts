import { deadlineInstant, formatDeadline, type DeadlineInput } from './deadline.js';
import { DomainError } from './errors.js';
import { formatDate } from './calendar.js';
import {
  isRepresentable,
  isWithinPlanInstants,
  isWithinTimeFrame,
  MAX_ESCALATION_DAYS,
  MAX_REMINDER_DAYS,
  MAX_REMINDERS,
  PLAN_DATE_MAX,
  PLAN_DATE_MIN,
  REPRESENTABLE_INSTANTS,
  type Checks,
  type TimeFrame,
} from './limits.js';

/**
 * The timers around one deadline: reminders before it (đôn đốc, nhắc nhở) and a missed deadline's
 * escalation after it: first to the unit, then to its head, then to the issuing board, which sees the
 * unit as overdue. The workflow sleeps until each point; this module only computes them.
 */
/** Days after a missed deadline at which each level is told: the unit, its head, the issuing board. */
export type Escalation = Record<'unit' | 'head' | 'board', number>;
export type EscalationLevel = keyof Escalation;

export const DEFAULT_REMINDERS: readonly number[] = [7, 1];
export const DEFAULT_ESCALATION: Readonly<Escalation> = { unit: 0, head: 3, board: 7 };
/** The ladder, in the order its levels are told. */
export const ESCALATION_LEVELS: readonly EscalationLevel[] = ['unit', 'head', 'board'];

export type TimerPoint = {
  /** ISO instant (UTC). */
  at: string;
  /** Days relative to the deadline: negative before it (reminders), zero or positive after it (escalation). */
  offsetDays: number;
} & ({ kind: 'reminder' } | { kind: 'escalation'; level: EscalationLevel });

// Vietnam has no daylight saving, so a day is always 24 hours and "N days before" is plain arithmetic.
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Problems with reminder and escalation settings, each naming its field; shared with plan validation. Their form
 * (whole days, unique reminders, escalation in order) always; with 'new-input' (a new plan) also the product's bounds.
 */
export function scheduleSettingsProblems(
  reminders: readonly number[],
  escalation: Escalation,
  checks: Checks = 'new-input',
): { field: string; message: string }[] {
  const bounded = checks === 'new-input';
  const problems: { field: string; message: string }[] = [];
  if (bounded && reminders.length > MAX_REMINDERS)
    problems.push({ field: 'reminders', message: `reminders lists ${reminders.length} offsets; give at most ${MAX_REMINDERS}` });
  reminders.forEach((days, i) => {
    if (!Number.isInteger(days) || days < 1 || (bounded && days > MAX_REMINDER_DAYS)) {
      problems.push({
        field: `reminders[${i}]`,
        message: `reminders[${i}] (${days}) must be a whole number of days before the deadline, from 1 to ${MAX_REMINDER_DAYS}`,
      });
    } else if (reminders.indexOf(days) !== i) {
      problems.push({ field: `reminders[${i}]`, message: `reminders[${i}] repeats ${days} days; each reminder offset may appear once` });
    }
  });
  for (const level of ESCALATION_LEVELS) {
    const days = escalation[level];
    if (!Number.isInteger(days) || days < 0 || (bounded && days > MAX_ESCALATION_DAYS)) {
      problems.push({
        field: `escalation.${level}`,
        message: `escalation.${level} (${days}) must be a whole number of days after the deadline, from 0 to ${MAX_ESCALATION_DAYS}`,
      });
    }
  }
  if (problems.length === 0 && !(escalation.unit <= escalation.head && escalation.head <= escalation.board)) {
    problems.push({
      field: 'escalation',
      message: `escalation must reach the unit, then its head, then the board: unit (${escalation.unit}) ≤ head (${escalation.head}) ≤ board (${escalation.board}) days`,
    });
  }
  return problems;
}

/**
 * Timer points in time order. Reminders already in the past at `now` are dropped (a late reminder
 * is noise); escalations are kept even when past, because a workflow that starts late must still
 * escalate (a timer in the past fires at once). This is the timer path of running plans, so it holds the settings
 * to their form and every point to REPRESENTABLE_INSTANTS only, never to the product's bounds (limits.ts).
 */
export function deadlineSchedule(
  deadline: DeadlineInput,
  options: { reminders?: readonly number[]; escalation?: Escalation; now?: Date | string } = {},
): TimerPoint[] {
  const reminders = options.reminders ?? DEFAULT_REMINDERS;
  const escalation = options.escalation ?? DEFAULT_ESCALATION;
  const problems = scheduleSettingsProblems(reminders, escalation, 'recorded');
  if (problems.length > 0) throw new DomainError('INVALID_SCHEDULE', problems.map((p) => p.message).join('; '));

  const due = timerInstant(deadline).getTime();
  const now = options.now === undefined ? undefined : new Date(options.now).getTime();
  const at = (offsetDays: number) => timerInstant(new Date(due + offsetDays * DAY_MS)).toISOString();

  const points: TimerPoint[] = [
    ...[...reminders]
      .sort((a, b) => b - a)
      .filter((days) => now === undefined || due - days * DAY_MS >= now)
      .map((days): TimerPoint => ({ at: at(-days), kind: 'reminder', offsetDays: -days })),
    ...ESCALATION_LEVELS.map((level): TimerPoint => ({
      at: at(escalation[level]),
      kind: 'escalation',
      level,
      offsetDays: escalation[level],
    })),
  ];
  // Stable sort: equal instants keep reminder, unit, head, board order.
  return points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** What an extension (gia hạn) records; the reason travels with it for the auditor. */
export interface DeadlineExtension {
  previous: string;
  deadline: string;
  reason: string;
}

/**
 * The instant of a timer: one the system can represent (REPRESENTABLE_INSTANTS). Refused otherwise with a reason
 * (INSTANT_NOT_REPRESENTABLE), so that such a value stops its task once rather than failing its timers forever.
 */
export function timerInstant(deadline: DeadlineInput): Date {
  const instant = deadlineInstant(deadline);
  if (!isRepresentable(instant)) {
    const shown = Number.isNaN(instant.getTime()) ? 'not a valid instant' : instant.toISOString();
    throw new DomainError(
      'INSTANT_NOT_REPRESENTABLE',
      `A timer instant (${shown}) must fall between ${REPRESENTABLE_INSTANTS.start.toISOString()} and ${REPRESENTABLE_INSTANTS.end.toISOString()}`,
    );
  }
  return instant;
}

/** The instant of a new deadline: within the plan years (limits.ts), the product's bound for new input. */
export function plannableInstant(deadline: DeadlineInput): Date {
  const instant = deadlineInstant(deadline);
  if (!isWithinPlanInstants(instant)) {
    const shown = Number.isNaN(instant.getTime()) ? 'not a valid instant' : formatDeadline(instant);
    throw new DomainError(
      'DEADLINE_OUT_OF_RANGE',
      `The deadline (${shown}) must fall between ${formatDate(PLAN_DATE_MIN)} and ${formatDate(PLAN_DATE_MAX)}`,
    );
  }
  return instant;
}

/**
 * An extension must move the deadline later (and, when `now` is given, into the future) and say why. As new input
 * (`checks`, by default) it must fall in the plan years and, given the plan's `timeFrame`, stay inside it, as the
 * plan's milestones do (MILESTONE_OUTSIDE_TIME_FRAME); as recorded input it need only be representable.
 */
export function extendDeadline(
  current: DeadlineInput,
  next: DeadlineInput,
  reason: string,
  options: { now?: Date | string; timeFrame?: TimeFrame; checks?: Checks } = {},
): DeadlineExtension {
  const { now, timeFrame, checks = 'new-input' } = options;
  const from = deadlineInstant(current);
  const to = checks === 'new-input' ? plannableInstant(next) : timerInstant(next);
  if (!reason?.trim()) {
    throw new DomainError('EXTENSION_REASON_REQUIRED', 'Give a reason for extending the deadline; units and auditors will see it');
  }
  if (to.getTime() <= from.getTime()) {
    throw new DomainError(
      'EXTENSION_NOT_LATER',
      `The new deadline (${formatDeadline(next)}) must be later than the current one (${formatDeadline(current)}); an extension cannot shorten a deadline`,
    );
  }
  if (now !== undefined && to.getTime() <= new Date(now).getTime()) {
    throw new DomainError('EXTENSION_IN_PAST', `The new deadline (${formatDeadline(next)}) has already passed; choose a later one`);
  }
  if (timeFrame && checks === 'new-input') checkWithinTimeFrame(to, timeFrame);
  return { previous: from.toISOString(), deadline: to.toISOString(), reason: reason.trim() };
}

/** The rule a plan's milestones follow, for a deadline moved later: it stays inside the plan's time frame. */
export function checkWithinTimeFrame(deadline: Date, timeFrame: TimeFrame): void {
  if (!isWithinTimeFrame(deadline, timeFrame)) {
    throw new DomainError(
      'EXTENSION_OUTSIDE_TIME_FRAME',
      `The new deadline (${formatDeadline(deadline)}) falls outside the plan's time frame (${formatDate(timeFrame.from)} – ${formatDate(timeFrame.to)}); a deadline cannot move past the plan's end`,
    );
  }
}
