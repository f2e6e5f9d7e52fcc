import { randomUUID } from 'node:crypto';
import { checkNominations, type PlanDraft } from '#domain';
import { demoPlan } from '#persistence/dev';
import { eventually, http, people, startSystem, type RunningSystem } from '../../../../test/support/system.js';
import { vietnamClock } from '../../../../test/support/plan-fields.js';

type Client = ReturnType<RunningSystem['as']>;
interface Summary {
  planId: string;
  parentPlanId?: string;
  issuingUnit: string;
  status: string;
  alerts: { units: number; overdue: number; returned: number; awaitingDecision: number };
}

/** A department without divisions (no derived-plan stage), and a recipient "for information" of plan A below. */
const snv = { sub: 'van.phong@snv', name: 'Văn phòng Sở Nội vụ', role: 'department', unit: 'SNV' } as const;

/**
 * GET /plans and GET /plans/:id/document on the running system, with plans in every state the list shows:
 * C launched to SNV and overdue (then cancelled), A launched to SNGV (returned) and SGDDT (awaiting the board),
 * B a draft for STTTT, D SNGV's derived plan of A (a draft); created in that order.
 */
describe('GET /plans and GET /plans/:id/document', () => {
  let system: RunningSystem;
  let board: Client;
  let sngv: Client;
  let sgddt: Client;
  let planA: PlanDraft;
  const ids = { A: '', B: '', C: '', D: '' };

  beforeAll(async () => {
    system = await startSystem();
    [board, sngv, sgddt] = [system.as(people.board), system.as(people.sngv), system.as(people.sgddt)];
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const list = async (as: Client, query = '') => {
    const response = await as.get(`/plans${query}`);
    expect(response.status).toBe(200);
    return response.body as Summary[];
  };
  const names = (items: Summary[]) => items.map((item) => Object.entries(ids).find(([, id]) => id === item.planId)?.[0] ?? item.planId);
  const alertsOf = async (planId: string, as = board) => (await list(as)).find((item) => item.planId === planId)?.alerts;
  const create = async (as: Client, plan: PlanDraft) => {
    const created = await as.post('/plans', plan);
    expect(created.status).toBe(201);
    return created.body.planId as string;
  };

  it('lists what each person may see, newest first, with alerts counted over each plan’s own units in their scope', async () => {
    // C: registration closes 12 s from now ("trước hh:mm:ss" today), so SNV misses it within the test.
    const soon = vietnamClock(new Date(Date.now() + 12_000));
    const planC = { ...demoPlan(), numberSymbol: '7/KH-UBND', recipients: [{ unitCode: 'SNV', role: 'implement' as const }] };
    planC.milestones = { ...planC.milestones, registration: { date: soon.date, rule: 'at', time: soon.time } };
    ids.C = await create(board, planC);
    expect(await board.post(`/plans/${ids.C}/launch`)).toMatchObject({ status: 202 });

    planA = {
      ...demoPlan(),
      recipients: [
        { unitCode: 'SNGV', role: 'implement' },
        { unitCode: 'SGDDT', role: 'implement' },
        { unitCode: 'SNV', role: 'for-information' },
      ],
    };
    ids.A = await create(board, planA);
    expect(await board.post(`/plans/${ids.A}/launch`)).toMatchObject({ status: 202 });
    ids.B = await create(board, { ...demoPlan(), numberSymbol: '120/KH-UBND', recipients: [{ unitCode: 'STTTT', role: 'implement' }] });

    // In A, SNGV's registration is returned to it and SGDDT's awaits the board.
    await eventually(async () =>
      (await board.get(`/plans/${ids.A}`)).body.units.every((u: { status: string }) => u.status === 'open') ? true : undefined,
    );
    const register = (as: Client, unit: string) =>
      as.post(`/plans/${ids.A}/units/${unit}/stages/registration/submit`, { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] });
    expect(await register(sngv, 'SNGV')).toMatchObject({ status: 200 });
    expect(
      await board.post(`/plans/${ids.A}/units/SNGV/stages/registration/decide`, {
        decision: 'return',
        reason: 'Bổ sung danh hiệu cá nhân',
      }),
    ).toMatchObject({ status: 200 });
    expect(await register(sgddt, 'SGDDT')).toMatchObject({ status: 200 });

    const derived = await sngv.get(`/plans/${ids.A}/units/SNGV/derived-draft`);
    ids.D = await create(sngv, { ...derived.body, numberSymbol: '45/KH-SNGV', signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' } });

    await eventually(async () => ((await alertsOf(ids.C))?.overdue === 1 ? true : undefined), 40_000);
    const all = await list(board);
    expect(names(all)).toEqual(['D', 'B', 'A', 'C']);
    const [d, b, a, c] = all;
    expect(a).toEqual({
      planId: ids.A,
      numberSymbol: '119/KH-UBND',
      title: planA.title,
      issuingUnit: 'TINH',
      issuingUnitName: 'Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh)',
      status: 'launched',
      issuedOn: planA.issuedOn,
      launchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      version: 2,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      alerts: { units: 2, overdue: 0, returned: 1, awaitingDecision: 1 },
    });
    expect(c).toMatchObject({ status: 'launched', alerts: { units: 1, overdue: 1, returned: 0, awaitingDecision: 0 } });
    expect(b).toMatchObject({ status: 'draft', alerts: { units: 0, overdue: 0, returned: 0, awaitingDecision: 0 } });
    expect(b).not.toHaveProperty('launchedAt');
    expect(d).toMatchObject({ parentPlanId: ids.A, issuingUnit: 'SNGV', issuingUnitName: 'Sở Ngoại vụ', status: 'draft', version: 1 });
    // The same counts as the cascade tree's.
    expect((await board.get(`/plans/${ids.A}`)).body.counts).toMatchObject(a.alerts);

    // A department sees the plans it issued or receives, and only its own units' alerts.
    const ofSngv = await list(sngv);
    expect(names(ofSngv)).toEqual(['D', 'A']);
    expect(ofSngv[1].alerts).toEqual({ units: 1, overdue: 0, returned: 1, awaitingDecision: 0 });
    const ofSgddt = await list(sgddt);
    expect(names(ofSgddt)).toEqual(['A']);
    expect(ofSgddt[0].alerts).toEqual({ units: 1, overdue: 0, returned: 0, awaitingDecision: 1 });
    expect(names(await list(system.as(people.stttt)))).toEqual(['B']);
    const ofSnv = await list(system.as(snv));
    expect(names(ofSnv)).toEqual(['A', 'C']); // A only for information: no task of its own there
    expect(ofSnv.map((item) => item.alerts.units)).toEqual([0, 1]);
    expect(names(await list(system.as(people.auditor)))).toEqual(['D', 'B', 'A', 'C']);

    expect(names(await list(board, '?status=draft'))).toEqual(['D', 'B']);
    expect(names(await list(board, '?root=true'))).toEqual(['B', 'A', 'C']);
    expect(names(await list(board, '?root=false'))).toEqual(['D', 'B', 'A', 'C']);
    expect(names(await list(board, '?status=launched&root=true'))).toEqual(['A', 'C']);
    expect(await list(sngv, '?status=closed')).toEqual([]);
  }, 120_000);

  it('never counts a cancelled task as overdue, though its stage keeps the missed deadline on record', async () => {
    expect(await board.post(`/plans/${ids.C}/cancel`, { reason: 'Ban hành nhầm đối tượng' })).toMatchObject({ status: 200 });
    const unit = await eventually(async () => {
      const [node] = (await board.get(`/plans/${ids.C}`)).body.units;
      return node.status === 'cancelled' ? node : undefined;
    }, 30_000);
    expect(await list(board, '?status=cancelled')).toEqual([
      expect.objectContaining({ planId: ids.C, status: 'cancelled', alerts: { units: 1, overdue: 0, returned: 0, awaitingDecision: 0 } }),
    ]);
    expect(unit).toMatchObject({ unitCode: 'SNV', overdue: false });
    expect(unit.stages.find((s: { id: string }) => s.id === 'registration')).toMatchObject({ overdue: true });
  }, 60_000);

  it('refuses a bad query naming the parameter, and a caller without a token', async () => {
    expect(await board.get('/plans?status=open')).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: ['status must be one of draft, launched, closed, cancelled'] },
    });
    expect(await board.get('/plans?root=yes')).toMatchObject({ status: 400, body: { message: ['root must be true or false'] } });
    expect(await board.get('/plans?limit=10')).toMatchObject({ status: 400, body: { message: ['property limit should not exist'] } });
    expect(await http(system.baseUrl).get('/plans')).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
  });

  it("serves the document as amended, with the issuer's kind, to whoever may see the plan", async () => {
    const document = async (planId: string, as = board) => (await as.get(`/plans/${planId}/document`)).body;
    expect(await board.get(`/plans/${ids.A}/document`)).toMatchObject({ status: 200 });
    expect(await document(ids.A)).toEqual({ planId: ids.A, status: 'launched', version: 2, issuingUnitKind: 'board', document: planA });

    const quotas = [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 }];
    const title = 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2026';
    expect(await board.post(`/plans/${ids.A}/amend`, { title, quotas, reason: 'Điều chỉnh theo Quyết định 12/QĐ-UBND' })).toMatchObject({
      status: 200,
    });
    const amended = await eventually(async () => {
      const body = await document(ids.A);
      return body.version === 3 ? body : undefined;
    });
    expect(amended).toEqual({
      planId: ids.A,
      status: 'launched',
      version: 3,
      issuingUnitKind: 'board',
      document: { ...planA, title, quotas },
    });
    expect((await list(board)).find((item) => item.planId === ids.A)).toMatchObject({ title, version: 3 });

    // What the web app does with it: the domain's nomination check, in the browser, against the amended quotas.
    const nominee = (name: string) => ({
      nomineeKind: 'individual' as const,
      name,
      award: 'BANG_KHEN_TINH' as const,
      achievement: 'Hoàn thành xuất sắc nhiệm vụ',
    });
    const checks = checkNominations([nominee('Nguyễn Văn A'), nominee('Trần Thị B'), nominee('Lê Văn C')], {
      quotas: amended.document.quotas,
      issuerKind: amended.issuingUnitKind,
      date: amended.document.issuedOn,
    });
    expect(checks.map((check) => (check.outcome === 'error' ? check.errors[0].code : check.outcome))).toEqual([
      'decide-here',
      'decide-here',
      'QUOTA_EXCEEDED',
    ]);

    expect(await document(ids.A, sngv)).toMatchObject({ planId: ids.A, document: { title } });
    expect(await document(ids.A, system.as(snv))).toMatchObject({ planId: ids.A }); // a recipient for information
    expect(await document(ids.A, system.as(people.auditor))).toMatchObject({ planId: ids.A });
    expect(await document(ids.D, sngv)).toMatchObject({
      planId: ids.D,
      status: 'draft',
      issuingUnitKind: 'department',
      document: { parentPlanId: ids.A, issuingUnit: 'SNGV' },
    });
  }, 60_000);

  it('answers 404 for an unknown plan, 403 out of scope, 400 for a malformed id and 401 without a token', async () => {
    const unknown = randomUUID();
    expect(await board.get(`/plans/${unknown}/document`)).toEqual(
      expect.objectContaining({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', code: 'PLAN_NOT_FOUND', message: `Plan ${unknown} does not exist` },
      }),
    );
    expect(await system.as(people.stttt).get(`/plans/${ids.A}/document`)).toMatchObject({
      status: 403,
      body: {
        code: 'OUT_OF_SCOPE',
        message: 'Your role (department STTTT) cannot see plan 119/KH-UBND: it concerns only TINH, SNGV, SGDDT, SNV',
      },
    });
    expect(await sgddt.get(`/plans/${ids.D}/document`)).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await board.get('/plans/not-a-plan/document')).toMatchObject({
      status: 400,
      body: { message: 'The plan id in the path must be a UUID, as returned by POST /plans' },
    });
    expect(await http(system.baseUrl).get(`/plans/${ids.A}/document`)).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
  });

  it('is typed in the OpenAPI document: the list item with its alerts, the query, the document', async () => {
    const { body: openapi } = await http(system.baseUrl).get('/docs-json');
    const ref = (name: string) => `#/components/schemas/${name}`;
    const listing = openapi.paths['/plans'].get;
    expect(listing.security).toEqual([{ bearer: [] }]);
    expect(listing.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:status', 'query:root']),
    );
    expect(listing.responses['200'].content['application/json'].schema).toEqual({ type: 'array', items: { $ref: ref('PlanSummaryView') } });
    const schemas = openapi.components.schemas;
    expect(schemas.PlanSummaryView.properties.alerts).toEqual({ $ref: ref('PlanAlertsView') });
    expect(schemas.PlanSummaryView.required).toEqual(
      expect.arrayContaining([
        'planId',
        'numberSymbol',
        'title',
        'issuingUnit',
        'issuingUnitName',
        'status',
        'issuedOn',
        'version',
        'createdAt',
        'alerts',
      ]),
    );
    expect(schemas.PlanSummaryView.required).not.toContain('parentPlanId');
    expect(schemas.PlanAlertsView.required).toEqual(['units', 'overdue', 'returned', 'awaitingDecision']);
    expect(openapi.paths['/plans/{id}/document'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: ref('PlanDocumentView'),
    });
    expect(schemas.PlanDocumentView.properties.document).toMatchObject({ allOf: [{ $ref: ref('CreatePlanDto') }] });
    expect(schemas.PlanDocumentView.properties.issuingUnitKind).toMatchObject({ enum: ['board', 'department', 'division'] });
  });
});
