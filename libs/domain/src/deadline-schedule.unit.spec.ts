import {
  DEFAULT_ESCALATION,
  MAX_ESCALATION_DAYS,
  MAX_REMINDER_DAYS,
  scheduleSettingsProblems,
  deadlineInstant,
  formatDate,
  vietnamDateOf,
  deadlineSchedule,
  extendDeadline,
  formatDeadline,
  isDomainError,
  isValidDeadline,
  type Deadline,
} from '#domain';

const nomination: Deadline = { date: '2022-11-30', rule: 'end-of-day' }; // "hết ngày 30/11/2022"
const registration: Deadline = { date: '2022-04-28', rule: 'before' }; // "trước ngày 28/4/2022"

describe('deadlines as the plans word them', () => {
  it.each<[Deadline, string, string]>([
    [registration, '2022-04-27T17:00:00.000Z', '28/04/2022 00:00'],
    [nomination, '2022-11-30T17:00:00.000Z', '30/11/2022 24:00'],
    [{ date: '2022-04-27', rule: 'end-of-day' }, '2022-04-27T17:00:00.000Z', '27/04/2022 24:00'],
  ])('%j closes at %s, shown as %s', (deadline, instant, shown) => {
    expect(deadlineInstant(deadline).toISOString()).toBe(instant);
    expect(formatDeadline(deadline)).toBe(shown);
  });

  it.each([
    ['2022-04-27T16:59:59.999Z', '2022-04-27'],
    ['2022-04-27T17:00:00.000Z', '2022-04-28'], // midnight in Vietnam is 17:00 UTC the day before
  ])('the instant %s falls on %s in Vietnam', (instant, date) => {
    expect(vietnamDateOf(instant)).toBe(date);
    expect(formatDate(date)).toMatch(/^\d\d\/0[4]\/2022$/);
  });

  it('reads instants and API strings too', () => {
    expect(deadlineInstant('2022-11-30').toISOString()).toBe('2022-11-30T17:00:00.000Z');
    expect(formatDeadline('2022-04-27T17:00:00.000Z')).toBe('28/04/2022 00:00');
  });
});

describe('deadline schedule', () => {
  it('by default reminds 7 and 1 days before and escalates to unit, head and board 0, 3 and 7 days after', () => {
    expect(deadlineSchedule(nomination)).toEqual([
      { at: '2022-11-23T17:00:00.000Z', kind: 'reminder', offsetDays: -7 },
      { at: '2022-11-29T17:00:00.000Z', kind: 'reminder', offsetDays: -1 },
      { at: '2022-11-30T17:00:00.000Z', kind: 'escalation', level: 'unit', offsetDays: 0 },
      { at: '2022-12-03T17:00:00.000Z', kind: 'escalation', level: 'head', offsetDays: 3 },
      { at: '2022-12-07T17:00:00.000Z', kind: 'escalation', level: 'board', offsetDays: 7 },
    ]);
  });

  it.each<[string, string, number[]]>([
    ['well before', '2022-11-01T00:00:00.000Z', [-7, -1]],
    ['exactly at the 7-day reminder', '2022-11-23T17:00:00.000Z', [-7, -1]],
    ['between the reminders', '2022-11-25T02:00:00.000Z', [-1]],
    ['after the last reminder', '2022-11-30T01:00:00.000Z', []],
    ['after the deadline', '2022-12-05T00:00:00.000Z', []],
  ])('skips reminders already past (%s) and keeps every escalation', (_, now, reminders) => {
    const points = deadlineSchedule(nomination, { now });
    expect(points.filter((p) => p.kind === 'reminder').map((p) => p.offsetDays)).toEqual(reminders);
    expect(points.filter((p) => p.kind === 'escalation').map((p) => p.level)).toEqual(['unit', 'head', 'board']);
  });

  it('KH 119 issued 27/4 with registration "trước ngày 28/4": both reminders are already past', () => {
    const points = deadlineSchedule(registration, { now: '2022-04-27T03:00:00.000Z' });
    expect(points.map((p) => p.kind)).toEqual(['escalation', 'escalation', 'escalation']);
    expect(points[0].at).toBe('2022-04-27T17:00:00.000Z');
  });

  it('takes custom offsets in any order and keeps unit, head, board order on equal instants', () => {
    const points = deadlineSchedule(nomination, { reminders: [1, 3], escalation: { unit: 0, head: 0, board: 2 } });
    expect(points.map((p) => `${p.kind}:${p.kind === 'escalation' ? p.level : ''}:${p.offsetDays}`)).toEqual([
      'reminder::-3',
      'reminder::-1',
      'escalation:unit:0',
      'escalation:head:0',
      'escalation:board:2',
    ]);
  });

  it.each<[string, number[], typeof DEFAULT_ESCALATION, RegExp]>([
    ['a zero reminder', [0], DEFAULT_ESCALATION, /reminders\[0\] \(0\) must be a whole number of days before the deadline, from 1 to 365/],
    ['a fractional reminder', [1.5], DEFAULT_ESCALATION, /reminders\[0\] \(1.5\)/],
    ['a repeated reminder', [7, 7], DEFAULT_ESCALATION, /reminders\[1\] repeats 7 days/],
    [
      'a negative escalation',
      [7],
      { unit: -1, head: 3, board: 7 },
      /escalation.unit \(-1\) must be a whole number of days after the deadline/,
    ],
    ['an escalation out of order', [7], { unit: 0, head: 10, board: 7 }, /unit \(0\) ≤ head \(10\) ≤ board \(7\)/],
  ])('refuses %s', (_, reminders, escalation, message) => {
    expect(() => deadlineSchedule(nomination, { reminders, escalation })).toThrow(message);
  });
});

describe('timers stay instants the system can hold', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return isDomainError(error) ? error.code : `not a domain error: ${(error as Error).message}`;
    }
    return 'accepted';
  };

  it.each<[string, number[], typeof DEFAULT_ESCALATION]>([
    ['an escalation of 1,000,000,000 days', [7, 1], { unit: 0, head: 3, board: 1_000_000_000 }],
    ['a reminder of 100,000,000 days', [100_000_000], DEFAULT_ESCALATION],
  ])('refuses %s with INSTANT_NOT_REPRESENTABLE rather than an invalid time value', (_, reminders, escalation) => {
    expect(codeOf(() => deadlineSchedule(nomination, { reminders, escalation }))).toBe('INSTANT_NOT_REPRESENTABLE');
  });

  it.each<[string, number[], typeof DEFAULT_ESCALATION]>([
    ['reminders of 400 days', [400, 7], DEFAULT_ESCALATION],
    ['eleven reminders', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], DEFAULT_ESCALATION],
    ['an escalation of 400 days', [7], { unit: 0, head: 3, board: MAX_ESCALATION_DAYS + 35 }],
  ])('keeps timing a running plan launched before the bounds with %s, which a new plan may not have', (_, reminders, escalation) => {
    expect(scheduleSettingsProblems(reminders, escalation)).not.toEqual([]);
    expect(scheduleSettingsProblems(reminders, escalation, 'recorded')).toEqual([]);
    expect(deadlineSchedule(nomination, { reminders, escalation })).toHaveLength(reminders.length + 3);
  });

  it('times the bounds themselves', () => {
    const points = deadlineSchedule(nomination, {
      reminders: [MAX_REMINDER_DAYS],
      escalation: { unit: 0, head: 3, board: MAX_ESCALATION_DAYS },
    });
    expect(points.map((p) => p.at)).toEqual([
      '2021-11-30T17:00:00.000Z',
      '2022-11-30T17:00:00.000Z',
      '2022-12-03T17:00:00.000Z',
      '2023-11-30T17:00:00.000Z',
    ]);
  });

  it('times a deadline beyond the plan years that it can represent (2150), and refuses one whose timers it cannot (escalation past 9999)', () => {
    expect(deadlineSchedule('2150-06-30').map((p) => p.at)).toContain('2150-06-30T17:00:00.000Z');
    expect(codeOf(() => deadlineSchedule('9999-12-31'))).toBe('INSTANT_NOT_REPRESENTABLE');
  });

  it('holds a new extension to the plan years and its time frame, and replays a recorded one beyond them', () => {
    const timeFrame = { from: '2022-04-27', to: '2022-12-31' };
    expect(codeOf(() => extendDeadline(nomination, '2150-12-31T00:00:00Z', 'Kéo dài'))).toBe('DEADLINE_OUT_OF_RANGE');
    expect(extendDeadline(nomination, '2150-12-31T00:00:00Z', 'Kéo dài', { timeFrame, checks: 'recorded' }).deadline).toBe(
      '2150-12-31T00:00:00.000Z',
    );
  });

  it("keeps an extension inside the plan's time frame, as its milestones are", () => {
    const timeFrame = { from: '2022-04-27', to: '2022-12-31' };
    expect(extendDeadline(nomination, '2022-12-31', 'Kéo dài', { timeFrame }).deadline).toBe('2022-12-31T17:00:00.000Z'); // hết ngày 31/12: the frame's last instant
    expect(codeOf(() => extendDeadline(nomination, '2023-01-01T09:00:00+07:00', 'Kéo dài', { timeFrame }))).toBe(
      'EXTENSION_OUTSIDE_TIME_FRAME',
    );
  });
});

describe('deadline extension (gia hạn)', () => {
  const reason = 'Sở đề nghị gia hạn do trùng lịch tổng kết';

  it('moves the deadline later and keeps the reason', () => {
    expect(extendDeadline(nomination, { date: '2022-12-05', rule: 'end-of-day' }, `  ${reason} `)).toEqual({
      previous: '2022-11-30T17:00:00.000Z',
      deadline: '2022-12-05T17:00:00.000Z',
      reason,
    });
  });

  it.each<[string, Deadline | string, string, string | undefined, string, RegExp]>([
    ['an empty reason', { date: '2022-12-05', rule: 'end-of-day' }, '  ', undefined, 'EXTENSION_REASON_REQUIRED', /Give a reason/],
    [
      'the same instant worded differently',
      { date: '2022-12-01', rule: 'before' },
      reason,
      undefined,
      'EXTENSION_NOT_LATER',
      /The new deadline \(01\/12\/2022 00:00\) must be later than the current one \(30\/11\/2022 24:00\)/,
    ],
    ['an earlier deadline', '2022-11-20', reason, undefined, 'EXTENSION_NOT_LATER', /cannot shorten a deadline/],
    [
      'a new deadline already past',
      { date: '2022-12-05', rule: 'end-of-day' },
      reason,
      '2022-12-06T00:00:00.000Z',
      'EXTENSION_IN_PAST',
      /has already passed/,
    ],
  ])('refuses %s', (_, next, why, now, code, message) => {
    let thrown: unknown;
    try {
      extendDeadline(nomination, next, why, { now });
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown) && thrown.code).toBe(code);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('a deadline at a time of day', () => {
  it('"trước 16 giờ 00 ngày 20/5/2022" closes at 16:00 Vietnam time, and is shown so', () => {
    const deadline = { date: '2022-05-20', rule: 'at' as const, time: '16:00' };
    expect(deadlineInstant(deadline).toISOString()).toBe('2022-05-20T09:00:00.000Z');
    expect(formatDeadline(deadline)).toBe('20/05/2022 16:00');
    expect(deadlineInstant({ date: '2022-05-20', rule: 'at', time: '07:30:15' }).toISOString()).toBe('2022-05-20T00:30:15.000Z');
  });

  it('is invalid without a well-formed time', () => {
    expect(isValidDeadline({ date: '2022-05-20', rule: 'at' })).toBe(false);
    expect(isValidDeadline({ date: '2022-05-20', rule: 'at', time: '24:00' })).toBe(false);
    expect(isValidDeadline({ date: '2022-05-20', rule: 'at', time: '16:00' })).toBe(true);
    expect(isValidDeadline({ date: '2022-05-20', rule: 'before', time: '16:00' })).toBe(false); // a time goes only with 'at'
  });
});
