import { Client, Connection } from '@temporalio/client';
import { eventually, http, people, startSystem, type RunningSystem } from './support/system.js';

/**
 * The thin path through everything, on the real Temporal server and PostgreSQL: create a plan, launch it
 * (one workflow, one child per unit), acknowledge, refuse what must be refused, miss a deadline.
 */
describe('walking skeleton: create → launch → acknowledge → missed deadline', () => {
  let system: RunningSystem;
  let board: ReturnType<typeof http>;
  const plan119 = (overrides: Record<string, unknown> = {}) => ({
    numberSymbol: '119/KH-UBND',
    title: 'Phát động phong trào thi đua "Toàn dân bảo vệ an ninh Tổ quốc" năm 2022',
    issuingUnit: 'TINH',
    recipients: ['SNGV', 'SGDDT'],
    deadline: '2099-12-31',
    ...overrides,
  });
  const unitStates = async (planId: string) => (await board.get(`/plans/${planId}`)).body.units as Array<Record<string, unknown>>;
  const eventsOf = async (planId: string) =>
    (await board.get(`/plans/${planId}/events`)).body as Array<{ type: string; streamId: string; actor: string; eventId: string; causationId?: string }>;
  const launchAndWaitForAssignment = async (planId: string) => {
    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202, body: { started: true, workflowId: `plan:${planId}` } });
    await eventually(async () => ((await unitStates(planId)).every((u) => u.status === 'assigned') ? true : undefined));
  };

  beforeAll(async () => {
    system = await startSystem();
    board = system.as(people.board);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('refuses a department issuing a plan for the province, or sending one outside its scope', async () => {
    expect(await system.as(people.sngv).post('/plans', plan119())).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await system.as(people.sngv).post('/plans', plan119({ issuingUnit: 'SNGV', recipients: ['SGDDT'] }))).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await system.as(people.sngv).post('/plans', plan119({ numberSymbol: '45/KH-SNGV', issuingUnit: 'SNGV', recipients: ['SNGV.VP', 'SNGV.LS'] }))).toMatchObject({ status: 201 });
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const response = await board.post('/plans', { numberSymbol: 'KH 119', title: 'x', issuingUnit: 'TINH', recipients: [], deadline: '2022-02-31' });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(
      expect.arrayContaining([
        'numberSymbol must look like "119/KH-UBND" (number, "/", symbol)',
        'title must be longer than or equal to 3 characters',
        'recipients must name at least one unit',
        'deadline: 2022-02-31 does not exist in the calendar',
      ]),
    );
    expect(await board.post('/plans', plan119({ deadline: '2022-04-28T00:00:00' }))).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/^deadline: .*with its zone/)] } });
    expect(await board.post('/plans', plan119({ title: 'Kế hoạch\u0000' }))).toMatchObject({ status: 400, body: { message: ['title must be text without control characters'] } });
    expect(await board.post('/plans', plan119({ recipients: ['SXYZ', 'SNGV'] }))).toMatchObject({
      status: 400,
      body: { code: 'UNKNOWN_UNIT', message: ['recipients names unknown unit(s) SXYZ; GET /units lists the known ones'] },
    });
    expect(await board.post('/plans', plan119({ extra: 1 }))).toMatchObject({ status: 400, body: { message: ['property extra should not exist'] } });
    expect(await http(system.baseUrl).post('/plans', plan119())).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    expect(await board.get('/plans/not-a-uuid')).toMatchObject({ status: 400, body: { message: expect.stringContaining('must be a UUID') } });
  });

  it('lists the units plans can be sent to', async () => {
    const units = (await board.get('/units')).body as Array<{ code: string; parentCode?: string }>;
    expect(units).toEqual(expect.arrayContaining([{ code: 'SNGV', name: 'Sở Ngoại vụ', kind: 'department', parentCode: 'TINH' }]));
  });

  it('creates a plan once per Idempotency-Key, and refuses the key for a different plan', async () => {
    const key = { 'idempotency-key': `create-${Date.now()}` };
    const first = await board.post('/plans', plan119(), key);
    const retry = await board.post('/plans', plan119(), key);
    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: { planId: first.body.planId, version: 1 } });
    expect(await eventsOf(first.body.planId)).toEqual([expect.objectContaining({ type: 'PlanCreated', eventId: `plan:${first.body.planId}/1` })]);
    expect(await board.post('/plans', plan119({ title: 'Một kế hoạch khác' }), key)).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('launches once, acknowledges once, and refuses a second acknowledgement or a unit not in the plan, recording nothing', async () => {
    const created = await board.post('/plans', plan119());
    expect(created).toMatchObject({ status: 201, body: { status: 'draft', units: [{ unitCode: 'SNGV', status: 'not-launched' }, { unitCode: 'SGDDT', status: 'not-launched' }] } });
    const planId: string = created.body.planId;
    await launchAndWaitForAssignment(planId);
    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202, body: { started: false } });

    const sngv = system.as(people.sngv);
    const acknowledged = await sngv.post(`/plans/${planId}/units/SNGV/acknowledge`, undefined, { 'idempotency-key': 'ack-1' });
    expect(acknowledged).toMatchObject({ status: 200, body: { planId, unitCode: 'SNGV', status: 'acknowledged', late: false, overdue: false } });
    const recorded = await eventsOf(planId);

    const twice = await sngv.post(`/plans/${planId}/units/SNGV/acknowledge`);
    expect(twice).toMatchObject({ status: 409, body: { code: 'TASK_ALREADY_ACKNOWLEDGED' } });
    expect(twice.body.message).toMatch(/^Unit SNGV already acknowledged this task on \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(Vietnam time\); nothing was recorded$/);
    expect(await board.post(`/plans/${planId}/units/STTTT/acknowledge`)).toMatchObject({ status: 404, body: { code: 'UNIT_NOT_IN_PLAN' } });
    // Scope: a department cannot act on another department's task, nor see it; an auditor changes nothing.
    expect(await system.as(people.sgddt).post(`/plans/${planId}/units/SNGV/acknowledge`)).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect((await system.as(people.sgddt).get(`/plans/${planId}`)).body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['SGDDT']);
    expect(await system.as(people.stttt).get(`/plans/${planId}`)).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await system.as(people.auditor).post(`/plans/${planId}/launch`)).toMatchObject({ status: 403, body: { code: 'READ_ONLY_ROLE' } });
    expect((await system.as(people.auditor).get(`/plans/${planId}`)).body.units).toHaveLength(2);
    // A retry of the first request (same Idempotency-Key) gets the first answer, not a refusal.
    expect(await sngv.post(`/plans/${planId}/units/SNGV/acknowledge`, undefined, { 'idempotency-key': 'ack-1' })).toMatchObject({ status: 200, body: { status: 'acknowledged' } });
    expect(await eventsOf(planId)).toEqual(recorded);

    expect(recorded.map((e) => `${e.streamId.replace(planId, 'P')} ${e.type}`)).toEqual([
      'plan:P PlanCreated',
      'plan:P PlanLaunched',
      expect.stringMatching(/^plan:P:unit:(SNGV|SGDDT) AcknowledgementRequested$/),
      expect.stringMatching(/^plan:P:unit:(SNGV|SGDDT) AcknowledgementRequested$/),
      'plan:P:unit:SNGV TaskAcknowledged',
    ]);
    expect(recorded.at(-1)).toMatchObject({ actor: 'van.phong@sngv', causationId: 'ack-1', eventId: `plan:${planId}:unit:SNGV/2` });
    expect(recorded[1]).toMatchObject({ actor: 'can.bo@tinh', eventId: `plan:${planId}/2` });

    // Temporal holds one workflow for the plan and one per unit, under deterministic ids.
    const connection = await Connection.connect({ address: system.config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection });
      const ids = [`plan:${planId}`, `plan:${planId}:unit:SNGV`, `plan:${planId}:unit:SGDDT`];
      const described = await Promise.all(ids.map((id) => client.workflow.getHandle(id).describe()));
      expect(described.map((d) => d.type)).toEqual(['planWorkflow', 'unitTaskWorkflow', 'unitTaskWorkflow']);
    } finally {
      await connection.close();
    }
  }, 60_000);

  it('marks a unit overdue when its deadline passes, and records a later acknowledgement as late', async () => {
    const created = await board.post('/plans', plan119({ recipients: ['STTTT'], deadline: new Date(Date.now() + 4_000).toISOString() }));
    const planId: string = created.body.planId;
    await launchAndWaitForAssignment(planId);

    await eventually(async () => ((await unitStates(planId))[0]!.overdue ? true : undefined), 30_000);
    expect((await eventsOf(planId)).map((e) => e.type)).toEqual(['PlanCreated', 'PlanLaunched', 'AcknowledgementRequested', 'TaskDeadlineMissed']);

    const late = await system.as(people.stttt).post(`/plans/${planId}/units/STTTT/acknowledge`);
    expect(late).toMatchObject({ status: 200, body: { status: 'acknowledged', late: true, overdue: true } });
    expect(await unitStates(planId)).toEqual([expect.objectContaining({ unitCode: 'STTTT', status: 'acknowledged', overdue: true, late: true })]);
  }, 60_000);
});
