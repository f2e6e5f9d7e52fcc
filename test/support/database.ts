import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '#persistence';

/** URL of the run's PostgreSQL maintenance database, set by test/global-setup.ts. */
export function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through `npm test` (its global setup starts PostgreSQL)');
  return url;
}

/** Creates an empty database of its own for one test file, so files can run in parallel. */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A migrated DataSource on a fresh database. */
export async function createMigratedDataSource(prefix?: string): Promise<{ dataSource: DataSource; url: string }> {
  const url = await createTestDatabase(prefix);
  const dataSource = createDataSource({ url, applicationName: 'tests' });
  await migrate(dataSource);
  return { dataSource, url };
}
