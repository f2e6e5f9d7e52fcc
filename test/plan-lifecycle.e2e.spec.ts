import { Client, Connection } from '@temporalio/client';
import { demoPlan } from '#persistence/dev';
import { eventually, http, people, startSystem, type RunningSystem } from './support/system.js';
import { vietnamClock } from './support/plan-fields.js';

/** What these tests read of a unit in GET /plans/:id. */
interface UnitNode {
  unitCode: string;
  status: string;
  overdue: boolean;
  returned: boolean;
  stages: { id: string; status: string }[];
  derivedPlan?: { units: { status: string }[] };
}

/**
 * A plan's lifecycle over HTTP on the real Temporal dev server and PostgreSQL, as the board and as departments:
 * create, launch (one workflow for the plan, one per unit), register, return with a reason and resubmit, refuse
 * what must be refused (and record nothing), miss a deadline and extend it, cascade a derived plan, close.
 */
describe('plan lifecycle over HTTP', () => {
  let system: RunningSystem;
  let board: ReturnType<RunningSystem['as']>;
  let sngv: ReturnType<RunningSystem['as']>;
  let sgddt: ReturnType<RunningSystem['as']>;

  beforeAll(async () => {
    system = await startSystem();
    [board, sngv, sgddt] = [system.as(people.board), system.as(people.sngv), system.as(people.sgddt)];
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const tree = async (planId: string, as = board) =>
    (await as.get(`/plans/${planId}`)).body as { status: string; units: UnitNode[]; counts: Record<string, number> };
  const unitOf = async (planId: string, unitCode: string) => (await tree(planId)).units.find((u) => u.unitCode === unitCode)!;
  const events = async (planId: string) =>
    ((await board.get(`/plans/${planId}/events`)).body as { streamId: string; type: string; actor: string; data: unknown }[]).map((e) => ({
      ...e,
      stream: e.streamId.replace(planId, 'P'),
    }));

  it('refuses bad input with 400s naming the field, no token with 401, and out-of-scope with 403', async () => {
    const bad = await board.post('/plans', {
      ...demoPlan(),
      issuedOn: '2022-02-31',
      milestones: { interimReviews: [{ phase: 'Đợt 1', deadline: { date: '2022-05-25', rule: 'soon' } }] },
      recipients: [],
    });
    expect(bad.status).toBe(400);
    expect((bad.body.message as string[]).join(' | ')).toMatch(
      /issuedOn.*\|.*milestones\.interimReviews\.0\.deadline\.rule|milestones\.interimReviews\.0\.deadline\.rule.*\|.*issuedOn/,
    );
    const invalid = await board.post('/plans', { ...demoPlan(), recipients: [{ unitCode: 'SXYZ', role: 'implement' }] });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'INVALID_PLAN' } });
    expect((invalid.body.message as string[]).join(' ')).toMatch(/recipients\[0\].*SXYZ/);
    expect(await http(system.baseUrl).post('/plans', demoPlan())).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    expect(await sngv.post('/plans', demoPlan())).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
  });

  it('creates a plan once per Idempotency-Key', async () => {
    const key = { 'idempotency-key': `kh119-${Date.now()}` };
    const first = await board.post('/plans', demoPlan(), key);
    expect(first).toMatchObject({ status: 201, body: { planId: expect.any(String) } });
    expect(await board.post('/plans', demoPlan(), key)).toMatchObject({ status: 201, body: { planId: first.body.planId } });
    expect((await events(first.body.planId)).map((e) => e.type)).toEqual(['PlanCreated']);
    expect(await board.post('/plans', { ...demoPlan(), title: 'Một kế hoạch khác' }, key)).toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('amends a launched plan and cancels it, each with a reason that reaches every unit', async () => {
    const created = await board.post('/plans', {
      ...demoPlan(),
      recipients: [
        { unitCode: 'SGDDT', role: 'implement' },
        { unitCode: 'STTTT', role: 'implement' },
      ],
    });
    const planId: string = created.body.planId;
    await board.post(`/plans/${planId}/launch`);
    await eventually(async () => ((await tree(planId)).units.every((u) => u.status === 'open') ? true : undefined));

    const quotas = [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 }];
    expect(await board.post(`/plans/${planId}/amend`, { quotas })).toMatchObject({ status: 400 }); // no reason
    expect(await board.post(`/plans/${planId}/amend`, { quotas, reason: 'Điều chỉnh theo Quyết định 12/QĐ-UBND' })).toMatchObject({
      status: 200,
    });
    // An extension for all is checked by the plan before it is recorded; retried with its key, it is recorded once.
    const later = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString();
    expect(await board.post(`/plans/${planId}/extend`, { stageId: 'interim:Đợt 9', dueAt: later, reason: 'x x x' })).toMatchObject({
      status: 400,
      body: { code: 'UNKNOWN_STAGE' },
    });
    const extendAll = () =>
      board.post(
        `/plans/${planId}/extend`,
        { stageId: 'registration', dueAt: later, reason: 'Theo đề nghị của các đơn vị' },
        { 'idempotency-key': 'extend-1' },
      );
    expect(await extendAll()).toMatchObject({ status: 200 });
    expect(await extendAll()).toMatchObject({ status: 200 });
    expect((await events(planId)).filter((e) => e.type === 'DeadlinesExtended')).toHaveLength(1);
    expect(await board.post(`/plans/${planId}/cancel`, {})).toMatchObject({ status: 400 });
    expect(await system.as(people.sgddt).post(`/plans/${planId}/cancel`, { reason: 'Không còn phù hợp' })).toMatchObject({ status: 403 });
    expect(await board.post(`/plans/${planId}/cancel`, { reason: 'Ban hành nhầm đối tượng' })).toMatchObject({
      status: 200,
      body: { status: 'cancelled' },
    });

    await eventually(async () => ((await tree(planId)).units.every((u) => u.status === 'cancelled') ? true : undefined), 30_000);
    const story = await events(planId);
    for (const unit of ['SGDDT', 'STTTT']) {
      expect(story.find((e) => e.stream === `plan:P:unit:${unit}` && e.type === 'PlanAmendmentReceived')).toMatchObject({
        data: { reason: 'Điều chỉnh theo Quyết định 12/QĐ-UBND', quotas },
      });
      expect(story.find((e) => e.stream === `plan:P:unit:${unit}` && e.type === 'TaskCancelled')).toMatchObject({
        actor: people.board.sub,
        data: { reason: 'Ban hành nhầm đối tượng' },
      });
    }
    expect(
      await board.post(`/plans/${planId}/units/SGDDT/stages/registration/submit`, {
        titles: [{ award: 'TLDTT', recipientKind: 'collective' }],
      }),
    ).toMatchObject({ status: 409, body: { code: 'TASK_NOT_OPEN' } });

    // A draft is cancelled before any workflow exists; launching it afterwards starts nothing.
    const draft = (await board.post('/plans', demoPlan())).body.planId as string;
    expect(await board.post(`/plans/${draft}/cancel`, { reason: 'Thay bằng kế hoạch khác' })).toMatchObject({
      status: 200,
      body: { status: 'cancelled' },
    });
    expect(await board.post(`/plans/${draft}/launch`)).toMatchObject({ status: 202, body: { started: false } });
    expect((await events(draft)).map((e) => [e.type, e.actor])).toEqual([
      ['PlanCreated', people.board.sub],
      ['PlanCancelled', people.board.sub],
    ]);
  }, 60_000);

  it('runs a plan: registration returned and resubmitted, a duplicate refused, a deadline missed then extended, a derived plan cascaded, then closed', async () => {
    // Registration closes 20 s after creation, "trước hh:mm:ss" today, so that a missed deadline happens within the test.
    const registration = vietnamClock(new Date(Date.now() + 20_000));
    const plan = {
      ...demoPlan(),
      recipients: [
        { unitCode: 'SNGV', role: 'implement' },
        { unitCode: 'SGDDT', role: 'implement' },
        { unitCode: 'SNV', role: 'for-information' },
      ],
    };
    plan.milestones = { ...plan.milestones, registration: { date: registration.date, rule: 'at', time: registration.time } };
    const created = await board.post('/plans', plan);
    expect(created.status).toBe(201);
    const planId: string = created.body.planId;

    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({
      status: 202,
      body: { started: true, workflowId: `plan:${planId}` },
    });
    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202, body: { started: false } });
    await eventually(async () => ((await tree(planId)).units.every((u) => u.status === 'open') ? true : undefined));
    expect((await unitOf(planId, 'SNGV')).stages.map((s: { id: string }) => s.id)).toEqual([
      'derived-plan',
      'registration',
      'interim:Đợt 1',
      'nomination',
      'final-review',
    ]);

    // Sở Ngoại vụ registers; the board returns it with a reason, which the department sees; it resubmits; accepted.
    const register = (as: typeof sngv, unit: string) =>
      as.post(`/plans/${planId}/units/${unit}/stages/registration/submit`, { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] });
    expect(await register(sngv, 'SNGV')).toMatchObject({ status: 200 });
    expect(await sngv.post(`/plans/${planId}/units/SNGV/stages/registration/decide`, { decision: 'accept' })).toMatchObject({
      status: 403,
      body: { code: 'OUT_OF_SCOPE' },
    });
    expect(await board.post(`/plans/${planId}/units/SNGV/stages/registration/decide`, { decision: 'return' })).toMatchObject({
      status: 400,
      body: { code: 'REASON_REQUIRED' },
    });
    expect(
      await board.post(`/plans/${planId}/units/SNGV/stages/registration/decide`, {
        decision: 'return',
        reason: 'Bổ sung danh hiệu cá nhân',
      }),
    ).toMatchObject({ status: 200 });
    const inbox = (await sngv.get('/inbox')).body as { kind: string; reason?: string; unitCode: string }[];
    expect(inbox).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'resubmit', unitCode: 'SNGV', reason: 'Bổ sung danh hiệu cá nhân' })]),
    );
    expect(await unitOf(planId, 'SNGV')).toMatchObject({ returned: true });
    expect(await register(sngv, 'SNGV')).toMatchObject({ status: 200 });
    expect(
      await board.post(
        `/plans/${planId}/units/SNGV/stages/registration/decide`,
        { decision: 'accept' },
        { 'idempotency-key': 'accept-sngv' },
      ),
    ).toMatchObject({ status: 200 });

    // Refused, and nothing recorded: a duplicate registration, another department acting for Sở Ngoại vụ, an auditor.
    const before = await events(planId);
    expect(await register(sngv, 'SNGV')).toMatchObject({ status: 409, body: { code: 'ALREADY_ACCEPTED' } });
    expect(
      await board.post(
        `/plans/${planId}/units/SNGV/stages/registration/decide`,
        { decision: 'accept' },
        { 'idempotency-key': 'accept-sngv' },
      ),
    ).toMatchObject({ status: 200 }); // a retry gets the first answer
    expect(await register(sgddt, 'SNGV')).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await system.as(people.auditor).post(`/plans/${planId}/close`)).toMatchObject({ status: 403, body: { code: 'READ_ONLY_ROLE' } });
    expect(await events(planId)).toEqual(before);

    // Sở Giáo dục và Đào tạo misses the registration: overdue, escalated to the unit; the board extends its deadline.
    await eventually(async () => ((await unitOf(planId, 'SGDDT')).overdue ? true : undefined), 40_000);
    // Sở Ngoại vụ is overdue too: its derived plan was due with the registration.
    expect((await tree(planId)).counts).toMatchObject({ overdue: 2 });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    expect(
      await board.post(`/plans/${planId}/units/SGDDT/stages/registration/extend`, {
        dueAt: tomorrow,
        reason: 'Đơn vị đang kiện toàn tổ chức',
      }),
    ).toMatchObject({ status: 200 });
    const late = await register(sgddt, 'SGDDT');
    expect(late.status).toBe(200);
    expect(late.body.stages.find((s: { id: string }) => s.id === 'registration')).toMatchObject({ status: 'submitted', late: false });

    // Sở Ngoại vụ issues its derived plan from the pre-filled draft and launches it to its divisions.
    const draft = await sngv.get(`/plans/${planId}/units/SNGV/derived-draft`);
    expect(draft).toMatchObject({ status: 200, body: { parentPlanId: planId, issuingUnit: 'SNGV' } });
    const derived = {
      ...draft.body,
      numberSymbol: '45/KH-SNGV',
      signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' },
      milestones: { ...draft.body.milestones, registration: undefined },
    };
    const derivedPlan = await sngv.post('/plans', derived);
    expect(derivedPlan.status).toBe(201);
    expect(await sgddt.post(`/plans/${derivedPlan.body.planId}/launch`)).toMatchObject({ status: 403 });
    expect(await sngv.post(`/plans/${derivedPlan.body.planId}/launch`)).toMatchObject({ status: 202, body: { started: true } });
    await eventually(async () => {
      const sngvNode = await unitOf(planId, 'SNGV');
      return sngvNode.derivedPlan?.units?.length === 3 && sngvNode.derivedPlan.units.every((u: { status: string }) => u.status === 'open')
        ? sngvNode
        : undefined;
    });
    expect((await unitOf(planId, 'SNGV')).stages.find((s: { id: string }) => s.id === 'derived-plan')).toMatchObject({
      status: 'submitted',
    });
    expect((await tree(planId, sgddt)).units.map((u) => u.unitCode)).toEqual(['SGDDT']); // a department sees only its own

    // The board closes the plan: every task, at every level, closes.
    expect(await board.post(`/plans/${planId}/close`)).toMatchObject({ status: 200, body: { status: 'closed' } });
    await eventually(async () => {
      const closed = await tree(planId);
      return closed.units.every((u) => u.status === 'closed') &&
        closed.units.find((u) => u.unitCode === 'SNGV')!.derivedPlan?.units.every((u: { status: string }) => u.status === 'closed')
        ? true
        : undefined;
    }, 30_000);

    const story = (await events(planId)).map((e) => `${e.stream} ${e.type}`);
    expect(story.slice(0, 2)).toEqual(['plan:P PlanCreated', 'plan:P PlanLaunched']);
    expect(story).toEqual(
      expect.arrayContaining([
        'plan:P:unit:SNGV SubmissionReturned',
        'plan:P:unit:SGDDT DeadlineMissed',
        'plan:P:unit:SGDDT DeadlineExtended',
        'plan:P PlanClosed',
        'plan:P:unit:SNGV TaskClosed',
      ]),
    );
    expect((await events(planId)).find((e) => e.type === 'SubmissionReturned')).toMatchObject({
      actor: people.board.sub,
      data: { reason: 'Bổ sung danh hiệu cá nhân' },
    });

    // Temporal holds the plan's workflow and one per unit, under deterministic ids.
    const connection = await Connection.connect({ address: system.config.TEMPORAL_ADDRESS });
    try {
      const described = await Promise.all(
        [`plan:${planId}`, `plan:${planId}:unit:SNGV`, `plan:${planId}:unit:SGDDT`].map((id) =>
          new Client({ connection }).workflow.getHandle(id).describe(),
        ),
      );
      expect(described.map((d) => d.type)).toEqual(['planWorkflow', 'unitLifecycleWorkflow', 'unitLifecycleWorkflow']);
    } finally {
      await connection.close();
    }
  }, 150_000);
});
