import { endOfVietnamDay, formatVietnamDateTime, parseDeadline, startOfVietnamDay } from './calendar.js';
import { formatDate } from './dates.js';

/**
 * A deadline as the plans word it: "trước ngày 28/4/2022" closes at 00:00 on 28/4 ('before');
 * "hết ngày 30/11/2022" closes at the end of 30/11 ('end-of-day'). Both in Vietnam time.
 */
export type DeadlineRule = 'before' | 'end-of-day';
export interface Deadline {
  date: string;
  rule: DeadlineRule;
}

/** Whatever a caller may hold for a deadline: the plan's wording, an instant, or an API string. */
export type DeadlineInput = Deadline | Date | string;

/** The instant a deadline closes. Strings are read like the API reads them (calendar.ts parseDeadline). */
export function deadlineInstant(deadline: DeadlineInput): Date {
  if (deadline instanceof Date) return new Date(deadline.getTime());
  if (typeof deadline === 'string') return parseDeadline(deadline);
  return deadline.rule === 'before' ? startOfVietnamDay(deadline.date) : endOfVietnamDay(deadline.date);
}

/**
 * For messages. "hết ngày 30/11" is shown as "30/11/2022 24:00" rather than "01/12/2022 00:00": the
 * same instant, but written on the day the plan names, as Vietnamese documents do ("24 giờ ngày …").
 */
export function formatDeadline(deadline: DeadlineInput): string {
  if (deadline instanceof Date || typeof deadline === 'string') return formatVietnamDateTime(deadlineInstant(deadline));
  return `${formatDate(deadline.date)} ${deadline.rule === 'before' ? '00:00' : '24:00'}`;
}
