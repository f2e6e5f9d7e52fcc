/**
 * The one command: starts PostgreSQL (embedded unless DATABASE_URL is set), a Temporal dev server with its
 * Web UI (unless TEMPORAL_ADDRESS is set), applies migrations, loads demo data on first start, then runs the
 * worker and the API as child processes. Ctrl-C stops everything it started.
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, envValue, freePort, isLoopbackHost, loadConfig, StartConfig, temporalCliOptions } from '#config';
import { generateSigningKeyPair } from '#event-store';
import { createDataSource, migrate } from '#persistence';
import { demoPlan, loadDemoUnits, startEmbeddedPostgres } from '#persistence/dev';
import { installTemporalRuntime } from '#temporal';
import { resolveTemporalExecutable, startDevServer } from '#temporal/dev';
import { TokenService, type IssueTokenInput } from '../apps/api/src/auth/index.js';

const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message: string) => process.stdout.write(`[start] ${message}\n`);

const stops: { name: string; stop: () => Promise<void> }[] = [];
const starting = new Set<Promise<unknown>>();
const children: ChildProcess[] = [];
let stopping = false;
const STOP_LIMIT_MS = 30_000;

/** Registers a server's stop as soon as it is up, and lets a Ctrl-C during its start wait for it, so nothing is orphaned. */
function owned<T extends { stop(): Promise<void> }>(name: string, start: Promise<T>): Promise<T> {
  const registered = start.then((server) => {
    stops.unshift({ name, stop: () => server.stop() });
    return server;
  });
  starting.add(registered);
  return registered.finally(() => starting.delete(registered));
}

async function main(): Promise<void> {
  const config = loadConfig(StartConfig);
  installTemporalRuntime('warn');
  const dataDir = path.resolve(config.DATA_DIR);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const port = await freePort(config.EMBEDDED_PG_PORT);
    say(`Starting embedded PostgreSQL on port ${port} (data in ${path.join(dataDir, 'postgres')})…`);
    const postgres = await owned('PostgreSQL', startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port, persistent: true }));
    await postgres.createDatabase('emulation');
    databaseUrl = postgres.urlFor('emulation');
  }

  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'start' });
  const applied = await migrate(dataSource);
  say(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  const demoLoaded = config.DEMO_DATA && (await loadDemoUnits(dataSource));
  await dataSource.destroy();
  if (demoLoaded) say('Loaded demo units: a province board, four departments and their divisions.');

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const executable = await resolveTemporalExecutable({ ...temporalCliOptions(config), log: say });
    say(`Starting the Temporal dev server (${executable.type === 'existing-path' ? executable.path : 'SDK download'})…`);
    const temporal = await owned(
      'the Temporal dev server',
      startDevServer(executable, {
        port: await freePort(config.TEMPORAL_PORT),
        uiPort: await freePort(config.TEMPORAL_UI_PORT),
        dbFilename: path.join(dataDir, 'temporal', 'dev.db'),
        namespace: config.TEMPORAL_NAMESPACE,
      }),
    );
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  const authSecret = envValue('AUTH_SECRET') ?? localAuthSecret(dataDir);
  const port = await freePort(config.PORT);
  const auditKeyFile = envValue('AUDIT_SIGNING_KEY_FILE') ?? localAuditKey(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: authSecret,
    AUDIT_SIGNING_KEY_FILE: auditKeyFile,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    PORT: String(port),
    HOST: config.HOST,
  };
  // The web app's demo sign-in (password-less) comes with the demo data, and only on a loopback address: nobody else can
  // reach it. The API itself refuses to start with it on any other address; AUTH_DEMO_SIGN_IN=false turns it off.
  // Not behind a proxy (TRUST_PROXY): the API refuses demo sign-in there, since the proxy would publish it.
  if (config.DEMO_DATA && isLoopbackHost(config.HOST) && !process.env.TRUST_PROXY && !process.env.AUTH_DEMO_SIGN_IN)
    env.AUTH_DEMO_SIGN_IN = 'true';
  run('worker', path.join(distRoot, 'apps/worker/src/main.js'), env);
  run('api', path.join(distRoot, 'apps/api/src/main.js'), env);

  const api = `http://${config.HOST}:${port}`;
  const tokens = new TokenService(authSecret);
  // /health's detail needs a token; an auditor's reads and changes nothing.
  await waitForHealth(`${api}/health`, tokens.issue(DEMO_PEOPLE.auditor, 600));
  if (demoLoaded) await createDemoPlan(api, tokens.issue(DEMO_PEOPLE.board, 600));
  say('Ready.');
  say(
    `  Web app:      ${api}/app/ (${env.AUTH_DEMO_SIGN_IN === 'true' ? 'demo sign-in by role and unit is on' : 'sign in with a token'}; see README, "Use the web app")`,
  );
  say(`  API:          ${api}`);
  say(`  OpenAPI:      ${api}/docs`);
  say(`  Health:       ${api}/health/live (components: ${api}/health, with a token)`);
  say(`  Temporal UI:  ${temporalUi ?? '(external Temporal server: see its own UI)'}`);
  if (!config.DATABASE_URL) say(`  Database:     ${databaseUrl} (embedded; the audit CLI's DATABASE_URL)`);
  say(`  Audit key:    ${auditKeyFile} (signs checkpoints and bundles; GET /audit/public-key gives its public half)`);
  if (config.DEMO_DATA) {
    say('Demo sign-in tokens (valid 8 h; send as "Authorization: Bearer <token>"):');
    for (const [who, person] of Object.entries(DEMO_PEOPLE)) say(`  ${who.padEnd(8)} ${tokens.issue(person, 8 * 3600)}`);
    say(
      '  Others: AUTH_SECRET=... DATABASE_URL=<Database above> npm run -s cli -- token issue --role department --unit SGDDT --sub me@sgddt --name "…"',
    );
  }
  say('Press Ctrl-C to stop everything.');
}

/** Who the demo tokens sign in as: the province board, the foreign affairs department, an inspector. */
const DEMO_PEOPLE = {
  board: { sub: 'can.bo@tinh', name: 'Ban Thi đua – Khen thưởng tỉnh', role: 'board', unit: 'TINH' },
  sngv: { sub: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' },
  auditor: { sub: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' },
} satisfies Record<string, IssueTokenInput>;

/**
 * Without AUDIT_SIGNING_KEY_FILE the start command keeps an Ed25519 key in the data folder: outside the database, as
 * signed checkpoints require. In production the key lives elsewhere (a secret store), and its public half is published.
 */
function localAuditKey(dataDir: string): string {
  const file = path.join(dataDir, 'audit-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generateSigningKeyPair().privateKeyPem, { mode: 0o600 });
    say(`Generated an audit signing key in ${file} (set AUDIT_SIGNING_KEY_FILE to use your own).`);
  }
  return file;
}

/** Without AUTH_SECRET the start command keeps a random one in the data folder, so tokens survive restarts. */
function localAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600 });
    say(`Generated a token-signing secret in ${file} (set AUTH_SECRET to use your own).`);
  }
  return readFileSync(file, 'utf8').trim();
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): void {
  if (stopping) return;
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`The ${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
      void shutdown(1);
    }
  });
}

async function waitForHealth(url: string, token: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not report healthy within ${timeoutMs / 1000} s`);
}

/** A draft of the province's KH 119 (the seed documents' parent plan), dated around today, created through the API. */
async function createDemoPlan(api: string, boardToken: string): Promise<void> {
  const response = await fetch(`${api}/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boardToken}` },
    body: JSON.stringify(demoPlan()),
  });
  const plan = (await response.json()) as { planId?: string; message?: unknown };
  if (!response.ok) throw new Error(`Could not create the demo plan: ${JSON.stringify(plan)}`);
  say(`Demo draft plan 119/KH-UBND: ${api}/plans/${plan.planId} (launch it with POST ${api}/plans/${plan.planId}/launch)`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Also keeps the event loop alive while native teardowns settle, so the steps below always finish.
  const force = setTimeout(() => {
    say(`Not everything stopped within ${STOP_LIMIT_MS / 1000} s; killing what is left.`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(code || 1);
  }, STOP_LIMIT_MS);
  say('Stopping the worker and the API…');
  await Promise.allSettled(starting);
  await Promise.all(children.map(stopChild));
  for (const { name, stop } of stops) {
    say(`Stopping ${name}…`);
    await stop().catch((error: unknown) => say(`While stopping ${name}: ${String(error)}`));
  }
  await childProcessesGone();
  clearTimeout(force);
  say('Stopped.');
  process.exit(code);
}

/**
 * A server's stop() can resolve while its process is still exiting (the dev server is run by the Temporal SDK);
 * "Stopped." is only said once no process this command started remains. Stragglers after 10 s are killed.
 */
async function childProcessesGone(): Promise<void> {
  const children = () =>
    spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
  for (const deadline = Date.now() + 10_000; children().length > 0; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) {
      for (const pid of children()) process.kill(pid, 'SIGKILL');
      say('Killed processes that did not exit within 10 s.');
      return;
    }
  }
}

/** SIGTERM lets Nest drain (the worker finishes its tasks); a child that has not exited after 10 s is killed. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// This command owns its signals: an orderly shutdown, worker and API first, then Temporal, then PostgreSQL.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

main().catch(async (error: unknown) => {
  say(error instanceof ConfigError ? error.message : `Failed to start: ${error instanceof Error ? error.stack : String(error)}`);
  await shutdown(1);
});
