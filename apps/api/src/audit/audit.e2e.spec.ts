import { Client, Connection } from '@temporalio/client';
import { demoPlan } from '#persistence/dev';
import { checkpointScheduleId } from '../../../worker/src/checkpoint-schedule.service.js';
import { verifyBundle } from '#event-store';
import { eventually, people, startSystem, type RunningSystem } from '../../../../test/support/system.js';

/**
 * The inspector's endpoints on the running system (real Temporal dev server and PostgreSQL): a plan is launched, a
 * registration returned with a reason and resubmitted; then the auditor reads the timeline (filtered, paginated),
 * the cascade as of a past instant and of a plan version, the diff since, verifies, signs a checkpoint and takes
 * the bundle away. Refusals: a department (403), malformed queries (400), an unknown plan (404).
 */
describe('audit endpoints', () => {
  let system: RunningSystem;
  let planId: string;
  let beforeReturn: string;
  const auditor = () => system.as(people.auditor);

  beforeAll(async () => {
    system = await startSystem();
    const [board, sngv] = [system.as(people.board), system.as(people.sngv)];
    planId = (
      await board.post('/plans', {
        ...demoPlan(),
        recipients: [
          { unitCode: 'SNGV', role: 'implement' },
          { unitCode: 'SGDDT', role: 'implement' },
        ],
      })
    ).body.planId;
    await board.post(`/plans/${planId}/launch`);
    const tree = async () =>
      (await board.get(`/plans/${planId}`)).body as { units: { unitCode: string; status: string; stageStatus?: string }[] };
    await eventually(async () => ((await tree()).units.every((u) => u.status === 'open') ? true : undefined));
    const register = () =>
      sngv.post(`/plans/${planId}/units/SNGV/stages/registration/submit`, { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] });
    expect((await register()).status).toBe(200);
    beforeReturn = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      (
        await board.post(`/plans/${planId}/units/SNGV/stages/registration/decide`, {
          decision: 'return',
          reason: 'Bổ sung danh hiệu cá nhân',
        })
      ).status,
    ).toBe(200);
    expect((await register()).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the timeline with time, actor, unit, action and reason; filtered and paginated', async () => {
    const all = await auditor().get(`/audit/plans/${planId}/timeline`);
    expect(all.status).toBe(200);
    expect(all.body.entries[0]).toMatchObject({
      type: 'PlanCreated',
      actor: people.board.sub,
      version: 1,
      action: 'Tạo dự thảo kế hoạch',
      atVietnam: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/),
    });
    const returned = all.body.entries.find((e: { type: string }) => e.type === 'SubmissionReturned');
    expect(returned).toMatchObject({
      unitCode: 'SNGV',
      actor: people.board.sub,
      reason: 'Bổ sung danh hiệu cá nhân',
      action: 'Trả lại, yêu cầu bổ sung',
    });

    const sngvOnly = await auditor().get(`/audit/plans/${planId}/timeline?unit=SNGV&type=SubmissionMade,SubmissionReturned`);
    expect(sngvOnly.body.entries.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['SubmissionMade', people.sngv.sub],
      ['SubmissionReturned', people.board.sub],
      ['SubmissionMade', people.sngv.sub],
    ]);
    const byActor = await auditor().get(`/audit/plans/${planId}/timeline?actor=${encodeURIComponent(people.sngv.sub)}`);
    expect(byActor.body.total).toBe(2);

    // Pages of 3 walk the whole timeline, each event once.
    const seen: string[] = [];
    for (let after: string | undefined, pages = 0; pages < 50; pages++) {
      const page = await auditor().get(`/audit/plans/${planId}/timeline?limit=3${after ? `&after=${after}` : ''}`);
      seen.push(...page.body.entries.map((e: { eventId: string }) => e.eventId));
      after = page.body.next;
      if (!after) break;
    }
    expect(seen).toEqual(all.body.entries.map((e: { eventId: string }) => e.eventId));
  });

  it('shows the cascade as it stood before the return, and the diff since, with who did it', async () => {
    const then = await auditor().get(`/audit/plans/${planId}/as-of?at=${encodeURIComponent(beforeReturn)}`);
    expect(then.status).toBe(200);
    expect(then.body.units.find((u: { unitCode: string }) => u.unitCode === 'SNGV')).toMatchObject({
      stage: 'registration',
      stageStatus: 'submitted',
      returned: false,
    });
    const now = await system.as(people.board).get(`/plans/${planId}`);
    expect(now.body.units.find((u: { unitCode: string }) => u.unitCode === 'SNGV')).toMatchObject({ stageStatus: 'submitted' });

    const atCreation = await auditor().get(`/audit/plans/${planId}/as-of?version=1`);
    expect(atCreation.body).toMatchObject({ status: 'draft', asOf: { planVersion: 1 } });
    expect(atCreation.body.units.every((u: { status: string }) => u.status === 'not-launched')).toBe(true);

    const diff = await auditor().get(
      `/audit/plans/${planId}/diff?from=${encodeURIComponent(beforeReturn)}&to=${encodeURIComponent(new Date().toISOString())}`,
    );
    const sngv = diff.body.rows.find((r: { unitCode?: string }) => r.unitCode === 'SNGV');
    expect(sngv.events.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['SubmissionReturned', people.board.sub],
      ['SubmissionMade', people.sngv.sub],
    ]);
    expect(sngv.changes).toContainEqual({ field: 'version', before: expect.any(Number), after: expect.any(Number) });
  });

  it('verifies, signs a checkpoint on demand, and hands over a bundle that verifies offline', async () => {
    expect((await auditor().get(`/audit/verify?plan=${planId}`)).body).toMatchObject({ ok: true, scope: { streams: 3 }, problems: [] });
    const signed = await auditor().post('/audit/checkpoints');
    expect(signed).toMatchObject({ status: 200, body: { created: expect.any(Boolean) } });
    const report = await eventually(async () => {
      await auditor().post('/audit/checkpoints');
      const r = (await auditor().get(`/audit/verify?plan=${planId}`)).body;
      return r.checkpoints.uncovered === 0 ? r : undefined;
    });
    expect(report).toMatchObject({ ok: true, checkpoints: { verified: expect.any(Number), covered: report.events } });

    const bundle = await auditor().get(`/audit/plans/${planId}/bundle`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-disposition')).toBe(`attachment; filename=plan-${planId}.audit.ndjson`);
    const key = (await auditor().get('/audit/public-key')).body;
    expect(key.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    const offline = verifyBundle(Buffer.from(bundle.body as string), { publicKeyPem: key.publicKeyPem });
    expect(offline).toMatchObject({ ok: true, streams: 3, events: report.events, covered: report.events, uncovered: 0, problems: [] });
  });

  it('signs checkpoints periodically through a Temporal Schedule kept by the worker; triggered now, it signs one', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const schedule = new Client({ connection }).schedule.getHandle(checkpointScheduleId(system.config.TEMPORAL_TASK_QUEUE));
      expect((await schedule.describe()).spec.intervals).toEqual([expect.objectContaining({ every: 60 * 60 * 1000 })]);
      await system.as(people.board).post('/plans', demoPlan()); // something new to sign
      const signed = async () => (await auditor().get('/audit/verify')).body.checkpoints.verified as number;
      const before = await signed();
      await eventually(async () => {
        await schedule.trigger();
        return (await signed()) > before ? true : undefined;
      });
    } finally {
      await connection.close();
    }
  });

  it('refuses departments, malformed queries and unknown plans, with messages that say what to do', async () => {
    expect(await system.as(people.sngv).get(`/audit/plans/${planId}/timeline`)).toMatchObject({ status: 403 });
    expect(await auditor().get(`/audit/plans/${planId}/timeline?limit=0`)).toMatchObject({
      status: 400,
      body: { message: ['limit must be at least 1'] },
    });
    expect(await auditor().get(`/audit/plans/${planId}/timeline?from=yesterday`)).toMatchObject({
      status: 400,
      body: { message: [expect.stringMatching(/from must be an ISO 8601 date-time/)] },
    });
    expect(await auditor().get(`/audit/plans/${planId}/as-of`)).toMatchObject({ status: 400, body: { code: 'AS_OF_POINT' } });
    expect(await auditor().get(`/audit/plans/${planId}/as-of?at=2020-01-01T00:00:00Z&version=2`)).toMatchObject({
      status: 400,
      body: { code: 'AS_OF_POINT' },
    });
    expect(await auditor().get(`/audit/plans/${planId}/as-of?at=2020-01-01T00:00:00Z`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_YET_CREATED' },
    });
    expect(await auditor().get(`/audit/plans/${planId}/diff?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z`)).toMatchObject({
      status: 400,
      body: { code: 'DIFF_RANGE' },
    });
    expect(await auditor().get('/audit/plans/00000000-0000-4000-8000-000000000000/timeline')).toMatchObject({
      status: 404,
      body: { code: 'PLAN_NOT_FOUND' },
    });
    expect(await auditor().get('/audit/verify?plan=nope')).toMatchObject({ status: 400 });
  });
});
