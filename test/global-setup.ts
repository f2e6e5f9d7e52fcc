import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, loadConfig, StartConfig, temporalCliOptions } from '#config';
import { startEmbeddedPostgres } from '#persistence';
import { resolveTemporalExecutable, startDevServer } from '#temporal';

/**
 * Starts one real PostgreSQL and one real Temporal dev server for the whole run, and hands their
 * addresses to the test workers through the environment. Fails loudly if either cannot start.
 */
export default async function globalSetup(): Promise<void> {
  const log = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

  if (!process.env.TEST_PG_ADMIN_URL) {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'epe-test-pg-')), 'data');
    const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    process.env.TEST_PG_ADMIN_URL = postgres.adminUrl;
    (globalThis as Record<string, unknown>).__postgres = postgres;
  }

  if (!process.env.TEMPORAL_ADDRESS) {
    const executable = await resolveTemporalExecutable({ ...temporalCliOptions(loadConfig(StartConfig)), log });
    const temporal = await startDevServer(executable, { port: await freePort() });
    process.env.TEMPORAL_ADDRESS = temporal.address;
    (globalThis as Record<string, unknown>).__temporal = temporal;
  }
}
