import type { PlanDraft } from '#domain';
import { demoPlan } from '#persistence/dev';
import { eventually, people, startSystem, type RunningSystem } from '../../../../test/support/system.js';

type Client = ReturnType<RunningSystem['as']>;

/**
 * Hostile and careless input (issue 14, items 2, 3 and 5) on the running system: every number that becomes a date,
 * a duration or a count is bounded; every change of a plan or a submission passes the one plan validation; a task takes
 * one derived plan; instants carry their zone offset; stage ids are bounded. Each refusal is a 400 (or 409) that
 * records nothing.
 */
describe('plan and submission validation over HTTP', () => {
  let system: RunningSystem;
  let board: Client;
  let sngv: Client;
  let planId: string;
  const plan = (): PlanDraft => ({
    ...demoPlan(),
    recipients: [
      { unitCode: 'SNGV', role: 'implement' },
      { unitCode: 'SGDDT', role: 'implement' },
    ],
  });
  const events = async (id: string) => ((await board.get(`/plans/${id}/events`)).body as unknown[]).length;
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    system = await startSystem();
    [board, sngv] = [system.as(people.board), system.as(people.sngv)];
    planId = (await board.post('/plans', plan())).body.planId;
    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202 });
    await eventually(async () =>
      (await board.get(`/plans/${planId}`)).body.units?.every((u: { status: string }) => u.status === 'open') ? true : undefined,
    );
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it.each<[string, Partial<PlanDraft>, RegExp]>([
    [
      'an escalation of 1,000,000,000 days',
      { escalation: { unit: 0, head: 3, board: 1_000_000_000 } },
      /escalation\.board must be at most 365 days/,
    ],
    ['a reminder of 100,000,000 days', { reminders: [100_000_000] }, /reminders must list days of at most 365/],
    [
      'a quota count of 1e9',
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1e9 }] },
      /quotas\.0\.count must be at most 10000/,
    ],
    [
      'a quota count of 2^31',
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 ** 31 }] },
      /quotas\.0\.count must be at most 10000/,
    ],
    [
      'a time frame to 9999-12-31',
      { timeFrame: { from: demoPlan().timeFrame.from, to: '9999-12-31' } },
      /timeFrame\.to must be a date yyyy-mm-dd from 2000-01-01 to 2099-12-31/,
    ],
  ])('a plan that could never run is refused at creation: %s', async (_, change, message) => {
    const refused = await board.post('/plans', { ...plan(), ...change });
    expect(refused.status).toBe(400);
    expect((refused.body.message as string[]).join(' | ')).toMatch(message);
  });

  it("keeps an extension's new deadline inside the plan's time frame, for all units and for one", async () => {
    const before = await events(planId);
    for (const dueAt of ['9999-12-31T00:00:00Z', inDays(400)]) {
      expect(await board.post(`/plans/${planId}/extend`, { stageId: 'registration', dueAt, reason: 'Theo đề nghị' })).toMatchObject({
        status: 400,
        body: { code: 'EXTENSION_OUTSIDE_TIME_FRAME' },
      });
      expect(await board.post(`/plans/${planId}/units/SGDDT/stages/registration/extend`, { dueAt, reason: 'Theo đề nghị' })).toMatchObject({
        status: 400,
        body: { code: 'EXTENSION_OUTSIDE_TIME_FRAME' },
      });
    }
    expect(await events(planId)).toBe(before);
  });

  it('an amendment passes the same validation as POST /plans, and an invalid one records nothing', async () => {
    const before = await events(planId);
    const target = (value: number) => ({
      metric: 'hoàn thành tốt nhiệm vụ',
      comparator: '>=',
      value,
      unit: 'percent',
      population: 'CBCCVC',
    });
    for (const changes of [
      { targets: [target(12345)] },
      { targets: [target(-1)] },
      { targets: [target(1e308)] },
      { quotas: [[]] },
      { targets: [[]] },
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 ** 31 }] },
    ]) {
      const refused = await board.post(`/plans/${planId}/amend`, { ...changes, reason: 'Điều chỉnh chỉ tiêu' });
      expect({ changes, status: refused.status }).toEqual({ changes, status: 400 });
    }
    expect((await board.post(`/plans/${planId}/amend`, { targets: [target(12345)], reason: 'Điều chỉnh chỉ tiêu' })).body).toMatchObject({
      code: 'INVALID_PLAN',
      message: [expect.stringMatching(/targets\[0\]\.value \(12345%\) must be a percentage between 0 and 100/)],
    });
    expect(await board.post(`/plans/${planId}/amend`, { quotas: [[]], reason: 'Điều chỉnh' })).toMatchObject({
      body: { message: ['quotas.0 must be an object'] },
    });
    expect(await events(planId)).toBe(before);
    expect(await board.post(`/plans/${planId}/amend`, { targets: [target(90)], reason: 'Điều chỉnh chỉ tiêu' })).toMatchObject({
      status: 200,
    });
    // PlanAmended, then PlanAmendmentReceived in each of the two units' tasks: settled before the next test counts events.
    await eventually(async () => ((await events(planId)) === before + 3 ? true : undefined));
  });

  it('a submission is checked item by item, and titles [[[]]] records nothing', async () => {
    const before = await events(planId);
    const refused = await sngv.post(`/plans/${planId}/units/SNGV/stages/registration/submit`, { titles: [[[]]] });
    expect(refused).toMatchObject({ status: 400, body: { message: ['titles.0 must be an object'] } });
    expect(await sngv.post(`/plans/${planId}/units/SNGV/stages/registration/submit`, { nominees: [null] })).toMatchObject({
      status: 400,
      body: { message: ['nominees.0 must be an object'] },
    });
    expect(await events(planId)).toBe(before);
  });

  it.each([
    ['an ISO week date', '2027-W10-1T00:00:00Z'],
    ['an ordinal date', '2027-100T00:00:00Z'],
    ['a compact date-time', '20270101T000000Z'],
    ['a time without its zone offset', inDays(3).slice(0, 19)],
  ])('takes instants only with their zone offset: %s is a 400 everywhere', async (_, value) => {
    const named = (field: string) => ({
      status: 400,
      body: { message: [expect.stringMatching(new RegExp(`^${field} must be an ISO 8601 date-time with its zone offset`))] },
    });
    expect(await board.post(`/plans/${planId}/extend`, { stageId: 'registration', dueAt: value, reason: 'Theo đề nghị' })).toMatchObject(
      named('dueAt'),
    );
    expect(
      await board.post(`/plans/${planId}/units/SGDDT/stages/registration/extend`, { dueAt: value, reason: 'Theo đề nghị' }),
    ).toMatchObject(named('dueAt'));
    const auditor = system.as(people.auditor);
    const q = encodeURIComponent(value);
    expect(await auditor.get(`/audit/plans/${planId}/diff?from=${q}&to=${encodeURIComponent(new Date().toISOString())}`)).toMatchObject(
      named('from'),
    );
    expect(await auditor.get(`/audit/plans/${planId}/timeline?to=${q}`)).toMatchObject(named('to'));
    expect(await auditor.get(`/audit/plans/${planId}/as-of?at=${q}`)).toMatchObject(named('at'));
  });

  // Node refuses a request line over 16 KB (431) and the JSON parser a body over its limit (413) before any pipe runs.
  it('refuses a stage id that cannot exist (long, control characters) with a 400, in the path and in a body', async () => {
    const huge = 'x'.repeat(8_000);
    const before = await events(planId);
    expect(await sngv.post(`/plans/${planId}/units/SNGV/stages/${huge}/submit`, { summary: 'Báo cáo' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_STAGE_ID' },
    });
    expect(
      await sngv.post(`/plans/${planId}/units/SNGV/stages/${encodeURIComponent('interim:\u0000')}/submit`, { summary: 'Báo cáo' }),
    ).toMatchObject({ status: 400, body: { code: 'INVALID_STAGE_ID' } });
    expect(
      await board.post(`/plans/${planId}/extend`, { stageId: 'x'.repeat(50_000), dueAt: inDays(20), reason: 'Theo đề nghị' }),
    ).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/^stageId must be a stage id/)] } });
    expect(await events(planId)).toBe(before);
  });

  it('a task accepts exactly one derived plan: a second one is refused before its workflow starts', async () => {
    const draft = (await sngv.get(`/plans/${planId}/units/SNGV/derived-draft`)).body;
    const derived = (n: number) => ({
      ...draft,
      numberSymbol: `${n}/KH-SNGV`,
      signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' },
      milestones: { ...draft.milestones, registration: undefined },
    });
    const first = (await sngv.post('/plans', derived(45))).body.planId as string;
    expect(await sngv.post(`/plans/${first}/launch`)).toMatchObject({ status: 202, body: { started: true } });
    expect(
      await board.post(`/plans/${planId}/units/SNGV/stages/derived-plan/decide`, { decision: 'return', reason: 'Bổ sung chỉ tiêu' }),
    ).toMatchObject({ status: 200 });

    const second = (await sngv.post('/plans', derived(46))).body.planId as string;
    expect(await sngv.post(`/plans/${second}/launch`)).toMatchObject({ status: 409, body: { code: 'DERIVED_PLAN_EXISTS' } });
    expect(await sngv.get(`/plans/${second}`)).toMatchObject({ status: 200, body: { status: 'draft' } });
  }, 60_000);
});
