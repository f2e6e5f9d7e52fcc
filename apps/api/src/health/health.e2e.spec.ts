import type { INestApplication } from '@nestjs/common';
import { freePort, loadConfig, ServiceConfig } from '#config';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { http, people, TEST_AUTH_SECRET } from '../../../../test/support/system.js';
import { createApi } from '../app.factory.js';
import { TokenService } from '../auth/index.js';

describe('GET /health', () => {
  let url: string;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    const { dataSource, url: databaseUrl } = await createMigratedDataSource('health');
    await dataSource.destroy();
    url = databaseUrl;
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  const auditor = new TokenService(TEST_AUTH_SECRET).issue(people.auditor, 600);

  /** The API on `temporalAddress`; its client signed in as an auditor unless `token` is null. */
  async function apiWith(temporalAddress: string, token: string | null = auditor) {
    const app = await createApi(loadConfig(ServiceConfig, { DATABASE_URL: url, TEMPORAL_ADDRESS: temporalAddress, LOG_LEVEL: 'warn' }), {
      secret: TEST_AUTH_SECRET,
    });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return http(await app.getUrl(), token ?? undefined);
  }

  it('reports PostgreSQL and Temporal up', async () => {
    const response = await (await apiWith(process.env.TEMPORAL_ADDRESS!)).get('/health');
    expect(response).toMatchObject({
      status: 200,
      body: { status: 'ok', details: { postgres: { status: 'up' }, temporal: { status: 'up' } } },
    });
  });

  it('answers 503 naming Temporal when it is unreachable, while the API keeps running', async () => {
    const response = await (await apiWith(`127.0.0.1:${await freePort()}`)).get('/health');
    expect(response).toMatchObject({
      status: 503,
      body: { status: 'error', details: { postgres: { status: 'up' }, temporal: { status: 'down' } } },
    });
    expect(response.body.details.temporal.message).toEqual(expect.any(String));
  }, 30_000);

  it('answers liveness without asking PostgreSQL or Temporal, and without a token', async () => {
    const response = await (await apiWith(`127.0.0.1:${await freePort()}`, null)).get('/health/live');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  }, 30_000);

  it('shows which components are up or down only to a signed-in person: 401 without a token, saying nothing of them', async () => {
    const response = await (await apiWith(process.env.TEMPORAL_ADDRESS!, null)).get('/health');
    expect(response).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    expect(JSON.stringify(response.body)).not.toMatch(/postgres|temporal/i);
  });
});
