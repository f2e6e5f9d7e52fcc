import { unitTaskDecider, type CommandMetadata, type StageSpec, type UnitTaskCommand, type UnitTaskState } from '#domain';
import type { RecordedEventOf } from '#event-store';
import { inboxChanges, type InboxChange } from './inbox.js';

const stages: StageSpec[] = [
  { id: 'registration', kind: 'registration', opensAt: '2022-04-20T03:00:00.000Z', dueAt: '2022-04-27T17:00:00.000Z' },
  { id: 'nomination', kind: 'nomination', opensAt: '2022-11-23T17:00:00.000Z', dueAt: '2022-11-30T17:00:00.000Z' },
];
const rules = { quotas: [], issuerKind: 'department' as const, ruleDate: '2022-04-27' };
const nominees = [
  { nomineeKind: 'individual' as const, name: 'Nguyễn Văn A', award: 'GIAY_KHEN' as const, achievement: 'Hoàn thành xuất sắc nhiệm vụ' },
  { nomineeKind: 'collective' as const, name: 'Phòng Lãnh sự', award: 'BANG_KHEN_TINH' as const, achievement: 'Tiêu biểu' },
];

/** Command metadata for a test: decided at `now`. */
const when = (now: string): CommandMetadata => ({ now, actor: 'tester' });

/** Decides each command and returns, per event, the inbox changes of that step. */
function play(commands: UnitTaskCommand[]): { state: UnitTaskState; steps: { type: string; changes: InboxChange[] }[] } {
  let state = unitTaskDecider.initialState();
  let version = 0;
  const steps: { type: string; changes: InboxChange[] }[] = [];
  for (const command of commands) {
    for (const event of unitTaskDecider.decide(command, state)) {
      version += 1;
      const before = state;
      state = unitTaskDecider.evolve(state, event);
      const recorded: RecordedEventOf<typeof event> = {
        ...event,
        streamId: 'plan:p:unit:SNGV.LS',
        eventId: `plan:p:unit:SNGV.LS/${version}`,
        version,
        globalPosition: String(version),
        transactionId: '1',
        schemaVersion: 1,
        metadata: { actor: 'tester' },
        recordedAt: '2030-01-01T00:00:00.000Z',
        prevHash: '',
        hash: '',
      };
      steps.push({ type: event.type, changes: inboxChanges({ event: recorded, planId: 'p', unitCode: 'SNGV.LS', before, after: state }) });
    }
  }
  return { state, steps };
}

const brief = (changes: InboxChange[]) =>
  changes.map((c) =>
    c.op === 'open'
      ? `open ${c.item.addresseeUnit}/${c.item.audience} ${c.item.kind} ${c.item.stageId}: ${c.item.message}${c.item.reason ? ` [${c.item.reason}]` : ''}`
      : c.op === 'resolve'
        ? `resolve ${JSON.stringify(c.where)} as ${c.resolution}`
        : `update ${JSON.stringify(c.where)} ${JSON.stringify(c.set)}`,
  );

const assign: UnitTaskCommand = {
  type: 'Assign',
  data: { planId: 'p', unitCode: 'SNGV.LS', issuerUnit: 'SNGV', rules, stages },
  metadata: when('2022-04-20T03:00:00.000Z'),
};
const openNomination: UnitTaskCommand = { type: 'OpenStage', data: { stageId: 'nomination' }, metadata: when('2022-11-23T17:00:00.000Z') };
const nominate = (now: string): UnitTaskCommand => ({
  type: 'Submit',
  data: { stageId: 'nomination', payload: { kind: 'nomination', nominees }, assessments: [{ route: 'decide-here' }, { route: 'forward' }] },
  metadata: when(now),
});

describe('inbox rules (pure: the changes each lifecycle event makes)', () => {
  it('asks the unit to submit only the stages open at assignment, and the others when they open', () => {
    const { steps } = play([assign, openNomination]);
    expect(brief(steps[0].changes)).toEqual(['open SNGV.LS/unit submit registration: Submit the registration']);
    expect(brief(steps[1].changes)).toEqual(['open SNGV.LS/unit submit nomination: Submit the nominations']);
  });

  it('sends a nomination to the issuer nominee by nominee; a returned nominee sends it all back with the reason', () => {
    const { steps } = play([
      assign,
      openNomination,
      nominate('2022-12-01T00:00:00.000Z'),
      {
        type: 'DecideNominee',
        data: { stageId: 'nomination', index: 0, decision: 'returned', reason: 'Bổ sung báo cáo thành tích' },
        metadata: when('2022-12-02T00:00:00.000Z'),
      },
    ]);
    expect(steps.map((s) => s.type)).toEqual(['TaskAssigned', 'StageOpened', 'SubmissionMade', 'NomineeDecided', 'SubmissionReturned']);
    expect(brief(steps[2].changes)).toEqual([
      'resolve {"stageId":"nomination","kinds":["submit","resubmit","overdue"]} as submitted',
      "open SNGV/issuer decide nomination: Decide on each of SNGV.LS's 2 nominee(s) (submitted late)",
    ]);
    expect(brief(steps[3].changes)).toEqual([]);
    expect(brief(steps[4].changes)).toEqual([
      'resolve {"stageId":"nomination","kinds":["decide"]} as returned',
      'open SNGV.LS/unit resubmit nomination: Returned: correct the nominations and submit again [Nguyễn Văn A: Bổ sung báo cáo thành tích]',
    ]);
  });

  it('resolves the decision when awards are conferred and the rest forwarded', () => {
    const { steps } = play([
      assign,
      openNomination,
      nominate('2022-11-25T00:00:00.000Z'),
      {
        type: 'DecideNominee',
        data: { stageId: 'nomination', index: 0, decision: 'approved' },
        metadata: when('2022-12-02T00:00:00.000Z'),
      },
      {
        type: 'DecideNominee',
        data: { stageId: 'nomination', index: 1, decision: 'approved' },
        metadata: when('2022-12-02T00:00:00.000Z'),
      },
      {
        type: 'Confer',
        data: { stageId: 'nomination', reference: '45/QĐ-SNGV', hasParentLevel: true },
        metadata: when('2022-12-03T00:00:00.000Z'),
      },
    ]);
    expect(steps.slice(-3).map((s) => [s.type, ...brief(s.changes)])).toEqual([
      ['AwardsConferred', 'resolve {"stageId":"nomination","kinds":["decide"]} as conferred'],
      ['NominationsForwarded', 'resolve {"stageId":"nomination","kinds":["decide"]} as forwarded'],
      ['SubmissionAccepted', 'resolve {"stageId":"nomination"} as accepted'],
    ]);
  });

  it('climbs the ladder: the unit is marked, its head and then the issuer get an item', () => {
    const escalate = (level: 'unit' | 'head' | 'board', now: string): UnitTaskCommand => ({
      type: 'Escalate',
      data: { stageId: 'registration', level },
      metadata: when(now),
    });
    const { steps } = play([
      assign,
      escalate('unit', '2022-04-27T17:00:00.000Z'),
      escalate('head', '2022-04-30T17:00:00.000Z'),
      escalate('board', '2022-05-04T17:00:00.000Z'),
    ]);
    expect(steps.slice(1).map((s) => [s.type, ...brief(s.changes)])).toEqual([
      ['DeadlineMissed', 'update {"stageId":"registration","audiences":["unit"]} {"overdue":true}'],
      ['Escalated', 'update {"stageId":"registration","audiences":["unit","head"]} {"escalation":"unit"}'],
      [
        'Escalated',
        'update {"stageId":"registration","audiences":["unit","head"]} {"escalation":"head"}',
        'open SNGV.LS/head overdue registration: SNGV.LS is overdue: the registration was due 28/04/2022 00:00',
      ],
      [
        'Escalated',
        'update {"stageId":"registration","audiences":["unit","head"]} {"escalation":"board"}',
        'open SNGV/issuer overdue registration: Unit SNGV.LS is overdue: the registration was due 28/04/2022 00:00',
      ],
    ]);
  });

  it('closes every open item of the task when the task closes', () => {
    const { steps } = play([assign, { type: 'Close', data: {}, metadata: when('2023-01-05T00:00:00.000Z') }]);
    expect(brief(steps[1].changes)).toEqual(['resolve {} as closed']);
  });

  it('derives item ids from the event, so a replay opens nothing new', () => {
    const first = play([assign]).steps[0].changes[0];
    const again = play([assign]).steps[0].changes[0];
    expect(first.op === 'open' && again.op === 'open' && first.item.id === again.item.id).toBe(true);
  });
});
