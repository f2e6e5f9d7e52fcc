import { endOfVietnamDay, startOfVietnamDay } from './calendar.js';

/**
 * The bounds of every number that becomes a date, a duration or a count. Each keeps a plan inside what the
 * system can run: every deadline, reminder and escalation an instant a Date and a Temporal timer can hold,
 * every count a safe integer far from overflow. One definition, used by the domain's checks and the API's DTOs.
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
export const timeFrameDays = ({ from, to }: TimeFrame): number => Math.round((startOfVietnamDay(to).getTime() - startOfVietnamDay(from).getTime()) / DAY_MS) + 1;

/** Whether an instant falls inside the time frame: from 00:00 of its first day to 24:00 of its last, Vietnam time. */
export const isWithinTimeFrame = (instant: Date, { from, to }: TimeFrame): boolean =>
  instant.getTime() >= startOfVietnamDay(from).getTime() && instant.getTime() <= endOfVietnamDay(to).getTime();

/** Whether an instant is one a plan can hold (see PLAN_INSTANTS); false for an invalid Date. */
export const isWithinPlanInstants = (instant: Date): boolean =>
  instant.getTime() >= PLAN_INSTANTS.start.getTime() && instant.getTime() <= PLAN_INSTANTS.end.getTime();
