import { formatDate as formatCalendarDate, formatVietnamDateTime, isCalendarDate, vietnamDateOf } from '#domain';

/** Dates as Vietnamese offices write them (dd/mm/yyyy), in Vietnam time whatever the browser's zone: the domain's. */
export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  // A calendar date (yyyy-mm-dd) is a day, not an instant: no zone shift.
  return formatCalendarDate(isCalendarDate(value) ? value : vietnamDateOf(value));
}

export const formatDateTime = (instant: string | undefined): string => (instant ? formatVietnamDateTime(instant) : '—');

/** A date and time typed in Vietnam time (date yyyy-mm-dd, time hh:mm[:ss]) as an ISO instant with its zone. */
export const vietnamInstant = (date: string, time: string) => `${date}T${time.length === 5 ? `${time}:00` : time}+07:00`;

/** Today in Vietnam, yyyy-mm-dd. */
export const vietnamToday = () => vietnamDateOf(new Date());

/** An instant's day (yyyy-mm-dd) and time (hh:mm) in Vietnam, to fill a deadline's fields. */
export function vietnamDayAndTime(instant: string): { date: string; time: string } {
  return { date: vietnamDateOf(instant), time: formatVietnamDateTime(instant).slice(11) };
}

/** dd/mm/yyyy as typed → yyyy-mm-dd, or undefined when it is not a real day. */
export function parseDayMonthYear(text: string): string | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/** yyyy-mm-dd → dd/mm/yyyy for a text field; '' stays ''. */
export const dayMonthYear = (iso: string) => (iso ? formatCalendarDate(iso) : '');
