import type { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig, ServiceConfig } from '#config';
import { demoPlan } from '#persistence/dev';
import { http, people, startSystem, TEST_AUTH_SECRET, type RunningSystem } from '../../../../test/support/system.js';
import { createApi } from '../app.factory.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { RATE_LIMITS } from './rate-limits.js';

/** `depth` arrays inside each other around `inner`, as raw JSON (JSON.stringify would recurse). */
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('hardening of the running API: headers, body depth, rate limits, demo sign-in only on loopback', () => {
  let system: RunningSystem;
  let anonymous: ReturnType<typeof http>;

  beforeAll(async () => {
    system = await startSystem();
    anonymous = http(system.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const postRaw = (path: string, body: string) =>
    fetch(`${system.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${system.token(people.board)}` },
      body,
    });

  it('sends security headers fit for the web app under /app, and no X-Powered-By', async () => {
    for (const path of ['/app/', '/docs', '/health/live', '/plans']) {
      const { headers } = await fetch(`${system.baseUrl}${path}`);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // Plain HTTP on loopback: upgrading every request to https would break the app.
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('strict-transport-security')).toBeNull();
      expect(headers.get('x-powered-by')).toBeNull();
    }
  });

  it("serves the built web app's scripts and styles from its own origin, as its CSP allows", async () => {
    const html = await (await fetch(`${system.baseUrl}/app/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/app\//); // same origin: 'self'
      expect((await fetch(`${system.baseUrl}${asset}`)).status).toBe(200);
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script, which script-src 'self' would block
  });

  it(`refuses a JSON body nested deeper than ${MAX_JSON_DEPTH} levels with a 400 before validation, and stays up`, async () => {
    const tooDeep = await postRaw('/plans', `{"title":${nested(10_000)}}`);
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({
      code: 'JSON_TOO_DEEP',
      message: expect.stringContaining(`at most ${MAX_JSON_DEPTH} levels`),
    });
    // The object and 31 arrays: at the limit, so validation answers (title must be text).
    const atLimit = await postRaw('/plans', `{"title":${nested(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status).toBe(400);
    expect(await atLimit.json()).not.toMatchObject({ code: 'JSON_TOO_DEEP' });
    expect(await anonymous.get('/health/live')).toMatchObject({ status: 200 });
  });

  it('refuses a deep body before the idempotency interceptor fingerprints it (which recursed: a 500)', async () => {
    const planId = '00000000-0000-4000-8000-000000000000';
    const tooDeep = await fetch(`${system.baseUrl}/plans/${planId}/close`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'deep-body',
        authorization: `Bearer ${system.token(people.board)}`,
      },
      body: `{"x":${nested(10_000)}}`,
    });
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'JSON_TOO_DEEP',
      message: expect.stringContaining(`at most ${MAX_JSON_DEPTH} levels`),
    });
  });

  it('refuses bidirectional-override characters in a plan title, as in every text field (text could read otherwise than it is stored)', async () => {
    const created = await system.as(people.board).post('/plans', { ...demoPlan(), title: 'Kế hoạch \u202Egnọưht aĐ' });
    expect(created).toMatchObject({ status: 400, body: { message: expect.arrayContaining([expect.stringContaining('title')]) } });
  });

  it('does not throttle the many requests of one busy client under the global default', async () => {
    const board = system.as(people.board);
    const statuses = await Promise.all(Array.from({ length: 300 }, () => board.get('/auth/session').then((response) => response.status)));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it(`throttles POST /plans/import at ${RATE_LIMITS.import.limit} a minute per client`, async () => {
    const sngv = system.as(people.sngv); // a client of its own: nobody else imports here
    for (let i = 0; i < RATE_LIMITS.import.limit; i += 1) expect((await sngv.post('/plans/import', {})).status).not.toBe(429);
    expect(await sngv.post('/plans/import', {})).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
  });

  it(`throttles the audit routes (GET /audit/verify) at ${RATE_LIMITS.audit.limit} a minute per client`, async () => {
    const auditor = system.as(people.auditor);
    for (let i = 0; i < RATE_LIMITS.audit.limit; i += 1) expect((await auditor.get('/audit/verify')).status).not.toBe(429);
    expect(await auditor.get('/audit/verify')).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
  });

  describe('with a small default limit (a second API on the same database)', () => {
    const SMALL_LIMIT = 3;
    let small: INestApplication;
    let baseUrl: string;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { headers }).then((response) => response.status);

    beforeAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the config is its fields; createApi takes them as a plain object
      small = await createApi({ ...system.config, RATE_LIMIT_PER_10S: SMALL_LIMIT }, { secret: TEST_AUTH_SECRET, demoSignIn: true });
      await small.listen(0, '127.0.0.1');
      baseUrl = await small.getUrl();
    }, 60_000);

    afterAll(async () => {
      await small?.close();
    });

    it('counts requests with a missing or bad token by address, so they are throttled too (401 was answered before counting)', async () => {
      const statuses = [
        await get('/plans', { authorization: 'Bearer not-a-token' }),
        await get('/plans'),
        await get('/plans', { authorization: 'Bearer still-not-a-token' }),
      ];
      expect(statuses).toEqual([401, 401, 401]);
      expect(await get('/plans', { authorization: 'Bearer not-a-token' })).toBe(429);
    });

    it('ignores X-Forwarded-For without TRUST_PROXY: different forwarded addresses share one allowance', async () => {
      const statuses = await Promise.all(
        Array.from({ length: SMALL_LIMIT }, (_, i) => get('/health/live', { 'x-forwarded-for': `203.0.113.${i + 1}` })),
      );
      expect(statuses).toEqual(Array.from({ length: SMALL_LIMIT }, () => 200));
      expect(await get('/health/live', { 'x-forwarded-for': '198.51.100.7' })).toBe(429);
    });
  });

  // Last: it uses up this client's sign-in allowance.
  it('throttles POST /auth/sign-in with a 429 that says when to retry', async () => {
    const { limit } = RATE_LIMITS.signIn;
    for (let i = 0; i < limit; i += 1) expect((await anonymous.post('/auth/sign-in', { role: 'auditor' })).status).toBe(200);
    const refused = await anonymous.post('/auth/sign-in', { role: 'auditor' });
    expect(refused).toMatchObject({
      status: 429,
      body: {
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many requests to POST \/auth\/sign-in: at most \d+ a minute; retry in \d+ s$/),
      },
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other routes keep their own allowance.
    expect(await system.as(people.auditor).get('/auth/session')).toMatchObject({ status: 200 });
  });
});

describe('demo sign-in is refused on a non-loopback address', () => {
  it('stops the start with a ConfigError naming AUTH_DEMO_SIGN_IN and HOST when the API would bind 0.0.0.0', async () => {
    const config = loadConfig(ServiceConfig, {
      DATABASE_URL: 'postgres://unused/unused',
      TEMPORAL_ADDRESS: 'unused:7233',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'silent',
    });
    const start = createApi(config, { secret: TEST_AUTH_SECRET, demoSignIn: true });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/AUTH_DEMO_SIGN_IN=true .* only on a loopback HOST \(got 0\.0\.0\.0\)/);
  });

  it('stops the start with a ConfigError when TRUST_PROXY is set: a proxy in front of loopback would publish password-less sign-in', async () => {
    const config = loadConfig(ServiceConfig, {
      DATABASE_URL: 'postgres://unused/unused',
      TEMPORAL_ADDRESS: 'unused:7233',
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'silent',
    });
    const start = createApi(config, { secret: TEST_AUTH_SECRET, demoSignIn: true });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/AUTH_DEMO_SIGN_IN=true .* TRUST_PROXY/);
  });
});
