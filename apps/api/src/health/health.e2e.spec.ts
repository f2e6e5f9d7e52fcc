import type { INestApplication } from '@nestjs/common';
import { freePort, loadConfig, ServiceConfig } from '#config';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { http, TEST_AUTH_SECRET } from '../../../../test/support/system.js';
import { createApi } from '../app.factory.js';

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

  async function apiWith(temporalAddress: string) {
    const app = await createApi(loadConfig(ServiceConfig, { DATABASE_URL: url, TEMPORAL_ADDRESS: temporalAddress, LOG_LEVEL: 'warn' }), { secret: TEST_AUTH_SECRET });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return http(await app.getUrl());
  }

  it('reports PostgreSQL and Temporal up', async () => {
    const response = await (await apiWith(process.env.TEMPORAL_ADDRESS!)).get('/health');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok', details: { postgres: { status: 'up' }, temporal: { status: 'up' } } } });
  });

  it('answers 503 naming Temporal when it is unreachable, while the API keeps running', async () => {
    const response = await (await apiWith(`127.0.0.1:${await freePort()}`)).get('/health');
    expect(response).toMatchObject({ status: 503, body: { status: 'error', details: { postgres: { status: 'up' }, temporal: { status: 'down' } } } });
    expect(response.body.details.temporal.message).toEqual(expect.any(String));
  }, 30_000);

  it('answers liveness without asking PostgreSQL or Temporal, and without a token', async () => {
    const response = await (await apiWith(`127.0.0.1:${await freePort()}`)).get('/health/live');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  }, 30_000);
});
