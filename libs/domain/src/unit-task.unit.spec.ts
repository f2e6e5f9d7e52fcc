import { decideUnitTask, evolveUnitTask, initialUnitTaskState, type UnitTaskCommand, type UnitTaskState } from '#domain';

const dueAt = '2022-04-27T17:00:00.000Z';
const run = (commands: UnitTaskCommand[]): UnitTaskState =>
  commands.reduce((state, command) => decideUnitTask(command, state).reduce(evolveUnitTask, state), initialUnitTaskState());
const assign: UnitTaskCommand = { type: 'AssignTask', data: { planId: 'p1', unitCode: 'SNGV', dueAt, now: '2022-04-27T03:00:00.000Z' } };

describe('unit task decider', () => {
  it('acknowledges on time before the deadline', () => {
    const state = run([assign, { type: 'AcknowledgeTask', data: { now: '2022-04-27T16:59:59.999Z' } }]);
    expect(state).toMatchObject({ status: 'acknowledged', late: false, overdue: false });
  });

  it('refuses a second acknowledgement with a reason', () => {
    const state = run([assign, { type: 'AcknowledgeTask', data: { now: '2022-04-27T04:00:00.000Z' } }]);
    expect(() => decideUnitTask({ type: 'AcknowledgeTask', data: { now: '2022-04-27T05:00:00.000Z' } }, state)).toThrow(
      /already acknowledged this task on 27\/04\/2022 11:00/,
    );
  });

  it('refuses an acknowledgement before the task is assigned', () => {
    expect(() => decideUnitTask({ type: 'AcknowledgeTask', data: { now: dueAt } }, initialUnitTaskState())).toThrow(/not been assigned/);
  });

  it('records a missed deadline once, only after the deadline, and a later acknowledgement as late', () => {
    const early = run([assign]);
    expect(decideUnitTask({ type: 'DetectMissedDeadline', data: { now: '2022-04-27T16:00:00.000Z' } }, early)).toEqual([]);
    const missed = run([assign, { type: 'DetectMissedDeadline', data: { now: dueAt } }]);
    expect(missed.overdue).toBe(true);
    expect(decideUnitTask({ type: 'DetectMissedDeadline', data: { now: dueAt } }, missed)).toEqual([]);
    const late = run([assign, { type: 'DetectMissedDeadline', data: { now: dueAt } }, { type: 'AcknowledgeTask', data: { now: '2022-04-28T01:00:00.000Z' } }]);
    expect(late).toMatchObject({ status: 'acknowledged', late: true, overdue: true });
  });

  it('does not mark an acknowledged task as missed', () => {
    const done = run([assign, { type: 'AcknowledgeTask', data: { now: '2022-04-27T04:00:00.000Z' } }]);
    expect(decideUnitTask({ type: 'DetectMissedDeadline', data: { now: dueAt } }, done)).toEqual([]);
  });
});
