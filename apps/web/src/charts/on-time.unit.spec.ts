import { onTimeRate } from './on-time';

describe('on-time rate', () => {
  const now = Date.parse('2022-06-01T00:00:00Z');
  it('counts the stages due so far: on time, late, and missed without a submission', () => {
    const stages = [
      { dueAt: '2022-04-28T00:00:00Z', submittedAt: '2022-04-20T00:00:00Z', late: false },
      { dueAt: '2022-05-10T00:00:00Z', submittedAt: '2022-05-12T00:00:00Z', late: true },
      { dueAt: '2022-05-20T00:00:00Z' },
      { dueAt: '2022-12-01T00:00:00Z' }, // not due yet
    ];
    expect(onTimeRate(stages, now)).toBe(33);
  });
  it('counts a stage submitted early although not yet due, and has no rate while nothing is due', () => {
    expect(onTimeRate([{ dueAt: '2022-12-01T00:00:00Z', submittedAt: '2022-05-01T00:00:00Z', late: false }], now)).toBe(100);
    expect(onTimeRate([{ dueAt: '2022-12-01T00:00:00Z' }], now)).toBeUndefined();
  });
});
