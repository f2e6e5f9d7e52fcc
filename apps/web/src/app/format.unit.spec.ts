import { dayMonthYear, formatDate, formatDateTime, parseDayMonthYear, vietnamDayAndTime, vietnamInstant } from './format';

describe('dates in the web app', () => {
  it('shows days and instants as dd/mm/yyyy in Vietnam time, whatever the zone of the instant', () => {
    expect(formatDate('2022-04-28')).toBe('28/04/2022');
    expect(formatDate('2022-04-27T17:30:00Z')).toBe('28/04/2022'); // 00:30 on the 28th in Vietnam
    expect(formatDateTime('2022-04-27T17:30:00Z')).toBe('28/04/2022 00:30');
    expect(formatDate(undefined)).toBe('—');
  });

  it('reads dd/mm/yyyy as typed, refusing days that do not exist', () => {
    expect(parseDayMonthYear('8/4/2022')).toBe('2022-04-08');
    expect(parseDayMonthYear(' 28/04/2022 ')).toBe('2022-04-28');
    expect(parseDayMonthYear('31/02/2022')).toBeUndefined();
    expect(parseDayMonthYear('28/04/202')).toBeUndefined();
    expect(parseDayMonthYear('2022-04-28')).toBeUndefined();
    expect(dayMonthYear('2022-04-08')).toBe('08/04/2022');
    expect(dayMonthYear('')).toBe('');
  });

  it('turns a typed Vietnam day and time into an instant with its zone, and back', () => {
    expect(vietnamInstant('2022-04-28', '16:00')).toBe('2022-04-28T16:00:00+07:00');
    expect(new Date(vietnamInstant('2022-04-28', '00:00:30')).toISOString()).toBe('2022-04-27T17:00:30.000Z');
    expect(vietnamDayAndTime('2022-04-27T17:30:00Z')).toEqual({ date: '2022-04-28', time: '00:30' });
  });
});
