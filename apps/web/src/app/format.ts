/** Dates as Vietnamese offices write them (dd/mm/yyyy), always in Vietnam time, whatever the browser's zone. */
const ZONE = 'Asia/Ho_Chi_Minh';
const parts = (iso: string | Date, withTime: boolean) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );

export function formatDate(iso: string | Date | undefined): string {
  if (!iso) return '—';
  // A calendar date (yyyy-mm-dd) is a day, not an instant: no zone shift.
  if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.split('-').reverse().join('/');
  const p = parts(iso, false);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(iso: string | Date | undefined): string {
  if (!iso) return '—';
  const p = parts(iso, true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A date and time typed in Vietnam time (date yyyy-mm-dd, time hh:mm[:ss]) as an ISO instant with its zone. */
export const vietnamInstant = (date: string, time: string) => `${date}T${time.length === 5 ? `${time}:00` : time}+07:00`;

/** Today in Vietnam, yyyy-mm-dd (for date inputs). */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
