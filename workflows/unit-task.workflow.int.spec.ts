import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { DEFAULT_TIMER_POLICY, stagesOf, unitTaskStreamId, type StageSpec, type UnitTaskState } from '#domain';
import { EventStore } from '#event-store';
import { createEventStore } from '#persistence';
import { createMigratedDataSource } from '../test/support/database.js';
import { runWorker } from '../test/support/worker.js';
import { createTimeSkippingEnv } from '../test/support/time-skipping.js';
import {
  conferUpdate,
  decideNomineeUpdate,
  decideUpdate,
  extendUpdate,
  planClosedSignal,
  submitUpdate,
  type Actor,
  type UnitTaskInput,
} from './messages.js';
import { UNIT_TASK_WORKFLOW_TYPE, type unitTaskWorkflow } from './unit-task.workflow.js';

/**
 * A whole year of one department's task in a province plan, in seconds, on the time-skipping test server,
 * with the real event store. The calendar is KH 119/KH-UBND's (2022) moved to 2027: the test server's
 * clock starts today and cannot go back.
 */
/** A rejected update: the validator's reason is the cause's message. */
const refusal = (message: RegExp) => ({
  name: 'WorkflowUpdateFailedError',
  cause: expect.objectContaining({ message: expect.stringMatching(message) }),
});
const vn = (date: string, time = '00:00') => new Date(`${date}T${time}:00+07:00`).toISOString();
const week = 7 * 24 * 3600 * 1000;
const stage = (id: string, kind: StageSpec['kind'], dueAt: string, phase?: string): StageSpec => ({
  id,
  kind,
  ...(phase ? { phase } : {}),
  dueAt,
  opensAt: kind === 'registration' ? vn('2027-04-27') : new Date(Date.parse(dueAt) - week).toISOString(),
});

describe('a unit task through a year, on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;
  let store: EventStore;
  let worker: { stop(): Promise<void> };
  const taskQueue = `lifecycle-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    ({ dataSource } = await createMigratedDataSource('lifecycle'));
    store = createEventStore(dataSource);
    worker = await runWorker(env.nativeConnection, taskQueue, store);
  }, 120_000);

  /** Advances the test server's clock (not this process's) to an instant. */
  const sleepUntil = async (instant: string) => env.sleep(Date.parse(instant) - (await env.currentTimeMs()));

  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('reminds and escalates a missed registration, returns a report with a reason, extends a deadline, refuses an over-quota nomination, confers and forwards awards, closes', async () => {
    await sleepUntil(vn('2027-04-27', '09:00')); // KH 119 is launched on 27/4
    const planId = '11111111-2027-4119-8119-000000000119';
    const input: UnitTaskInput = {
      planId,
      unitCode: 'SNGV',
      issuerUnit: 'TINH',
      policy: DEFAULT_TIMER_POLICY,
      rules: { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1 }], issuerKind: 'board', ruleDate: '2027-04-27' },
      stages: [
        stage('registration', 'registration', vn('2027-04-28')), // "trước ngày 28/4"
        stage('interim:1', 'interim-review', vn('2027-05-20'), 'Đợt 1'), // "Đợt 1 đến 19/5", hết ngày
        stage('nomination', 'nomination', vn('2027-12-01')), // "hết ngày 30/11"
        stage('final-review', 'final-review', vn('2028-01-01')),
      ],
    };
    const workflowId = unitTaskStreamId(planId, 'SNGV');
    const handle = await env.client.workflow.start<typeof unitTaskWorkflow>(UNIT_TASK_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
    });
    const department: Actor = { id: 'van.phong@sngv', role: 'department', unit: 'SNGV' };
    const board: Actor = { id: 'ban.tdkt@tinh', role: 'board', unit: 'TINH' };
    const stageOf = (state: UnitTaskState, id: string) => stagesOf(state).find((s) => s.id === id)!;

    // The department never registers: missed at 00:00 on 28/4, then escalated to its head and to the board.
    await env.sleep('10 days');
    // Đợt 1: the interim report, returned with a reason, then resubmitted and accepted.
    await sleepUntil(vn('2027-05-15'));
    await handle.executeUpdate(submitUpdate, {
      args: [{ actor: department, stageId: 'interim:1', payload: { kind: 'report', summary: 'Sơ kết Đợt 1' } }],
    });
    await expect(
      handle.executeUpdate(decideUpdate, { args: [{ actor: department, stageId: 'interim:1', decision: 'accept' }] }),
    ).rejects.toMatchObject(refusal(/cannot decide on its own submission/));
    const returned = await handle.executeUpdate(decideUpdate, {
      args: [{ actor: board, stageId: 'interim:1', decision: 'return', reason: 'Thiếu số liệu về công tác biên giới' }],
    });
    expect(stageOf(returned, 'interim:1')).toMatchObject({ status: 'returned', returnReason: 'Thiếu số liệu về công tác biên giới' });
    await handle.executeUpdate(submitUpdate, {
      args: [{ actor: department, stageId: 'interim:1', payload: { kind: 'report', summary: 'Sơ kết Đợt 1, bổ sung số liệu' } }],
    });
    await handle.executeUpdate(decideUpdate, { args: [{ actor: board, stageId: 'interim:1', decision: 'accept' }] });

    // The board extends the nomination deadline to the end of 7/12, with a reason.
    await sleepUntil(vn('2027-11-20'));
    await handle.executeUpdate(extendUpdate, {
      args: [{ actor: board, stageId: 'nomination', dueAt: vn('2027-12-08'), reason: 'Chờ kết quả đánh giá cán bộ cuối năm' }],
    });
    await sleepUntil(vn('2027-12-03')); // after the old deadline, before the new one

    const nominees = [
      {
        nomineeKind: 'individual' as const,
        name: 'Nguyễn Văn A',
        award: 'BANG_KHEN_TINH' as const,
        achievement: 'Hoàn thành xuất sắc công tác phân giới cắm mốc',
      },
      {
        nomineeKind: 'individual' as const,
        name: 'Trần Thị B',
        award: 'BANG_KHEN_TINH' as const,
        achievement: 'Tham mưu tốt công tác đối ngoại',
      },
      {
        nomineeKind: 'collective' as const,
        name: 'Sở Ngoại vụ',
        award: 'BANG_KHEN_TTG' as const,
        achievement: 'Dẫn đầu phong trào bảo vệ an ninh Tổ quốc',
      },
    ];
    await expect(
      handle.executeUpdate(submitUpdate, {
        args: [{ actor: department, stageId: 'nomination', payload: { kind: 'nomination', nominees } }],
      }),
    ).rejects.toMatchObject(refusal(/Nomination 2 \(Trần Thị B, Bằng khen .*\) .*quota/));
    const submitted = await handle.executeUpdate(submitUpdate, {
      args: [{ actor: department, stageId: 'nomination', payload: { kind: 'nomination', nominees: [nominees[0], nominees[2]] } }],
    });
    expect(stageOf(submitted, 'nomination')).toMatchObject({ late: false, nominees: [{ route: 'decide-here' }, { route: 'central' }] });
    for (const index of [0, 1])
      await handle.executeUpdate(decideNomineeUpdate, { args: [{ actor: board, stageId: 'nomination', index, decision: 'approved' }] });
    const conferred = await handle.executeUpdate(conferUpdate, {
      args: [{ actor: board, stageId: 'nomination', reference: '3456/QĐ-UBND' }],
    });
    expect(stageOf(conferred, 'nomination').nominees!.map((n) => [n.name, n.conferred ?? false, n.forwarded ?? false])).toEqual([
      ['Nguyễn Văn A', true, false],
      ['Sở Ngoại vụ', false, true],
    ]);

    // Year end: the final report, accepted; then the plan closes and the task with it.
    await sleepUntil(vn('2027-12-28'));
    await handle.executeUpdate(submitUpdate, {
      args: [{ actor: department, stageId: 'final-review', payload: { kind: 'report', summary: 'Tổng kết năm 2027' } }],
    });
    await handle.executeUpdate(decideUpdate, { args: [{ actor: board, stageId: 'final-review', decision: 'accept' }] });
    await handle.signal(planClosedSignal, { actor: board.id });
    await handle.result();

    const events = await store.readStream(workflowId);
    const story = events.map((e) => {
      const data = e.data as { stageId?: string; level?: string; daysBefore?: number };
      return [e.type, data.stageId, data.level ?? data.daysBefore].filter((part) => part !== undefined).join(' ');
    });
    expect(story).toEqual([
      'TaskAssigned',
      'ReminderSent registration 1', // due at 00:00 on 27/4, when the stage opened
      'DeadlineMissed registration', // 00:00 on 28/4
      'Escalated registration unit',
      'Escalated registration head', // 3 days later
      'Escalated registration board', // 7 days later: the board sees the unit overdue
      'StageOpened interim:1', // a week before its deadline, with the 7-day reminder
      'ReminderSent interim:1 7',
      'SubmissionMade interim:1',
      'SubmissionReturned interim:1',
      'SubmissionMade interim:1',
      'SubmissionAccepted interim:1',
      'DeadlineExtended nomination',
      'StageOpened nomination',
      'ReminderSent nomination 7', // 7 days before the new deadline
      'SubmissionMade nomination', // after the old deadline, yet on time
      'NomineeDecided nomination',
      'NomineeDecided nomination',
      'AwardsConferred nomination',
      'NominationsForwarded nomination', // Bằng khen Thủ tướng: beyond the province
      'SubmissionAccepted nomination',
      'StageOpened final-review',
      'ReminderSent final-review 7',
      'SubmissionMade final-review',
      'SubmissionAccepted final-review',
      'TaskClosed',
    ]);
    expect(events.map((e) => e.metadata.actor)).toContain('ban.tdkt@tinh');
    expect((await store.verifyStream(workflowId)).ok).toBe(true);
  }, 180_000);
});
