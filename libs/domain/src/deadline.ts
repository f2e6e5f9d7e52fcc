import { endOfVietnamDay, formatDate, formatVietnamDateTime, parseDeadline, startOfVietnamDay } from './calendar.js';

/**
 * A deadline as the plans word it: "trước ngày 28/4/2022" closes at 00:00 on 28/4 ('before');
 * "hết ngày 30/11/2022" closes at the end of 30/11 ('end-of-day'); "trước 16 giờ 00 ngày 20/5/2022", common
 * for urgent reports, closes at that time ('at', with `time` HH:mm or HH:mm:ss). All in Vietnam time.
 */
export type DeadlineRule = 'before' | 'end-of-day' | 'at';
export interface Deadline {
  date: string;
  rule: DeadlineRule;
  /** With rule 'at': the time of day, Vietnam time. */
  time?: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** A time of day HH:mm or HH:mm:ss, in milliseconds since midnight; undefined when malformed. */
export function timeOfDayMs(time: string | undefined): number | undefined {
  const match = TIME.exec(time ?? '');
  return match ? ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3] ?? 0)) * 1000 : undefined;
}

/** Whatever a caller may hold for a deadline: the plan's wording, an instant, or an API string. */
export type DeadlineInput = Deadline | Date | string;

/** The instant a deadline closes. Strings are read like the API reads them (calendar.ts parseDeadline). */
export function deadlineInstant(deadline: DeadlineInput): Date {
  if (deadline instanceof Date) return new Date(deadline.getTime());
  if (typeof deadline === 'string') return parseDeadline(deadline);
  if (deadline.rule === 'at') return new Date(startOfVietnamDay(deadline.date).getTime() + (timeOfDayMs(deadline.time) ?? Number.NaN));
  return deadline.rule === 'before' ? startOfVietnamDay(deadline.date) : endOfVietnamDay(deadline.date);
}

/**
 * For messages. "hết ngày 30/11" is shown as "30/11/2022 24:00" rather than "01/12/2022 00:00": the
 * same instant, but written on the day the plan names, as Vietnamese documents do ("24 giờ ngày …").
 */
export function formatDeadline(deadline: DeadlineInput): string {
  if (deadline instanceof Date || typeof deadline === 'string') return formatVietnamDateTime(deadlineInstant(deadline));
  return `${formatDate(deadline.date)} ${deadline.rule === 'before' ? '00:00' : deadline.rule === 'at' ? deadline.time : '24:00'}`;
}
