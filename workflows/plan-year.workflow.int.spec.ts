import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { In, type DataSource } from 'typeorm';
import { planStreamId, stagesOf, unitTaskStreamId, type PlanDraft } from '#domain';
import { EventStore } from '#event-store';
import {
  cascadeRows,
  createEventStore,
  diffCascade,
  eventsUpTo,
  findCascade,
  PlanEntity,
  readCascadeEvents,
  rebuildReadModels,
  UnitTaskEntity,
  type CascadeRows,
} from '#persistence';
import { KH_119, SNGV_PLAN } from '../test/support/seed-plans.js';
import { createMigratedDataSource } from '../test/support/database.js';
import { runWorker } from '../test/support/worker.js';
import { createTimeSkippingEnv } from '../test/support/time-skipping.js';
import {
  closePlanUpdate,
  conferUpdate,
  decideNomineeUpdate,
  decideUpdate,
  extendForAllUpdate,
  submitUpdate,
  type Actor,
  type PlanWorkflowInput,
} from './messages.js';
import type { planWorkflow } from './plan.workflow.js';

/**
 * The year: the 2022 movement "Toàn dân bảo vệ an ninh Tổ quốc" (KH 119/KH-UBND), played in seconds on the
 * time-skipping server with the real event store, across three levels. Its calendar is moved to 2027, because the
 * test server's clock starts today and cannot go back. The API is not involved: the workflows are driven as the
 * API drives them (appending PlanCreated, starting the plan workflow, sending updates).
 */
const HISTORIES = path.resolve('test/histories');
const in2027 = (draft: PlanDraft): PlanDraft => JSON.parse(JSON.stringify(draft).replaceAll('2022-', '2027-'));
const vn = (date: string, time = '00:00') => new Date(`${date}T${time}:00+07:00`).toISOString();
const refusal = (message: RegExp) => ({
  name: 'WorkflowUpdateFailedError',
  cause: expect.objectContaining({ message: expect.stringMatching(message) }),
});

const board: Actor = { id: 'ban.tdkt@tinh', role: 'board', unit: 'TINH' };
const actorFor = (unit: string): Actor => ({ id: `van.phong@${unit.toLowerCase()}`, role: 'department', unit });

describe('a year of KH 119 across three levels, on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;
  let store: EventStore;
  let worker: { stop(): Promise<void> };
  const taskQueue = `plan-year-${randomUUID().slice(0, 8)}`;
  const sleepUntil = async (instant: string) => env.sleep(Date.parse(instant) - (await env.currentTimeMs()));
  /** Waits (in real time) until the store holds what the workflows are writing. */
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
  /** Waits until no workflow is still writing (the event count holds still for half a second). */
  const quiet = async () => {
    const count = async () => Number((await dataSource.query('SELECT count(*) AS n FROM events'))[0].n);
    let before = -1;
    let now = await count();
    while (now !== before) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      [before, now] = [now, await count()];
    }
  };
  const readModelRows = async (planIds: string[]): Promise<CascadeRows> => ({
    plans: await dataSource.getRepository(PlanEntity).findBy({ planId: In(planIds) }),
    tasks: await dataSource.getRepository(UnitTaskEntity).findBy({ planId: In(planIds) }),
  });
  const allReadModelRows = async () =>
    Promise.all(['plans', 'unit_tasks', 'inbox_items'].map((table) => dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)));

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    ({ dataSource } = await createMigratedDataSource('planyear'));
    store = createEventStore(dataSource);
    worker = await runWorker(env.nativeConnection, taskQueue, store);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('cascades, reminds, escalates, returns, extends, refuses over quota, forwards upward, confers and closes — all in the event store, in order', async () => {
    const client = env.client;
    const update = <Ret, Args extends [unknown, ...unknown[]]>(
      workflowId: string,
      definition: UpdateDefinition<Ret, Args>,
      ...args: Args
    ) => client.workflow.getHandle(workflowId).executeUpdate(definition, { args });
    const create = async (planId: string, draft: PlanDraft, actor: string) => {
      const streamId = planStreamId(planId);
      await store.append(
        streamId,
        [{ eventId: `${streamId}/1`, type: 'PlanCreated', data: { planId, draft }, metadata: { actor, correlationId: planId } }],
        { expectedVersion: 'no-stream', streamType: 'plan' },
      );
    };
    const launch = (input: PlanWorkflowInput) =>
      client.workflow.start<typeof planWorkflow>('planWorkflow', { workflowId: planStreamId(input.planId), taskQueue, args: [input] });

    // 27/4: the province issues and launches KH 119 to three departments; Sở Ngoại vụ has divisions, so it must cascade.
    await sleepUntil(vn('2027-04-27', '09:00'));
    const kh119 = randomUUID();
    const province = in2027(KH_119);
    await create(kh119, province, board.id);
    await launch({ planId: kh119, launchedBy: board.id, cascading: ['SNGV'], issuerKind: 'board' });
    const task = (unit: string) => unitTaskStreamId(kh119, unit);
    await until(
      async () =>
        (await Promise.all(['SNGV', 'SGDDT', 'STTTT'].map(async (u) => (await types(task(u)))[0] === 'TaskAssigned'))).every(Boolean),
      'three tasks',
    );

    // Sở Ngoại vụ issues its derived plan (nominations only, Giấy khen quota 2 individuals) and launches it to two divisions.
    const sngvPlanId = randomUUID();
    const sngvPlan = in2027({
      ...SNGV_PLAN,
      parentPlanId: kh119,
      bases: [{ kind: 'plan', numberSymbol: province.numberSymbol, issuedOn: province.issuedOn, issuer: 'TINH', planId: kh119 }],
      milestones: { interimReviews: [], nomination: KH_119.milestones.nomination },
      recipients: [
        { unitCode: 'SNGV.VP', role: 'implement' },
        { unitCode: 'SNGV.LS', role: 'implement' },
        { unitCode: 'TINH', role: 'report-to' },
      ],
    });
    const sngv = actorFor('SNGV');
    await create(sngvPlanId, sngvPlan, sngv.id);
    await update(task('SNGV'), submitUpdate, {
      actor: sngv,
      stageId: 'derived-plan',
      payload: { kind: 'derived-plan', derivedPlanId: sngvPlanId },
    });
    await launch({ planId: sngvPlanId, launchedBy: sngv.id, cascading: [], issuerKind: 'department', parentTaskId: task('SNGV') });
    await update(task('SNGV'), decideUpdate, { actor: board, stageId: 'derived-plan', decision: 'accept' });
    const division = (unit: string) => unitTaskStreamId(sngvPlanId, unit);
    await until(async () => (await types(division('SNGV.LS')))[0] === 'TaskAssigned', "the divisions' tasks");

    // Registration "trước ngày 28/4": two departments register; Sở Giáo dục và Đào tạo never does.
    for (const unit of ['SNGV', 'STTTT']) {
      await update(task(unit), submitUpdate, {
        actor: actorFor(unit),
        stageId: 'registration',
        payload: { kind: 'registration', titles: [{ award: 'TLDTT', recipientKind: 'collective' }] },
      });
      await update(task(unit), decideUpdate, { actor: board, stageId: 'registration', decision: 'accept' });
    }
    await expect(
      update(task('STTTT'), submitUpdate, {
        actor: actorFor('STTTT'),
        stageId: 'registration',
        payload: { kind: 'registration', titles: [{ award: 'TLDTT', recipientKind: 'collective' }] },
      }),
    ).rejects.toMatchObject(refusal(/already accepted/));

    // Đợt 1's interim review: Sở Thông tin và Truyền thông's report is returned with a reason, then resubmitted.
    await sleepUntil(vn('2027-05-20'));
    // By now the board sees Sở Giáo dục và Đào tạo overdue: in the cascade tree's read model and in its own inbox.
    expect(
      (await dataSource.query(`SELECT overdue, escalation FROM unit_tasks WHERE plan_id = $1 AND unit_code = 'SGDDT'`, [kh119]))[0],
    ).toEqual({ overdue: true, escalation: 'board' });
    expect(
      await dataSource.query(
        `SELECT kind, addressee_unit FROM inbox_items WHERE plan_id = $1 AND unit_code = 'SGDDT' AND audience = 'issuer' AND resolved_at IS NULL`,
        [kh119],
      ),
    ).toEqual([{ kind: 'overdue', addressee_unit: 'TINH' }]);
    for (const unit of ['SNGV', 'SGDDT', 'STTTT'])
      await update(task(unit), submitUpdate, {
        actor: actorFor(unit),
        stageId: 'interim:Đợt 1',
        payload: { kind: 'report', summary: `Sơ kết Đợt 1 của ${unit}` },
      });
    await update(task('STTTT'), decideUpdate, {
      actor: board,
      stageId: 'interim:Đợt 1',
      decision: 'return',
      reason: 'Bổ sung số liệu tuyên truyền',
    });
    await update(task('STTTT'), submitUpdate, {
      actor: actorFor('STTTT'),
      stageId: 'interim:Đợt 1',
      payload: { kind: 'report', summary: 'Sơ kết Đợt 1, có số liệu tuyên truyền' },
    });
    for (const unit of ['SNGV', 'SGDDT', 'STTTT'])
      await update(task(unit), decideUpdate, { actor: board, stageId: 'interim:Đợt 1', decision: 'accept' });

    // 1/7, mid-year: what the live read models show now is what an auditor's as-of view must show later.
    await sleepUntil(vn('2027-07-01'));
    const midYear = new Date(await env.currentTimeMs());
    await quiet();
    const recordedMidYear = await readModelRows([kh119, sngvPlanId]);
    expect([recordedMidYear.plans.length, recordedMidYear.tasks.length]).toEqual([2, 5]);

    // 20/11: the board extends the nomination deadline for all units, to the end of 7/12.
    await sleepUntil(vn('2027-11-20'));
    await update(planStreamId(kh119), extendForAllUpdate, {
      actor: board,
      stageId: 'nomination',
      dueAt: vn('2027-12-08'),
      reason: 'Chờ kết quả đánh giá, xếp loại cuối năm',
    });

    // The divisions nominate to Sở Ngoại vụ: over the quota is refused; a Bằng khen tỉnh goes up to the province.
    await sleepUntil(vn('2027-11-24', '08:00'));
    const giayKhen = (name: string) => ({
      nomineeKind: 'individual' as const,
      name,
      award: 'GIAY_KHEN' as const,
      achievement: 'Hoàn thành xuất sắc nhiệm vụ',
    });
    const vp = actorFor('SNGV.VP');
    await expect(
      update(division('SNGV.VP'), submitUpdate, {
        actor: vp,
        stageId: 'nomination',
        payload: { kind: 'nomination', nominees: [giayKhen('Nguyễn Văn A'), giayKhen('Trần Văn B'), giayKhen('Lê Thị C')] },
      }),
    ).rejects.toMatchObject(refusal(/Nomination 3 .*quota/));
    const bangKhen = {
      nomineeKind: 'individual' as const,
      name: 'Phạm Văn D',
      award: 'BANG_KHEN_TINH' as const,
      achievement: 'Tiêu biểu trong công tác phân giới cắm mốc',
    };
    await update(division('SNGV.VP'), submitUpdate, {
      actor: vp,
      stageId: 'nomination',
      payload: { kind: 'nomination', nominees: [giayKhen('Nguyễn Văn A'), bangKhen] },
    });
    for (const index of [0, 1])
      await update(division('SNGV.VP'), decideNomineeUpdate, { actor: sngv, stageId: 'nomination', index, decision: 'approved' });
    await update(division('SNGV.VP'), conferUpdate, { actor: sngv, stageId: 'nomination', reference: '120/QĐ-SNgV' });
    await until(async () => (await types(task('SNGV'))).includes('NominationsReceived'), 'the forwarded nomination');

    // After the old deadline, before the new one: Sở Ngoại vụ nominates to the province, carrying the forwarded nominee.
    await sleepUntil(vn('2027-12-03'));
    const sngvNomination = await update(task('SNGV'), submitUpdate, {
      actor: sngv,
      stageId: 'nomination',
      payload: { kind: 'nomination', nominees: [bangKhen] },
    });
    expect(stagesOf(sngvNomination).find((s) => s.id === 'nomination')).toMatchObject({
      late: false,
      nominees: [{ route: 'decide-here' }],
    });
    await update(task('SNGV'), decideNomineeUpdate, { actor: board, stageId: 'nomination', index: 0, decision: 'approved' });
    await update(task('SNGV'), conferUpdate, { actor: board, stageId: 'nomination', reference: '3456/QĐ-UBND' });

    // Year end: final reports accepted, then the province closes the plan, which closes every task at every level.
    await sleepUntil(vn('2027-12-10'));
    for (const unit of ['SNGV', 'SGDDT', 'STTTT']) {
      await update(task(unit), submitUpdate, {
        actor: actorFor(unit),
        stageId: 'final-review',
        payload: { kind: 'report', summary: `Tổng kết năm 2027 của ${unit}` },
      });
      await update(task(unit), decideUpdate, { actor: board, stageId: 'final-review', decision: 'accept' });
    }
    await sleepUntil(vn('2027-12-20'));
    await update(planStreamId(kh119), closePlanUpdate, { actor: board });
    const allTasks = [task('SNGV'), task('SGDDT'), task('STTTT'), division('SNGV.VP'), division('SNGV.LS')];
    await until(
      async () => (await Promise.all(allTasks.map(async (t) => (await types(t)).at(-1) === 'TaskClosed'))).every(Boolean),
      'every task closed',
    );
    await until(async () => (await types(planStreamId(sngvPlanId))).at(-1) === 'PlanClosed', 'the derived plan closed');

    // The whole story, in the event store, in order.
    const story = (await store.readCorrelated(kh119)).map((e) => `${e.streamId.replace(kh119, 'KH119')} ${e.type}`);
    expect(
      inOrder(story, [
        'plan:KH119 PlanCreated',
        'plan:KH119 PlanLaunched',
        'plan:KH119:unit:SNGV SubmissionMade', // the derived plan
        'plan:KH119:unit:SGDDT DeadlineMissed', // registration, 28/4
        'plan:KH119:unit:SGDDT Escalated', // to the unit
        'plan:KH119:unit:SGDDT Escalated', // to its head
        'plan:KH119:unit:SGDDT Escalated', // to the board, which now sees it overdue
        'plan:KH119:unit:STTTT SubmissionReturned', // Đợt 1
        'plan:KH119:unit:STTTT SubmissionMade',
        'plan:KH119:unit:STTTT SubmissionAccepted',
        'plan:KH119 DeadlinesExtended',
        'plan:KH119:unit:SNGV DeadlineExtended',
        'plan:KH119:unit:SNGV NominationsReceived', // from SNGV.VP, through Sở Ngoại vụ's plan
        'plan:KH119:unit:SNGV AwardsConferred',
        'plan:KH119 PlanClosed',
        'plan:KH119:unit:SNGV TaskClosed',
      ]),
    ).toBe(true);
    const sgddt = await store.readStream(task('SGDDT'));
    const escalations = (stageId: string) =>
      sgddt
        .filter((e) => e.type === 'Escalated' && (e.data as { stageId: string }).stageId === stageId)
        .map((e) => (e.data as { level: string }).level);
    expect(escalations('registration')).toEqual(['unit', 'head', 'board']);
    expect(escalations('nomination')).toEqual(['unit', 'head', 'board']); // it never nominated, even after the extension
    expect(sgddt.find((e) => e.type === 'ReminderSent')).toBeDefined(); // reminded before it missed a deadline

    const derived = (await store.readCorrelated(sngvPlanId)).map((e) => `${e.streamId.replace(sngvPlanId, 'SNGV')} ${e.type}`);
    expect(derived.filter((line) => line === 'plan:SNGV:unit:SNGV.VP SubmissionMade')).toHaveLength(1); // the refused one left no trace
    expect(
      inOrder(derived, ['plan:SNGV:unit:SNGV.VP AwardsConferred', 'plan:SNGV:unit:SNGV.VP NominationsForwarded', 'plan:SNGV PlanClosed']),
    ).toBe(true);
    expect((await store.verifyAll()).ok).toBe(true);

    // The auditor's view: the cascade as of mid-year, folded from the events, is what the read models showed then.
    const cascade = (await findCascade(dataSource.manager, kh119))!;
    expect(cascade.plans).toEqual([{ planId: kh119 }, { planId: sngvPlanId, parentPlanId: kh119 }]);
    const events = await readCascadeEvents(dataSource.manager, cascade);
    const root = planStreamId(kh119);
    expect(comparable(cascadeRows(eventsUpTo(events, { at: midYear }, root)))).toEqual(comparable(recordedMidYear));
    // And the diff to the end is what happened in between, with who did it.
    const yearEnd = new Date(await env.currentTimeMs());
    const diff = diffCascade(events, { at: midYear }, { at: yearEnd }, root);
    const of = (planId: string, unitCode?: string) => diff.find((d) => d.planId === planId && d.unitCode === unitCode)!;
    expect(of(kh119).changes).toContainEqual({ field: 'status', before: 'launched', after: 'closed' });
    expect(of(kh119).events.map((e) => [e.type, e.actor, e.reason])).toEqual([
      ['DeadlinesExtended', board.id, 'Chờ kết quả đánh giá, xếp loại cuối năm'],
      ['PlanClosed', board.id, undefined],
    ]);
    expect(
      of(kh119, 'SNGV')
        .events.filter((e) => e.type === 'AwardsConferred')
        .map((e) => [e.actor, e.atVietnam]),
    ).toEqual([[board.id, expect.stringMatching(/^0[3-9]\/12\/2027/)]]);
    expect(of(kh119, 'SGDDT').changes).toEqual(expect.arrayContaining([{ field: 'status', before: 'open', after: 'closed' }]));
    expect(of(sngvPlanId, 'SNGV.VP').events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['SubmissionMade', 'NomineeDecided', 'AwardsConferred', 'NominationsForwarded', 'TaskClosed']),
    );
    // Nothing before mid-year is in the diff: the registration of 27/4 and Đợt 1 belong to the earlier state.
    expect(diff.flatMap((d) => d.events).every((e) => e.at > midYear.toISOString())).toBe(true);

    // Rebuilding the read models from the event store gives exactly the live ones, after the whole year.
    const live = await allReadModelRows();
    await rebuildReadModels(dataSource);
    expect(await allReadModelRows()).toEqual(live);

    // `RECORD_HISTORIES=1 npm test` refreshes the histories that plan.replay.spec.ts replays against later code.
    if (process.env.RECORD_HISTORIES === '1') {
      const workflows = {
        'kh119-plan': planStreamId(kh119),
        'kh119-unit-sgddt': task('SGDDT'),
        'kh119-unit-sngv': task('SNGV'),
        'sngv-plan': planStreamId(sngvPlanId),
        'sngv-unit-vp': division('SNGV.VP'),
      };
      for (const [name, workflowId] of Object.entries(workflows)) {
        writeFileSync(path.join(HISTORIES, `${name}.json`), historyToJSON(await client.workflow.getHandle(workflowId).fetchHistory()));
      }
    }
  }, 300_000);
});

/** Rows as JSON (dates as ISO strings), each list sorted by its key, so a fold and a table compare field by field. */
function comparable({ plans, tasks }: CascadeRows): unknown {
  const sorted = <T>(rows: T[], key: (row: T) => string) =>
    JSON.parse(JSON.stringify([...rows].sort((a, b) => key(a).localeCompare(key(b)))));
  return { plans: sorted(plans, (p) => p.planId), tasks: sorted(tasks, (t) => `${t.planId}/${t.unitCode}`) };
}

/** Whether `expected` appears in `actual` in this order (other events may come between). */
function inOrder(actual: string[], expected: string[]): boolean {
  let next = 0;
  for (const line of actual) if (line === expected[next]) next++;
  if (next < expected.length) console.error(`Missing in order: ${expected[next]}\nin:\n${actual.join('\n')}`);
  return next === expected.length;
}
