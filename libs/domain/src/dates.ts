import { parseCalendarDate } from './calendar.js';

/**
 * Calendar-date helpers that calendar.ts does not have. Dates are plain 'yyyy-mm-dd' strings, which
 * compare correctly as strings; nothing here depends on the host's time zone or on Intl.
 */

const OFFSET_MS = 7 * 60 * 60 * 1000; // Vietnam: UTC+7, no daylight saving since 1975

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
