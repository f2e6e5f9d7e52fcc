import type { CommandMetadata } from '../decider.js';
import { type UnitTaskCommand } from './commands.js';
import { unitTaskDecider } from './decider.js';
import { displayStage, isOverdue } from './display.js';
import { DEFAULT_TIMER_POLICY, decideDue, nextWakeUp } from './timers.js';
import type { StageSpec, UnitTaskState } from './types.js';

/** Command metadata for a test: decided at `now`, by a tester. */
const when = (now: string): CommandMetadata => ({ now, actor: 'tester' });
/** The same command as a workflow handler decides it, after its update validator (see Checks). */
const recorded = (command: UnitTaskCommand): UnitTaskCommand => ({ ...command, metadata: { ...command.metadata, checks: 'recorded' } });

// KH 119/KH-UBND (2022): registration "trước ngày 28/4", Đợt 1 to 19/5, nominations "hết ngày 30/11", final review at year end.
const stages: StageSpec[] = [
  { id: 'final-review', kind: 'final-review', opensAt: '2022-12-24T17:00:00.000Z', dueAt: '2022-12-31T17:00:00.000Z' },
  { id: 'registration', kind: 'registration', opensAt: '2022-04-26T17:00:00.000Z', dueAt: '2022-04-27T17:00:00.000Z' },
  { id: 'interim:1', kind: 'interim-review', phase: 'Đợt 1', opensAt: '2022-05-12T17:00:00.000Z', dueAt: '2022-05-19T17:00:00.000Z' },
  { id: 'nomination', kind: 'nomination', opensAt: '2022-11-23T17:00:00.000Z', dueAt: '2022-11-30T17:00:00.000Z' },
];
const rules = { quotas: [], issuerKind: 'board' as const, ruleDate: '2022-04-27' };
const assign: UnitTaskCommand = {
  type: 'Assign',
  data: { planId: 'p', unitCode: 'SNGV', issuerUnit: 'TINH', rules, stages },
  metadata: when('2022-04-27T03:00:00.000Z'),
};

function run(commands: UnitTaskCommand[], from: UnitTaskState = unitTaskDecider.initialState()): UnitTaskState {
  return commands.reduce((state, command) => unitTaskDecider.decide(command, state).reduce(unitTaskDecider.evolve, state), from);
}
/** The state of an assigned task, which every test here folds to. */
function assigned(state: UnitTaskState): Extract<UnitTaskState, { status: 'open' | 'closed' | 'cancelled' }> {
  if (state.status === 'unassigned') throw new Error('the task is not assigned');
  return state;
}
const stage = (state: UnitTaskState, id: string) => assigned(state).stages.find((s) => s.id === id)!;
const register = (now: string): UnitTaskCommand => ({
  type: 'Submit',
  data: { stageId: 'registration', payload: { kind: 'registration', titles: [{ award: 'TLDTT', recipientKind: 'collective' }] } },
  metadata: when(now),
});

describe('unit lifecycle', () => {
  it('a task accepts exactly one derived plan: after a return only the same one comes back', () => {
    const cascading: StageSpec[] = [
      { id: 'derived-plan', kind: 'derived-plan', opensAt: '2022-04-26T17:00:00.000Z', dueAt: '2022-04-27T17:00:00.000Z' },
      ...stages,
    ];
    const derived = (derivedPlanId: string, now: string): UnitTaskCommand => ({
      type: 'Submit',
      data: { stageId: 'derived-plan', payload: { kind: 'derived-plan', derivedPlanId } },
      metadata: when(now),
    });
    const returned = run([
      { ...assign, data: { ...assign.data, stages: cascading } },
      derived('plan-a', '2022-04-27T04:00:00.000Z'),
      {
        type: 'Decide',
        data: { stageId: 'derived-plan', decision: 'return', reason: 'Thiếu chỉ tiêu' },
        metadata: when('2022-04-27T05:00:00.000Z'),
      },
    ]);
    expect(() => unitTaskDecider.decide(derived('plan-b', '2022-04-27T06:00:00.000Z'), returned)).toThrow(
      expect.objectContaining({ code: 'DERIVED_PLAN_EXISTS', message: expect.stringMatching(/already submitted derived plan plan-a/) }),
    );
    expect(unitTaskDecider.decide(derived('plan-a', '2022-04-27T06:00:00.000Z'), returned)).toEqual([
      expect.objectContaining({ type: 'SubmissionMade' }),
    ]);
    const accepted = run(
      [
        derived('plan-a', '2022-04-27T06:00:00.000Z'),
        { type: 'Decide', data: { stageId: 'derived-plan', decision: 'accept' }, metadata: when('2022-04-27T07:00:00.000Z') },
      ],
      returned,
    );
    expect(() => unitTaskDecider.decide(derived('plan-b', '2022-04-27T08:00:00.000Z'), accepted)).toThrow(
      expect.objectContaining({ code: 'DERIVED_PLAN_EXISTS' }),
    );
    // A second derived plan a run accepted before this rule replays as it was recorded.
    expect(unitTaskDecider.decide(recorded(derived('plan-b', '2022-04-27T06:00:00.000Z')), returned)).toEqual([
      expect.objectContaining({ type: 'SubmissionMade' }),
    ]);
  });

  it.each<[string, unknown]>([
    ['titles [[[]]]', { kind: 'registration', titles: [[[]]] }],
    ['a title of an unknown award', { kind: 'registration', titles: [{ award: 'NOBEL', recipientKind: 'collective' }] }],
    ['a title without its recipient kind', { kind: 'registration', titles: [{ award: 'TLDTT' }] }],
    ['a title whose name is not text', { kind: 'registration', titles: [{ award: 'TLDTT', recipientKind: 'collective', name: [] }] }],
    ['titles that are not a list', { kind: 'registration', titles: 'TLDTT' }],
  ])('records only well-formed submissions: refuses %s', (_, payload) => {
    const submit = {
      type: 'Submit',
      data: { stageId: 'registration', payload },
      metadata: when('2022-04-27T05:00:00.000Z'),
    } as UnitTaskCommand;
    expect(() => unitTaskDecider.decide(submit, run([assign]))).toThrow(expect.objectContaining({ code: 'INVALID_SUBMISSION' }));
    // Accepted by a run before the shape was checked, it replays as recorded.
    expect(unitTaskDecider.decide(recorded(submit), run([assign]))).toEqual([expect.objectContaining({ type: 'SubmissionMade' })]);
  });

  it('refuses a new extension beyond the plan years but replays a recorded one, and refuses a timer policy it cannot represent, with a reason', () => {
    const state = run([assign]);
    const extend = {
      type: 'Extend',
      data: { stageId: 'registration', dueAt: '2150-12-31T00:00:00Z', reason: 'Kéo dài' },
      metadata: when('2022-04-27T05:00:00.000Z'),
    } as const;
    expect(() => unitTaskDecider.decide(extend, state)).toThrow(expect.objectContaining({ code: 'DEADLINE_OUT_OF_RANGE' }));
    expect(unitTaskDecider.decide(recorded(extend), state)).toEqual([expect.objectContaining({ type: 'DeadlineExtended' })]);
    const unbounded = { reminders: [7, 1], escalation: { unit: 0, head: 3, board: 1_000_000_000 } };
    expect(() => decideDue(state, unbounded, Date.parse('2022-04-27T05:00:00.000Z'))).toThrow(
      expect.objectContaining({ code: 'INSTANT_NOT_REPRESENTABLE' }),
    );
    expect(() => nextWakeUp(state, unbounded, Date.parse('2022-04-27T05:00:00.000Z'))).toThrow(
      expect.objectContaining({ code: 'INSTANT_NOT_REPRESENTABLE' }),
    );
  });

  it('keeps timing a task whose plan was launched before the bounds (reminders of 400 days, eleven reminders)', () => {
    const state = run([assign]);
    const older = { reminders: [400, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], escalation: { unit: 0, head: 3, board: 400 } };
    expect(nextWakeUp(state, older, Date.parse('2022-04-27T05:00:00.000Z'))).toEqual(expect.any(Number));
  });

  it('orders stages by deadline, opens those whose window has begun, and shows the first unaccepted one', () => {
    const state = assigned(run([assign]));
    expect(state.stages.map((s) => s.id)).toEqual(['registration', 'interim:1', 'nomination', 'final-review']);
    expect(state.stages.map((s) => s.status)).toEqual(['open', 'pending', 'pending', 'pending']);
    expect(displayStage(state)).toBe('registration');
  });

  it('takes a registration, returns it with a reason, takes it again, accepts it; then the unit is executing', () => {
    const returned = run([
      assign,
      register('2022-04-27T05:00:00.000Z'),
      {
        type: 'Decide',
        data: { stageId: 'registration', decision: 'return', reason: 'Thiếu danh hiệu tập thể' },
        metadata: when('2022-04-27T06:00:00.000Z'),
      },
    ]);
    expect(stage(returned, 'registration')).toMatchObject({ status: 'returned', returnReason: 'Thiếu danh hiệu tập thể' });
    const accepted = run(
      [
        register('2022-04-27T07:00:00.000Z'),
        { type: 'Decide', data: { stageId: 'registration', decision: 'accept' }, metadata: when('2022-04-27T08:00:00.000Z') },
      ],
      returned,
    );
    expect(stage(accepted, 'registration')).toMatchObject({ status: 'accepted', late: false });
    expect(displayStage(accepted)).toBe('execution');
  });

  it('refuses what does not fit the stage, with reasons', () => {
    const state = run([assign]);
    const report = { kind: 'report' as const, summary: 'Báo cáo sơ kết' };
    expect(() =>
      unitTaskDecider.decide(
        { type: 'Submit', data: { stageId: 'interim:1', payload: report }, metadata: when('2022-04-28T00:00:00.000Z') },
        state,
      ),
    ).toThrow(/The interim report for Đợt 1 opens on 13\/05\/2022 00:00/);
    expect(() =>
      unitTaskDecider.decide(
        { type: 'Submit', data: { stageId: 'registration', payload: report }, metadata: when('2022-04-27T04:00:00.000Z') },
        state,
      ),
    ).toThrow(/takes a registration submission, not a report/);
    expect(() =>
      unitTaskDecider.decide(
        { type: 'Decide', data: { stageId: 'registration', decision: 'accept' }, metadata: when('2022-04-27T04:00:00.000Z') },
        state,
      ),
    ).toThrow(/no submission awaiting a decision/);
    const submitted = run([register('2022-04-27T05:00:00.000Z')], state);
    expect(() => unitTaskDecider.decide(register('2022-04-27T05:30:00.000Z'), submitted)).toThrow(/awaits the issuer's decision/);
    expect(() =>
      unitTaskDecider.decide(
        { type: 'Decide', data: { stageId: 'registration', decision: 'return' }, metadata: when('2022-04-27T06:00:00.000Z') },
        submitted,
      ),
    ).toThrow(/needs a reason/);
    expect(() =>
      unitTaskDecider.decide(
        { type: 'Submit', data: { stageId: 'nope', payload: report }, metadata: when('2022-04-27T06:00:00.000Z') },
        state,
      ),
    ).toThrow(/no stage "nope"/);
  });

  it('reminds once per offset before the deadline, then records the missed deadline and climbs the escalation ladder', () => {
    const reminded = run([
      assign,
      { type: 'Remind', data: { stageId: 'registration', daysBefore: 1 }, metadata: when('2022-04-27T04:00:00.000Z') },
    ]);
    expect(stage(reminded, 'registration').remindersSent).toEqual([1]);
    expect(
      unitTaskDecider.decide(
        { type: 'Remind', data: { stageId: 'registration', daysBefore: 1 }, metadata: when('2022-04-27T05:00:00.000Z') },
        reminded,
      ),
    ).toEqual([]);
    expect(
      unitTaskDecider.decide(
        { type: 'Escalate', data: { stageId: 'registration', level: 'unit' }, metadata: when('2022-04-27T16:00:00.000Z') },
        reminded,
      ),
    ).toEqual([]);

    const missed = run(
      [{ type: 'Escalate', data: { stageId: 'registration', level: 'unit' }, metadata: when('2022-04-27T17:00:00.000Z') }],
      reminded,
    );
    expect(stage(missed, 'registration')).toMatchObject({ overdue: true, escalation: 'unit' });
    expect(isOverdue(missed)).toBe(true);
    // The movement goes on: once the interim review opens, the unit shows there, still overdue for its registration.
    const later = run([{ type: 'OpenStage', data: { stageId: 'interim:1' }, metadata: when('2022-05-13T00:00:00.000Z') }], missed);
    expect([displayStage(later), isOverdue(later)]).toEqual(['interim-review', true]);
    // Registering late ends the overdue state, and is recorded as late.
    const registeredLate = run([register('2022-05-14T00:00:00.000Z')], later);
    expect([isOverdue(registeredLate), stage(registeredLate, 'registration').late]).toEqual([false, true]);
    const board = run(
      [
        { type: 'Escalate', data: { stageId: 'registration', level: 'head' }, metadata: when('2022-04-30T17:00:00.000Z') },
        { type: 'Escalate', data: { stageId: 'registration', level: 'board' }, metadata: when('2022-05-04T17:00:00.000Z') },
      ],
      missed,
    );
    expect(stage(board, 'registration').escalation).toBe('board');
    expect(
      unitTaskDecider.decide(
        { type: 'Escalate', data: { stageId: 'registration', level: 'head' }, metadata: when('2022-05-05T00:00:00.000Z') },
        board,
      ),
    ).toEqual([]);
  });

  it('extends a deadline with a reason: the unit is on time again and a later submission is not late', () => {
    const missed = run([
      assign,
      { type: 'Escalate', data: { stageId: 'registration', level: 'unit' }, metadata: when('2022-04-28T00:00:00.000Z') },
    ]);
    expect(() =>
      unitTaskDecider.decide(
        {
          type: 'Extend',
          data: { stageId: 'registration', dueAt: '2022-05-05T17:00:00.000Z', reason: ' ' },
          metadata: when('2022-04-29T00:00:00.000Z'),
        },
        missed,
      ),
    ).toThrow(/Give a reason for extending the deadline/);
    expect(() =>
      unitTaskDecider.decide(
        {
          type: 'Extend',
          data: { stageId: 'registration', dueAt: '2022-04-20T17:00:00.000Z', reason: 'x' },
          metadata: when('2022-04-29T00:00:00.000Z'),
        },
        missed,
      ),
    ).toThrow(/must be later/);
    const extended = run(
      [
        {
          type: 'Extend',
          data: { stageId: 'registration', dueAt: '2022-05-05T17:00:00.000Z', reason: 'Đơn vị đang kiện toàn tổ chức' },
          metadata: when('2022-04-29T00:00:00.000Z'),
        },
      ],
      missed,
    );
    expect(stage(extended, 'registration')).toMatchObject({ overdue: false, escalation: undefined, dueAt: '2022-05-05T17:00:00.000Z' });
    const late = run([register('2022-05-02T00:00:00.000Z')], extended);
    expect(stage(late, 'registration')).toMatchObject({ status: 'submitted', late: false });
  });

  it('decides nominations nominee by nominee, confers what the issuer may confer and forwards the rest', () => {
    const open = run([assign, { type: 'OpenStage', data: { stageId: 'nomination' }, metadata: when('2022-11-24T00:00:00.000Z') }]);
    const nominees = [
      {
        nomineeKind: 'individual' as const,
        name: 'Nguyễn Văn A',
        award: 'GIAY_KHEN' as const,
        achievement: 'Hoàn thành xuất sắc nhiệm vụ',
      },
      {
        nomineeKind: 'collective' as const,
        name: 'Phòng Lãnh sự',
        award: 'BANG_KHEN_TINH' as const,
        achievement: 'Tiêu biểu trong phong trào',
      },
      { nomineeKind: 'individual' as const, name: 'Trần Thị B', award: 'GIAY_KHEN' as const, achievement: 'Có sáng kiến' },
    ];
    const submit = (assessments: ({ route: 'decide-here' | 'forward' } | { error: string })[]): UnitTaskCommand => ({
      type: 'Submit',
      data: { stageId: 'nomination', payload: { kind: 'nomination', nominees }, assessments },
      metadata: when('2022-11-25T00:00:00.000Z'),
    });
    expect(() =>
      unitTaskDecider.decide(submit([{ route: 'decide-here' }, { route: 'forward' }, { error: 'Nominee 3 exceeds the quota' }]), open),
    ).toThrow(/Nominee 3 exceeds the quota/);

    const submitted = run([submit([{ route: 'decide-here' }, { route: 'forward' }, { route: 'decide-here' }])], open);
    expect(displayStage(submitted)).toBe('decision');
    const at = '2022-12-10T00:00:00.000Z';
    expect(() =>
      unitTaskDecider.decide({ type: 'Confer', data: { stageId: 'nomination', hasParentLevel: false }, metadata: when(at) }, submitted),
    ).toThrow(/Nominee 1 \(Nguyễn Văn A\) has no decision yet/);
    const decided = run(
      [
        { type: 'DecideNominee', data: { stageId: 'nomination', index: 0, decision: 'approved' }, metadata: when(at) },
        { type: 'DecideNominee', data: { stageId: 'nomination', index: 1, decision: 'approved' }, metadata: when(at) },
        {
          type: 'DecideNominee',
          data: { stageId: 'nomination', index: 2, decision: 'rejected', reason: 'Chưa đủ tiêu chuẩn' },
          metadata: when(at),
        },
      ],
      submitted,
    );
    const events = unitTaskDecider.decide(
      { type: 'Confer', data: { stageId: 'nomination', reference: 'QĐ 45/QĐ-UBND', hasParentLevel: false }, metadata: when(at) },
      decided,
    );
    expect(events.map((e) => e.type)).toEqual(['AwardsConferred', 'NominationsForwarded', 'SubmissionAccepted']);
    const done = events.reduce(unitTaskDecider.evolve, decided);
    expect(stage(done, 'nomination').nominees!.map((n) => [n.name, n.decision, n.conferred ?? false, n.forwarded ?? false])).toEqual([
      ['Nguyễn Văn A', 'approved', true, false],
      ['Phòng Lãnh sự', 'approved', false, true],
      ['Trần Thị B', 'rejected', false, false],
    ]);
  });

  it('returns a whole nomination when one nominee is returned, so the unit can resubmit it', () => {
    const open = run([assign, { type: 'OpenStage', data: { stageId: 'nomination' }, metadata: when('2022-11-24T00:00:00.000Z') }]);
    const nominee = { nomineeKind: 'individual' as const, name: 'Nguyễn Văn A', award: 'GIAY_KHEN' as const, achievement: 'x' };
    const submitted = run(
      [
        {
          type: 'Submit',
          data: { stageId: 'nomination', payload: { kind: 'nomination', nominees: [nominee] }, assessments: [{ route: 'decide-here' }] },
          metadata: when('2022-11-25T00:00:00.000Z'),
        },
      ],
      open,
    );
    const returned = run(
      [
        {
          type: 'DecideNominee',
          data: { stageId: 'nomination', index: 0, decision: 'returned', reason: 'Bổ sung báo cáo thành tích' },
          metadata: when('2022-11-26T00:00:00.000Z'),
        },
      ],
      submitted,
    );
    expect(stage(returned, 'nomination')).toMatchObject({ status: 'returned', returnReason: 'Nguyễn Văn A: Bổ sung báo cáo thành tích' });
  });

  it('closes and cancels once; a closed task accepts nothing', () => {
    const closed = run([assign, { type: 'Close', data: {}, metadata: when('2023-01-05T00:00:00.000Z') }]);
    expect(displayStage(closed)).toBe('closed');
    expect(unitTaskDecider.decide({ type: 'Close', data: {}, metadata: when('2023-01-06T00:00:00.000Z') }, closed)).toEqual([]);
    expect(() => unitTaskDecider.decide(register('2023-01-06T00:00:00.000Z'), closed)).toThrow(/This task is closed/);
    const cancelled = run([assign, { type: 'Cancel', data: { reason: 'Kế hoạch bị hủy' }, metadata: when('2022-05-01T00:00:00.000Z') }]);
    expect(displayStage(cancelled)).toBe('cancelled');
  });

  it('times the task: opens stages, reminds 7 and 1 days before, then climbs the ladder 0, 3 and 7 days after', () => {
    let state = run([
      {
        ...assign,
        data: { ...assign.data, stages: [{ ...stages[1], opensAt: '2022-04-20T00:00:00.000Z' }, stages[2]] },
        metadata: when('2022-04-20T00:00:00.000Z'),
      },
    ]);
    const fired: string[] = [];
    for (
      let wake = nextWakeUp(state, DEFAULT_TIMER_POLICY, Date.parse('2022-04-20T00:00:00.000Z'));
      wake !== undefined && fired.length < 20;
      wake = nextWakeUp(state, DEFAULT_TIMER_POLICY, wake)
    ) {
      const events = decideDue(state, DEFAULT_TIMER_POLICY, wake);
      fired.push(
        ...events.map((e) =>
          `${new Date(wake).toISOString().slice(0, 13)} ${e.type} ${'level' in e.data ? e.data.level : 'daysBefore' in e.data ? e.data.daysBefore : ''}`.trim(),
        ),
      );
      state = events.reduce(unitTaskDecider.evolve, state);
    }
    expect(fired).toEqual([
      '2022-04-20T17 ReminderSent 7',
      '2022-04-26T17 ReminderSent 1',
      '2022-04-27T17 DeadlineMissed',
      '2022-04-27T17 Escalated unit',
      '2022-04-30T17 Escalated head',
      '2022-05-04T17 Escalated board',
      '2022-05-12T17 StageOpened',
      '2022-05-12T17 ReminderSent 7',
      '2022-05-18T17 ReminderSent 1',
      '2022-05-19T17 DeadlineMissed',
      '2022-05-19T17 Escalated unit',
      '2022-05-22T17 Escalated head',
      '2022-05-26T17 Escalated board',
    ]);
  });

  it('schedules no reminder that would fall before the stage opened', () => {
    const state = run([assign]); // registration opened one day before its deadline: only the 1-day reminder is left
    expect(decideDue(state, DEFAULT_TIMER_POLICY, Date.parse('2022-04-27T03:00:00.000Z')).map((e) => e.data)).toEqual([
      { stageId: 'registration', dueAt: '2022-04-27T17:00:00.000Z', daysBefore: 1, sentAt: '2022-04-27T03:00:00.000Z' },
    ]);
  });

  it('escalates a stage returned after its deadline, past the reminder that can no longer be sent', () => {
    // Submitted early, returned two days after the deadline: the 1-day reminder is past and must not block the ladder.
    const returned = run(
      [
        register('2022-04-27T04:00:00.000Z'),
        {
          type: 'Decide',
          data: { stageId: 'registration', decision: 'return', reason: 'Thiếu chữ ký' },
          metadata: when('2022-04-29T17:00:00.000Z'),
        },
      ],
      run([assign]),
    );
    const events = decideDue(returned, DEFAULT_TIMER_POLICY, Date.parse('2022-04-29T18:00:00.000Z'));
    expect(events.map((e) => ('level' in e.data ? `${e.type} ${e.data.level}` : e.type))).toEqual(['DeadlineMissed', 'Escalated unit']);
  });

  it('catches up after an outage: the whole ladder due by now, in order', () => {
    const events = decideDue(run([assign]), DEFAULT_TIMER_POLICY, Date.parse('2022-05-10T00:00:00.000Z'));
    expect(events.map((e) => ('level' in e.data ? `${e.type} ${e.data.level}` : e.type))).toEqual([
      'DeadlineMissed',
      'Escalated unit',
      'Escalated head',
      'Escalated board',
    ]);
  });
});
