import { mkdtempSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, loadConfig, StartConfig, temporalCliOptions } from '#config';
import { startEmbeddedPostgres } from '#persistence/dev';
import { resolveTemporalExecutable, startDevServer } from '#temporal/dev';

/** The servers the global setup started: the global teardown stops them. */
export interface TestServers {
  stop(): Promise<void>;
}

declare global {
  // Jest loads the global setup and the global teardown as two modules of one process: globalThis is what they share.
  var testServers: TestServers | undefined;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Starts one real PostgreSQL and one real Temporal dev server for the whole run, and hands their
 * addresses to the test workers through the environment. Fails loudly if either cannot start.
 * What it starts it stops, last started first: in the global teardown; here, when the other fails to start; and on a
 * signal, when Jest runs no teardown, after which the process ends with the signal's exit code.
 */
export default async function globalSetup(): Promise<void> {
  const log = (message: string) => process.stderr.write(`[test setup] ${message}\n`);
  const started: TestServers[] = [];
  let stopped: Promise<void> | undefined;
  const onSignal = (signal: (typeof SIGNALS)[number]) => void servers.stop().finally(() => process.exit(128 + constants.signals[signal]));
  const servers: TestServers = {
    stop: () =>
      (stopped ??= (async () => {
        for (const signal of SIGNALS) process.removeListener(signal, onSignal);
        for (const server of started.reverse()) await server.stop();
      })()),
  };
  globalThis.testServers = servers;
  for (const signal of SIGNALS) process.once(signal, onSignal);

  try {
    if (!process.env.TEST_PG_ADMIN_URL) {
      const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'epe-test-pg-')), 'data');
      const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
      started.push(postgres);
      process.env.TEST_PG_ADMIN_URL = postgres.adminUrl;
    }

    if (!process.env.TEMPORAL_ADDRESS) {
      const executable = await resolveTemporalExecutable({ ...temporalCliOptions(loadConfig(StartConfig)), log });
      const temporal = await startDevServer(executable, { port: await freePort() });
      started.push(temporal);
      process.env.TEMPORAL_ADDRESS = temporal.address;
    }
  } catch (error) {
    await servers.stop();
    throw error;
  }
}
