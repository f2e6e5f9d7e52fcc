import type { CommandMetadata } from '../decider.js';
import { KH_119 } from '../../../../test/support/seed-plans.js';
import { planDecider, type PlanCommand, type PlanState } from './decider.js';

/** Command metadata for a test: decided at `now`, by a tester. */
const when = (now: string): CommandMetadata => ({ now, actor: 'tester' });
/** The same command as a workflow handler decides it, after its update validator (see Checks). */
const recorded = (command: PlanCommand): PlanCommand => ({ ...command, metadata: { ...command.metadata, checks: 'recorded' } });

const run = (commands: PlanCommand[], from: PlanState = planDecider.initialState()): PlanState =>
  commands.reduce((state, command) => planDecider.decide(command, state).reduce(planDecider.evolve, state), from);
const create: PlanCommand = { type: 'CreatePlan', data: { planId: 'p1', draft: KH_119 }, metadata: when('2022-04-26T00:00:00.000Z') };
const launch: PlanCommand = { type: 'LaunchPlan', data: { planId: 'p1' }, metadata: when('2022-04-27T03:00:00.000Z') };

describe('plan decider', () => {
  it('creates a draft holding the whole plan, whose implementers are the recipients that implement it', () => {
    expect(run([create])).toMatchObject({ status: 'draft', draft: KH_119, implementers: ['SNGV', 'SGDDT', 'STTTT'] });
    expect(() => planDecider.decide(create, run([create]))).toThrow(/already exists/);
  });

  it('launches once; launching again decides nothing', () => {
    const launched = run([create, launch]);
    expect(launched).toMatchObject({ status: 'launched', launchedAt: '2022-04-27T03:00:00.000Z' });
    expect(planDecider.decide(launch, launched)).toEqual([]);
    expect(() => planDecider.decide(launch, planDecider.initialState())).toThrow(/does not exist/);
  });

  it('amends the title, targets or quotas with a reason', () => {
    const amended = run([
      create,
      launch,
      {
        type: 'AmendPlan',
        data: { changes: { quotas: [] }, reason: 'Điều chỉnh theo Quyết định 12/QĐ-UBND' },
        metadata: when('2022-06-01T00:00:00.000Z'),
      },
    ]);
    expect(amended).toMatchObject({ draft: { quotas: [] } });
    expect(() => planDecider.decide({ type: 'AmendPlan', data: { changes: {}, reason: 'x' }, metadata: when('') }, amended)).toThrow(
      /must change/,
    );
    expect(() =>
      planDecider.decide({ type: 'AmendPlan', data: { changes: { title: 'x' }, reason: '' }, metadata: when('') }, amended),
    ).toThrow(/needs a reason/);
  });

  it('extends a stage for all units only once launched, later than its deadline, and with a reason', () => {
    const extend = (stageId: string, dueAt: string, reason = 'Nhiều đơn vị đề nghị'): PlanCommand => ({
      type: 'ExtendForAll',
      data: { stageId, dueAt, reason },
      metadata: when('2022-04-26T00:00:00.000Z'),
    });
    expect(() => planDecider.decide(extend('registration', '2022-05-05T17:00:00.000Z'), run([create]))).toThrow(/launched plan/);
    const launched = run([create, launch]);
    expect(planDecider.decide(extend('registration', '2022-05-05T17:00:00.000Z'), launched)).toEqual([
      {
        type: 'DeadlinesExtended',
        data: {
          stageId: 'registration',
          dueAt: '2022-05-05T17:00:00.000Z',
          reason: 'Nhiều đơn vị đề nghị',
          extendedAt: '2022-04-26T00:00:00.000Z',
        },
      },
    ]);
    expect(() => planDecider.decide(extend('interim:Đợt 9', '2022-05-05T17:00:00.000Z'), launched)).toThrow(
      /no stage "interim:Đợt 9"; its stages are derived-plan, registration, interim:Đợt 1, final-review, nomination/,
    );
    expect(() => planDecider.decide(extend('registration', '2022-04-20T17:00:00.000Z'), launched)).toThrow(
      /must be later than the current one/,
    );
    expect(() => planDecider.decide(extend('registration', '2022-05-05T17:00:00.000Z', ' '), launched)).toThrow(/Give a reason/);
    // A second extension starts from the first.
    const extended = run([extend('registration', '2022-05-05T17:00:00.000Z')], launched);
    expect(() => planDecider.decide(extend('registration', '2022-05-01T17:00:00.000Z'), extended)).toThrow(
      /must be later than the current one/,
    );
  });

  it('never records an amendment that makes the plan invalid: percent targets of 12345, -1, 1e308; targets [[]]; quotas [[]]', () => {
    const launched = run([create, launch]);
    const amend = (changes: object): PlanCommand => ({
      type: 'AmendPlan',
      data: { changes, reason: 'Điều chỉnh' },
      metadata: when('2022-06-01T00:00:00.000Z'),
    });
    const percent = (value: number) => ({
      targets: [{ metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value, unit: 'percent', population: 'CBCCVC' }],
    });
    for (const changes of [
      percent(12345),
      percent(-1),
      percent(1e308),
      { targets: [[]] },
      { quotas: [[]] },
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1e9 }] },
    ]) {
      expect(() => planDecider.decide(amend(changes), launched)).toThrow(expect.objectContaining({ code: 'INVALID_AMENDMENT' }));
    }
    expect(planDecider.decide(amend(percent(90)), launched)).toHaveLength(1);
  });

  it("keeps an extension for all inside the plan's time frame and the plan years", () => {
    const launched = run([create, launch]);
    const extend = (dueAt: string): PlanCommand => ({
      type: 'ExtendForAll',
      data: { stageId: 'registration', dueAt, reason: 'Nhiều đơn vị đề nghị' },
      metadata: when('2022-04-26T00:00:00.000Z'),
    });
    expect(() => planDecider.decide(extend('9999-12-31T00:00:00Z'), launched)).toThrow(
      expect.objectContaining({ code: 'DEADLINE_OUT_OF_RANGE' }),
    );
    expect(() => planDecider.decide(extend('2023-01-05T00:00:00+07:00'), launched)).toThrow(
      expect.objectContaining({ code: 'EXTENSION_OUTSIDE_TIME_FRAME' }),
    );
    expect(() => planDecider.decide(extend('2027-W10-1T00:00:00Z'), launched)).toThrow(/is not a deadline/);
  });

  it('replays an amendment and an extension accepted before the bounds existed (quota of 1e9, deadline past the time frame) as recorded', () => {
    const launched = run([create, launch]);
    const amend: PlanCommand = {
      type: 'AmendPlan',
      data: { changes: { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1e9 }] }, reason: 'Điều chỉnh' },
      metadata: when('2022-06-01T00:00:00.000Z'),
    };
    const extend: PlanCommand = {
      type: 'ExtendForAll',
      data: { stageId: 'registration', dueAt: '2023-01-05T00:00:00+07:00', reason: 'Nhiều đơn vị đề nghị' },
      metadata: when('2022-04-26T00:00:00.000Z'),
    };
    expect(() => planDecider.decide(amend, launched)).toThrow(expect.objectContaining({ code: 'INVALID_AMENDMENT' }));
    expect(() => planDecider.decide(extend, launched)).toThrow(expect.objectContaining({ code: 'EXTENSION_OUTSIDE_TIME_FRAME' }));
    expect(planDecider.decide(recorded(amend), launched)).toEqual([expect.objectContaining({ type: 'PlanAmended' })]);
    expect(planDecider.decide(recorded(extend), launched)).toEqual([
      { type: 'DeadlinesExtended', data: expect.objectContaining({ dueAt: '2023-01-04T17:00:00.000Z' }) },
    ]);
  });

  it('closes a launched plan, cancels with a reason, and then refuses changes', () => {
    expect(() => planDecider.decide({ type: 'ClosePlan', data: {}, metadata: when('') }, run([create]))).toThrow(/Only a launched plan/);
    const closed = run([create, launch, { type: 'ClosePlan', data: {}, metadata: when('2023-01-10T00:00:00.000Z') }]);
    expect(closed.status).toBe('closed');
    expect(() => planDecider.decide({ type: 'CancelPlan', data: { reason: 'x' }, metadata: when('') }, closed)).toThrow(
      /This plan is closed/,
    );
    expect(
      run([create, { type: 'CancelPlan', data: { reason: 'Ban hành nhầm' }, metadata: when('2022-04-28T00:00:00.000Z') }]).status,
    ).toBe('cancelled');
  });
});
