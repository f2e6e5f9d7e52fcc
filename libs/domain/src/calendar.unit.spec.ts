import { endOfVietnamDay, formatVietnamDateTime, instantProblem, parseDeadline, parseInstant, startOfVietnamDay } from '#domain';

describe('Vietnam calendar deadlines', () => {
  it('"trước ngày 28/4/2022" closes at 00:00 on 28/4 Vietnam time', () => {
    expect(startOfVietnamDay('2022-04-28').toISOString()).toBe('2022-04-27T17:00:00.000Z');
  });

  it('"hết ngày 30/11/2022" closes at the end of 30/11 Vietnam time', () => {
    expect(endOfVietnamDay('2022-11-30').toISOString()).toBe('2022-11-30T17:00:00.000Z');
  });

  it('reads a plain date as the end of that day and a zoned date-time as given', () => {
    expect(parseDeadline('2022-11-30').toISOString()).toBe('2022-11-30T17:00:00.000Z');
    expect(parseDeadline('2022-04-28T00:00:00+07:00').toISOString()).toBe('2022-04-27T17:00:00.000Z');
  });

  it.each(['2022-02-31', '2022-13-01', '28/04/2022', '2022-04-28T00:00:00', 'soon'])('refuses %s with a message', (value) => {
    expect(() => parseDeadline(value)).toThrow(/is not|does not exist/);
  });

  it.each([
    ['an ISO week date', '2027-W10-1T00:00:00Z'],
    ['an ordinal date', '2027-100T00:00:00Z'],
    ['a compact date-time', '20270101T000000Z'],
    ['a time without its zone offset (read in the server zone otherwise)', '2027-01-01T10:00:00'],
    ['hour 24', '2022-04-28T24:00:00+07:00'],
    ['an offset beyond ±14:00', '2022-04-28T10:00:00+25:00'],
    ['a day that does not exist', '2022-02-30T10:00:00Z'],
  ])('an instant is only a calendar date-time with its zone offset: refuses %s', (_, value) => {
    expect(instantProblem(value)).toMatch(/zone offset|does not exist/);
    expect(() => parseInstant(value)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
    expect(() => parseDeadline(value)).toThrow(/is not a deadline|does not exist/);
  });

  it('reads an instant with its offset exactly, whatever the server zone', () => {
    expect(parseInstant('2027-03-08T10:00:00+07:00').toISOString()).toBe('2027-03-08T03:00:00.000Z');
    expect(parseInstant('2027-03-08T03:00Z').toISOString()).toBe('2027-03-08T03:00:00.000Z');
    expect(parseInstant('2027-03-08T03:00:00.123456Z').toISOString()).toBe('2027-03-08T03:00:00.123Z');
    expect(instantProblem(42)).toMatch(/must be an ISO 8601 date-time with its zone offset/);
  });

  it('formats instants as dd/mm/yyyy HH:mm in Vietnam time', () => {
    expect(formatVietnamDateTime('2022-04-27T17:00:00.000Z')).toBe('28/04/2022 00:00');
  });
});
