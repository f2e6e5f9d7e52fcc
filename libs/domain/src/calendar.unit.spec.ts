import { endOfVietnamDay, formatVietnamDateTime, parseDeadline, startOfVietnamDay } from '#domain';

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

  it('formats instants as dd/mm/yyyy HH:mm in Vietnam time', () => {
    expect(formatVietnamDateTime('2022-04-27T17:00:00.000Z')).toBe('28/04/2022 00:00');
  });
});
