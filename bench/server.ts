import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '#config';
import { startEmbeddedPostgres } from '#persistence/dev';

/** The PostgreSQL server a run uses: it hands out fresh databases, and its stop() undoes everything the run made. */
export interface BenchServer {
  /** A new empty database; returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL in a temporary directory of its own, removed on stop; or, when `externalUrl` is given
 * (BENCH_DATABASE_URL), that server, on which the run creates its databases and drops them again on stop.
 */
export async function startBenchServer(externalUrl: string | undefined, log: (message: string) => void): Promise<BenchServer> {
  if (externalUrl) return databasesOn(externalUrl, { dropOnStop: true, stop: async () => undefined });
  const dir = mkdtempSync(path.join(tmpdir(), 'epe-bench-pg-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    const port = await freePort();
    log(`Starting embedded PostgreSQL on port ${port} (data in ${dir})…`);
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, persistent: false });
    return databasesOn(postgres.adminUrl, {
      dropOnStop: false,
      stop: async () => {
        await postgres.stop();
        removeDir();
      },
    });
  } catch (error) {
    removeDir();
    throw error;
  }
}

function databasesOn(adminUrl: string, options: { dropOnStop: boolean; stop: () => Promise<void> }): BenchServer {
  const created: string[] = [];
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    createDatabase: async (prefix) => {
      const name = `${prefix}_${randomBytes(4).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: async () => {
      // An embedded server goes with its directory; on someone else's server, leave nothing behind.
      if (options.dropOnStop) for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await options.stop();
    },
  };
}
