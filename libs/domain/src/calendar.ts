import { DomainError } from './errors.js';

/** Deadlines in the plans are Vietnamese calendar dates; Vietnam has used UTC+7 without DST since 1975. */
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * An instant as the API takes it: extended ISO 8601 calendar date and time with its zone offset. Week (2027-W10-1),
 * ordinal (2027-100) and compact (20270101T000000Z) forms, and a time without an offset (which JavaScript would read
 * in the server's zone), are not accepted.
 */
export const DATE_TIME_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const INSTANT_FORM = 'an ISO 8601 date-time with its zone offset, such as 2022-04-28T09:00:00+07:00 or 2022-04-28T02:00:00Z';

/** A calendar date (yyyy-mm-dd) that exists, e.g. not 2022-02-31. */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } {
  const match = DATE_ONLY.exec(value);
  if (!match) throw new DomainError('INVALID_DATE', `"${value}" is not a date in the form yyyy-mm-dd`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new DomainError('INVALID_DATE', `${value} does not exist in the calendar`);
  }
  return { year, month, day };
}

/** "trước ngày D": the deadline closes at 00:00 on D, Vietnam time. */
export function startOfVietnamDay(date: string): Date {
  const { year, month, day } = parseCalendarDate(date);
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** "hết ngày D": the deadline closes at the end of D, i.e. 00:00 on the next day, Vietnam time. */
export function endOfVietnamDay(date: string): Date {
  return new Date(startOfVietnamDay(date).getTime() + 24 * 60 * 60 * 1000);
}

/**
 * Reads a deadline as users give it to the API: a plain date means "hết ngày" (the whole day counts);
 * a date-time must carry its zone so that nothing depends on the server's clock zone.
 */
export function parseDeadline(value: string): Date {
  if (DATE_ONLY.test(value)) return endOfVietnamDay(value);
  if (!DATE_TIME_WITH_ZONE.test(value)) {
    throw new DomainError(
      'INVALID_DEADLINE',
      `"${value}" is not a deadline: give a date (2022-11-30, meaning until the end of that day in Vietnam) or a date-time with its zone (2022-04-28T00:00:00+07:00)`,
    );
  }
  return parseInstant(value);
}

/** Why `value` is not an instant the API takes (see DATE_TIME_WITH_ZONE), or undefined when it is one. */
export function instantProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be ${INSTANT_FORM}`;
  const match = DATE_TIME_WITH_ZONE.exec(value);
  if (!match) return `must be ${INSTANT_FORM}`;
  if (!isCalendarDate(match[1])) return `(${value}) names a day that does not exist in the calendar`;
  return undefined;
}

/** The instant `value` names; refuses anything but the one form of DATE_TIME_WITH_ZONE (INVALID_INSTANT). */
export function parseInstant(value: string): Date {
  const problem = instantProblem(value);
  if (problem) throw new DomainError('INVALID_INSTANT', `"${value.slice(0, 40)}" ${problem}`);
  return new Date(value);
}

/** dd/mm/yyyy HH:mm in Vietnam time, for messages shown to users. */
export function formatVietnamDateTime(instant: Date | string): string {
  const local = new Date(new Date(instant).getTime() + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** True when `value` is a real calendar date in the form yyyy-mm-dd. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
}

/** dd/mm/yyyy, the way Vietnamese documents and users write dates. */
export function formatDate(date: string): string {
  const { year, month, day } = parseCalendarDate(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** The Vietnamese calendar date (yyyy-mm-dd) on which an instant falls. */
export function vietnamDateOf(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
