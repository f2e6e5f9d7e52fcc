import { endOfVietnamDay, startOfVietnamDay } from './calendar.js';

/**
 * The bounds of every number that becomes a date, a duration or a count, for NEW input: plan validation, the API's
 * DTOs and the validators of the updates people send. They are product rules and may change; a running plan's timers
 * are held only to REPRESENTABLE_INSTANTS, so that a bound added or tightened later never fails a plan launched before.
 */

/** Plan dates (issue date, time frame, phases, deadlines) fall in these years: this century's movements. */
export const PLAN_DATE_MIN = '2000-01-01';
export const PLAN_DATE_MAX = '2099-12-31';
/** A time frame is at most five years long (in days): a movement's longest period, a stage such as 2021–2025. */
export const MAX_TIME_FRAME_DAYS = 5 * 366;
/** Reminders come at most a year before a deadline, and escalations at most a year after it. */
export const MAX_REMINDER_DAYS = 365;
export const MAX_ESCALATION_DAYS = 365;
/** Reminder offsets per plan: a handful is what a person can act on. */
export const MAX_REMINDERS = 10;
/** A quota is a number of awards: a province's largest (certificates of merit) are in the hundreds. */
export const MAX_QUOTA_COUNT = 10_000;
/** A count target counts people, units or works: never more than Vietnam's population. */
export const MAX_TARGET_COUNT = 100_000_000;
/** A phase's name, also the tail of an interim stage's id ("interim:Đợt 1"). */
export const MAX_PHASE_NAME_LENGTH = 100;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A plan date inside [PLAN_DATE_MIN, PLAN_DATE_MAX]; dates compare as strings. */
export const isWithinPlanYears = (date: string): boolean => date >= PLAN_DATE_MIN && date <= PLAN_DATE_MAX;

/** The first instant of PLAN_DATE_MIN to the last of PLAN_DATE_MAX, Vietnam time. */
export const PLAN_INSTANTS = { start: startOfVietnamDay(PLAN_DATE_MIN), end: endOfVietnamDay(PLAN_DATE_MAX) } as const;

/** A plan's time frame, both days inclusive. */
export interface TimeFrame {
  from: string;
  to: string;
}

/** Days in a time frame, both ends counted. */
export const timeFrameDays = ({ from, to }: TimeFrame): number =>
  Math.round((startOfVietnamDay(to).getTime() - startOfVietnamDay(from).getTime()) / DAY_MS) + 1;

/** Whether an instant falls inside the time frame: from 00:00 of its first day to 24:00 of its last, Vietnam time. */
export const isWithinTimeFrame = (instant: Date, { from, to }: TimeFrame): boolean =>
  instant.getTime() >= startOfVietnamDay(from).getTime() && instant.getTime() <= endOfVietnamDay(to).getTime();

/**
 * The instants the system can hold at all, whatever the product's bounds: ISO 8601's four-digit years, which the
 * record writes (toISOString) and the instant parser reads back, and which a Temporal timer can wait for from any
 * time now (its protobuf Duration holds up to 10,000 years). The only bound the timer path of a running plan applies.
 */
export const REPRESENTABLE_INSTANTS = { start: new Date('0000-01-01T00:00:00.000Z'), end: new Date('9999-12-31T23:59:59.999Z') } as const;

/** Whether an instant is within REPRESENTABLE_INSTANTS; false for an invalid Date. */
export const isRepresentable = (instant: Date): boolean =>
  instant.getTime() >= REPRESENTABLE_INSTANTS.start.getTime() && instant.getTime() <= REPRESENTABLE_INSTANTS.end.getTime();

/** Whether an instant is one a plan can hold (see PLAN_INSTANTS); false for an invalid Date. */
export const isWithinPlanInstants = (instant: Date): boolean =>
  instant.getTime() >= PLAN_INSTANTS.start.getTime() && instant.getTime() <= PLAN_INSTANTS.end.getTime();

/**
 * The checks a decision applies. 'new-input' (the default): a command a person sends now, held to the product's
 * bounds above. 'recorded': a command a workflow handler applies, either after its update validator has checked it
 * as new input or while replaying a history accepted under earlier bounds; only what cannot be represented is refused,
 * so that a bound added later changes no recorded decision.
 */
export type Checks = 'new-input' | 'recorded';
