import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { demoPlan } from '#persistence/dev';
import { eventually, people, startSystem, type RunningSystem } from '../../../../../test/support/system.js';
import { MAX_KEYS_PER_ACTOR } from './idempotency-records.js';
import { actorIdentityOf } from './idempotency.interceptor.js';

/**
 * An Idempotency-Key is bound to the request it was first sent with (actor, endpoint, path parameters, body): any
 * other request with it is a 409 that changes nothing, and no request ever gets another action's answer.
 */
describe('Idempotency-Key over HTTP', () => {
  let system: RunningSystem;
  let board: ReturnType<RunningSystem['as']>;
  let sgddt: ReturnType<RunningSystem['as']>;

  beforeAll(async () => {
    system = await startSystem();
    [board, sgddt] = [system.as(people.board), system.as(people.sgddt)];
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const events = async (planId: string) =>
    (await board.get(`/plans/${planId}/events`)).body as { streamId: string; type: string; actor: string }[];
  const key = () => ({ 'idempotency-key': randomUUID() });
  const register = { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] };

  async function launchedPlan(): Promise<string> {
    const planId: string = (await board.post('/plans', demoPlan())).body.planId;
    expect(await board.post(`/plans/${planId}/launch`)).toMatchObject({ status: 202 });
    await eventually(async () =>
      (await board.get(`/plans/${planId}`)).body.units.every((u: { status: string }) => u.status === 'open') ? true : undefined,
    );
    return planId;
  }

  /** The plan's events once its `count`th amendment has reached its three units (asynchronously, by the workflow). */
  const amendedEverywhere = (planId: string, count = 1) =>
    eventually(async () => {
      const all = await events(planId);
      return all.filter((e) => e.type === 'PlanAmendmentReceived').length === 3 * count ? all : undefined;
    });

  it('answers close sent with the key of an earlier amend with a 409, and the plan stays launched', async () => {
    const planId = await launchedPlan();
    const amendKey = key();
    expect(
      await board.post(`/plans/${planId}/amend`, { title: 'Kế hoạch đã điều chỉnh', reason: 'Điều chỉnh tên kế hoạch' }, amendKey),
    ).toMatchObject({ status: 200 });
    const before = (await amendedEverywhere(planId)).length;

    expect(await board.post(`/plans/${planId}/close`, undefined, amendKey)).toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect((await board.get(`/plans/${planId}`)).body).toMatchObject({ status: 'launched' });
    expect(await events(planId)).toHaveLength(before);
  });

  it("never gives a unit's action the board's answer for the same key: the unit's resubmission is its own action", async () => {
    const planId = await launchedPlan();
    const submissions = async () => (await events(planId)).filter((e) => e.streamId.endsWith(':unit:SGDDT') && e.type === 'SubmissionMade');
    expect(await sgddt.post(`/plans/${planId}/units/SGDDT/stages/registration/submit`, register)).toMatchObject({ status: 200 });
    const decisionKey = key();
    const returned = await board.post(
      `/plans/${planId}/units/SGDDT/stages/registration/decide`,
      { decision: 'return', reason: 'Bổ sung danh hiệu cá nhân' },
      decisionKey,
    );
    expect(returned.status).toBe(200);

    const resubmitted = await sgddt.post(`/plans/${planId}/units/SGDDT/stages/registration/submit`, register, decisionKey);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).not.toEqual(returned.body);
    expect(await submissions()).toHaveLength(2);
  });

  it('answers the same key with a different body with a 409 that changes nothing', async () => {
    const planId = await launchedPlan();
    const amendKey = key();
    expect(
      await board.post(`/plans/${planId}/amend`, { title: 'Tên thứ nhất', reason: 'Điều chỉnh tên kế hoạch' }, amendKey),
    ).toMatchObject({ status: 200 });
    const before = await amendedEverywhere(planId);

    expect(await board.post(`/plans/${planId}/amend`, { title: 'Tên thứ hai', reason: 'Điều chỉnh tên kế hoạch' }, amendKey)).toMatchObject(
      { status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } },
    );
    expect(await events(planId)).toEqual(before);
    expect((await board.get(`/plans/${planId}`)).body).toMatchObject({ title: 'Tên thứ nhất' });
  });

  it('answers the same key with the same request with the first answer, and records the action once', async () => {
    const planId = await launchedPlan();
    const submitKey = key();
    const before = (await events(planId)).length;
    const first = await sgddt.post(`/plans/${planId}/units/SGDDT/stages/registration/submit`, register, submitKey);
    expect(first.status).toBe(200);
    // The same request, its body written in another key order.
    const retry = await sgddt.post(
      `/plans/${planId}/units/SGDDT/stages/registration/submit`,
      { titles: [{ recipientKind: 'collective', award: 'TLDTT' }] },
      submitKey,
    );
    expect(retry).toMatchObject({ status: 200, body: first.body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await events(planId)).toHaveLength(before + 1);
  });

  it('frees the key of a request the domain refused (a 400 from a DomainError): corrected, it runs', async () => {
    const planId = await launchedPlan();
    const extendKey = key();
    const timeFrameEnd = demoPlan().timeFrame.to;
    const extension = (dueAt: string) => ({ stageId: 'registration', dueAt, reason: 'Gia hạn đăng ký' });
    expect(
      await board.post(`/plans/${planId}/extend`, extension(`${Number(timeFrameEnd.slice(0, 4)) + 1}-01-01T17:00:00+07:00`), extendKey),
    ).toMatchObject({
      status: 400,
      body: { code: 'EXTENSION_OUTSIDE_TIME_FRAME' },
    });
    expect(await board.post(`/plans/${planId}/extend`, extension(`${timeFrameEnd}T09:00:00+07:00`), extendKey)).toMatchObject({
      status: 200,
    });
  });

  it('binds a key to the actor in its role and unit: the same subject acting for another unit gets no stored answer', async () => {
    const planId = await launchedPlan();
    const submitKey = key();
    const path = `/plans/${planId}/units/SGDDT/stages/registration/submit`;
    expect(await sgddt.post(path, register, submitKey)).toMatchObject({ status: 200 });
    const sameSubjectInSngv = system.as({ ...people.sgddt, unit: 'SNGV' });
    expect(await sameSubjectInSngv.post(path, register, submitKey)).toMatchObject({ status: 403 });
  });

  it('creates one plan for two identical concurrent POST /plans with one key, and answers both with it', async () => {
    const createKey = key();
    const draft = demoPlan();
    const [first, second] = await Promise.all([board.post('/plans', draft, createKey), board.post('/plans', draft, createKey)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.planId).toBe(first.body.planId);
    expect((await events(first.body.planId)).filter((e) => e.type === 'PlanCreated')).toHaveLength(1);
  });

  it('bounds the keys one caller holds: a new key beyond the bound is a 429 KEYS_EXHAUSTED, a held key and no key still work', async () => {
    const busy = { ...people.board, sub: 'can.bo.keys@tinh' };
    const db = new pg.Client({ connectionString: system.config.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO idempotency_records (actor_id, key, endpoint, fingerprint, claim) SELECT $1, 'k' || n, 'POST /plans/:id/close', 'f', gen_random_uuid() FROM generate_series(1, $2) AS n`,
        [actorIdentityOf({ id: busy.sub, name: busy.name, role: busy.role, unit: busy.unit }), MAX_KEYS_PER_ACTOR],
      );
    } finally {
      await db.end();
    }
    const planId = await launchedPlan();
    const close = (headers?: Record<string, string>) => system.as(busy).post(`/plans/${planId}/close`, undefined, headers);
    expect(await close(key())).toMatchObject({ status: 429, body: { code: 'KEYS_EXHAUSTED' } });
    expect(await close({ 'idempotency-key': 'k1' })).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await close()).status).toBe(200);
  });

  it('refuses a keyed body with a lone surrogate with a 400 (it has no canonical form to fingerprint), not a 500', async () => {
    const planId = await launchedPlan();
    expect(await board.post(`/plans/${planId}/amend`, { title: 'Tên mới', reason: 'Lý do \uD800' }, key())).toMatchObject({
      status: 400,
      body: { code: 'ILL_FORMED_TEXT' },
    });
  });

  it('frees the key of a refused request: corrected, it runs', async () => {
    const planId = await launchedPlan();
    const amendKey = key();
    expect(await board.post(`/plans/${planId}/amend`, { title: 'Tên mới' }, amendKey)).toMatchObject({ status: 400 });
    expect(await board.post(`/plans/${planId}/amend`, { title: 'Tên mới', reason: 'Điều chỉnh tên kế hoạch' }, amendKey)).toMatchObject({
      status: 200,
      body: { draft: { title: 'Tên mới' } },
    });
  });
});
