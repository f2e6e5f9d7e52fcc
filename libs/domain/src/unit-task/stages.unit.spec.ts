import { ruleSetOn } from '../awards.js';
import { validatePlan } from '../plan/validation.js';
import { childrenOf, hierarchyAsOf } from '../unit-hierarchy.js';
import { KH_119, SEED_UNIT_VERSIONS } from '../../../../test/support/seed-plans.js';
import { stagesFor } from './stages.js';

const units = hierarchyAsOf(SEED_UNIT_VERSIONS, '2022-04-27');
const launchedAt = '2022-04-27T03:00:00.000Z'; // 10:00 on 27/4, Vietnam time
const stagesOf = (unit: string, at = launchedAt) => stagesFor(KH_119, unit, childrenOf(units, unit).length > 0, at);

describe('stages of a unit task, from the plan', () => {
  it('gives a department with divisions a derived plan to issue, then the plan milestones in their own order', () => {
    expect(stagesOf('SNGV')).toEqual([
      { id: 'derived-plan', kind: 'derived-plan', opensAt: launchedAt, dueAt: '2022-04-27T17:00:00.000Z' },
      { id: 'registration', kind: 'registration', opensAt: launchedAt, dueAt: '2022-04-27T17:00:00.000Z' }, // trước ngày 28/4
      {
        id: 'interim:Đợt 1',
        kind: 'interim-review',
        phase: 'Đợt 1',
        opensAt: '2022-05-18T17:00:00.000Z',
        dueAt: '2022-05-25T17:00:00.000Z',
      },
      { id: 'final-review', kind: 'final-review', opensAt: '2022-12-08T17:00:00.000Z', dueAt: '2022-12-15T17:00:00.000Z' },
      { id: 'nomination', kind: 'nomination', opensAt: '2022-11-23T17:00:00.000Z', dueAt: '2022-11-30T17:00:00.000Z' }, // hết ngày 30/11
    ]);
  });

  it('gives no derived plan to a unit with nothing below it, and no task to a unit informed only', () => {
    const sgddt = stagesOf('SGDDT');
    expect(sgddt.map((s) => s.id)).toEqual(['registration', 'interim:Đợt 1', 'final-review', 'nomination']);
    expect(stagesOf('SNV')).toEqual([]);
    expect(stagesFor(KH_119, 'SXYZ', false, launchedAt)).toEqual([]);
  });

  it('opens a stage no earlier than the launch, even when its window began before', () => {
    const lateLaunch = '2022-05-20T03:00:00.000Z';
    expect(stagesOf('SGDDT', lateLaunch).find((s) => s.id === 'interim:Đợt 1')!.opensAt).toBe(lateLaunch);
  });

  it('skips the stages a plan does not have', () => {
    const noRegistration = { ...KH_119, milestones: { ...KH_119.milestones, registration: undefined } };
    expect(stagesFor(noRegistration, 'SGDDT', false, launchedAt).map((s) => s.kind)).toEqual([
      'interim-review',
      'final-review',
      'nomination',
    ]);
  });

  it('starts the tasks of a plan launched before the bounds (reminders of 400 days, a deadline in 2150), which validatePlan refuses for a new plan', () => {
    const older = {
      ...KH_119,
      reminders: [400, 7],
      milestones: { ...KH_119.milestones, nomination: { date: '2150-12-31', rule: 'end-of-day' as const } },
    };
    const problems = validatePlan(older, { units, ruleSet: ruleSetOn('2022-04-27') })
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.field} ${p.code}`);
    expect(problems).toEqual(expect.arrayContaining(['reminders[0] SCHEDULE', 'milestones.nomination DATE_OUT_OF_RANGE']));
    expect(stagesFor(older, 'SNGV', true, launchedAt).at(-1)).toEqual(
      expect.objectContaining({ id: 'nomination', dueAt: '2150-12-31T17:00:00.000Z' }),
    );
  });

  it('refuses a plan whose timers have no usable form, with a reason instead of an invalid instant', () => {
    const fractional = { ...KH_119, reminders: [1.5] };
    expect(() => stagesFor(fractional, 'SNGV', true, launchedAt)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE' }));
  });
});
