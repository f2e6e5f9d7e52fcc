import { Client, Connection } from '@temporalio/client';
import { eventually, http, startSystem, type RunningSystem } from './support/system.js';

/**
 * The thin path through everything, on the real Temporal server and PostgreSQL: create a plan, launch it
 * (one workflow, one child per unit), acknowledge, refuse what must be refused, miss a deadline.
 */
describe('walking skeleton: create → launch → acknowledge → missed deadline', () => {
  let system: RunningSystem;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    system = await startSystem();
    api = http(system.baseUrl, 'can.bo@tinh');
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('rejects a bad plan with a 400 naming the field, and records nothing', async () => {
    const response = await api.post('/plans', { numberSymbol: 'KH 119', title: 'x', issuingUnit: 'TINH', recipients: [], deadline: '2022-02-31' });
    expect(response.status).toBe(400);
    const messages = (response.body.message as string[]).join(' | ');
    expect(messages).toContain('numberSymbol must look like "119/KH-UBND"');
    expect(messages).toContain('recipients must name at least one unit');
    expect(messages).toContain('title must be longer than or equal to 3 characters');

    const badDate = await api.post('/plans', { numberSymbol: '119/KH-UBND', title: 'Kế hoạch', issuingUnit: 'TINH', recipients: ['SNGV'], deadline: '2022-02-31' });
    expect(badDate).toMatchObject({ status: 400, body: { code: 'INVALID_DATE', message: '2022-02-31 does not exist in the calendar' } });

    const unknownUnit = await api.post('/plans', { numberSymbol: '119/KH-UBND', title: 'Kế hoạch', issuingUnit: 'TINH', recipients: ['SXYZ'], deadline: '2022-04-28' });
    expect(unknownUnit).toMatchObject({ status: 404, body: { code: 'UNKNOWN_UNIT' } });

    const noActor = await http(system.baseUrl, '').post('/plans', {});
    expect(noActor.status).toBe(400);
    expect(noActor.body.message).toContain('X-Actor');
  });

  it('runs a plan through launch, acknowledgement and a missed deadline, recording each step once', async () => {
    const deadline = new Date(Date.now() + 8_000).toISOString();
    const created = await api.post('/plans', {
      numberSymbol: '119/KH-UBND',
      title: 'Phát động phong trào thi đua "Toàn dân bảo vệ an ninh Tổ quốc" năm 2022',
      issuingUnit: 'TINH',
      recipients: ['SNGV', 'SGDDT'],
      deadline,
    });
    expect(created.status).toBe(201);
    const planId: string = created.body.planId;
    expect(created.body).toMatchObject({ status: 'draft', units: [{ unitCode: 'SNGV', status: 'not-launched' }, { unitCode: 'SGDDT', status: 'not-launched' }] });

    const launched = await api.post(`/plans/${planId}/launch`);
    expect(launched).toMatchObject({ status: 202, body: { started: true, workflowId: `plan:${planId}` } });
    const again = await api.post(`/plans/${planId}/launch`);
    expect(again).toMatchObject({ status: 202, body: { started: false } });

    await eventually(async () => {
      const plan = await api.get(`/plans/${planId}`);
      return plan.body.units.every((u: { status: string }) => u.status === 'assigned') ? plan : undefined;
    });

    const acknowledged = await http(system.baseUrl, 'van.phong@sngv').post(`/plans/${planId}/units/SNGV/acknowledge`);
    expect(acknowledged).toMatchObject({ status: 200, body: { status: 'acknowledged', late: false } });
    const countAfterAck = (await api.get(`/plans/${planId}/events`)).body.length;

    const twice = await http(system.baseUrl, 'van.phong@sngv').post(`/plans/${planId}/units/SNGV/acknowledge`);
    expect(twice).toMatchObject({ status: 409, body: { code: 'TASK_ALREADY_ACKNOWLEDGED' } });
    expect(twice.body.message).toMatch(/^Unit SNGV already acknowledged this task on \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const notInPlan = await api.post(`/plans/${planId}/units/STTTT/acknowledge`);
    expect(notInPlan).toMatchObject({ status: 404, body: { code: 'UNIT_NOT_IN_PLAN' } });
    expect((await api.get(`/plans/${planId}/events`)).body).toHaveLength(countAfterAck);

    const afterDeadline = await eventually(async () => {
      const plan = await api.get(`/plans/${planId}`);
      return plan.body.units.find((u: { unitCode: string }) => u.unitCode === 'SGDDT').overdue ? plan : undefined;
    }, 30_000);
    expect(afterDeadline.body.units).toEqual([
      expect.objectContaining({ unitCode: 'SNGV', status: 'acknowledged', overdue: false, late: false }),
      expect.objectContaining({ unitCode: 'SGDDT', status: 'assigned', overdue: true }),
    ]);

    const events = (await api.get(`/plans/${planId}/events`)).body as Array<{ type: string; streamId: string; actor: string; version: number }>;
    expect(events.map((e) => `${e.streamId.replace(planId, 'P')} ${e.type}`)).toEqual([
      'plan:P PlanCreated',
      'plan:P PlanLaunched',
      ...[expect.stringMatching(/^plan:P:unit:(SNGV|SGDDT) TaskAssigned$/), expect.stringMatching(/^plan:P:unit:(SNGV|SGDDT) TaskAssigned$/)],
      'plan:P:unit:SNGV TaskAcknowledged',
      'plan:P:unit:SGDDT TaskDeadlineMissed',
    ]);
    expect(events.find((e) => e.type === 'TaskAcknowledged')!.actor).toBe('van.phong@sngv');
    expect(events.find((e) => e.type === 'PlanLaunched')!.actor).toBe('can.bo@tinh');

    // A late acknowledgement is accepted and recorded as late.
    const late = await http(system.baseUrl, 'van.phong@sgddt').post(`/plans/${planId}/units/SGDDT/acknowledge`);
    expect(late).toMatchObject({ status: 200, body: { status: 'acknowledged', late: true, overdue: true } });

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
  }, 90_000);
});
