import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';
import { freePort } from '#config';
import { rebuildReadModels, UnitEntity } from '#persistence';
import { TokenService } from '../../apps/api/src/auth/token.service.js';
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from '../harness.js';
import { benchUnits, generatePlanHistory } from '../plan-history.js';
import { writeStreams } from '../seed-events.js';

const TITLE = 'API';
/** Concurrent connections of the load generator. */
const CONNECTIONS = 10;
const DIVISIONS_PER_DEPARTMENT = 19;
/** A month after the launch: registrations in (some late, some returned), the interim report opening. */
const UNTIL = '2026-02-06T00:00:00.000Z';
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const READY_TIMEOUT_MS = 60_000;
/** autocannon reports whole milliseconds; a trivial endpoint's p50 can read 0. */
const MIN_LATENCY_MS = 1;
/** The API's default rate limit (RATE_LIMIT_PER_10S) raised out of the way: the load is the point here. */
const BENCH_RATE_LIMIT = 1_000_000;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  meanBytes: number;
}

/**
 * The two pages people open all day, on a plan to N units: a department's inbox (its own and its divisions' open
 * items) and the board's cascade tree of the plan (every unit with its stage, counts per stage). The API runs as
 * its own process (`node dist/apps/api/src/main.js`, as `npm run start:api` does) on the run's PostgreSQL and
 * Temporal; autocannon loads it from this process over loopback. Against the same app's liveness endpoint, which
 * goes through the same HTTP stack and does nothing.
 */
export async function runApi({ dataSource, databaseUrl, temporalAddress, sizes, progress, log }: ScenarioContext): Promise<ScenarioResult> {
  if (!temporalAddress) throw new Error('The API scenario needs a Temporal server (the API connects at start)');
  const departments = Math.ceil(sizes.apiUnits / (DIVISIONS_PER_DEPARTMENT + 1));
  const units = benchUnits(departments, DIVISIONS_PER_DEPARTMENT);
  const implementers = units.filter((unit) => unit.kind !== 'board').slice(0, sizes.apiUnits);
  log(`Seeding a plan to ${implementers.length} units, as it stands on ${UNTIL}…`);
  await dataSource.getRepository(UnitEntity).insert(units.map((unit) => ({ ...unit, parentCode: unit.parentCode ?? null })));
  const plan = await generatePlanHistory({ units: implementers.map((unit) => unit.code), until: UNTIL });
  await writeStreams(dataSource, plan.streams, { streamsPerTransaction: 200 });
  await rebuildReadModels(dataSource);
  const department = implementers.find((unit) => unit.kind === 'department')?.code;
  if (!department) throw new Error('The bench units have no department');
  const inboxItems = await openItemsOf(dataSource, department);

  const port = await freePort();
  const api = startApi({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    AUTH_SECRET: SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_10S: String(BENCH_RATE_LIMIT),
  });
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await untilLive(baseUrl, api);
    const tokens = new TokenService(SECRET);
    const board = tokens.issue({ sub: 'can.bo@tinh', name: 'Ban Thi đua – Khen thưởng tỉnh', role: 'board', unit: 'TINH' }, 3600);
    const head = tokens.issue(
      { sub: `van.phong@${department.toLowerCase()}`, name: `Văn phòng ${department}`, role: 'department', unit: department },
      3600,
    );
    const endpoints = [
      { name: 'GET /health/live (trivial)', path: '/health/live' },
      { name: `GET /inbox as department ${department}`, path: '/inbox', token: head },
      { name: `GET /plans/:id as the board (cascade tree of ${implementers.length} units)`, path: `/plans/${plan.planId}`, token: board },
    ];
    const bar = progress('loading the API', endpoints.length * sizes.apiSeconds);
    const loads: Load[] = [];
    for (const [index, endpoint] of endpoints.entries()) {
      bar.update(index * sizes.apiSeconds, endpoint.name);
      loads.push(await load(`${baseUrl}${endpoint.path}`, endpoint.token, sizes.apiSeconds));
    }
    bar.stop();

    const figures = endpoints.flatMap((endpoint, index) => {
      log(`${endpoint.name}: ${Math.round(loads[index].requestsPerSecond)} req/s, p50 ${loads[index].p50} ms, p99 ${loads[index].p99} ms`);
      return loadFigures(
        endpoint.name,
        loads[index],
        sizes.apiSeconds,
        index === 0 ? undefined : { name: endpoints[0].name, load: loads[0] },
      );
    });
    return {
      scenario: TITLE,
      parameters: {
        units: implementers.length,
        planEvents: plan.events,
        departmentInboxItems: inboxItems,
        connections: CONNECTIONS,
        secondsPerEndpoint: sizes.apiSeconds,
        cores: cpus().length,
      },
      figures,
      notes: [
        `The plan: ${implementers.length} units (${departments} departments and their divisions) as it stands on ${UNTIL}, generated by the domain's deciders, written to the store, the read models rebuilt from it. The department's inbox holds ${inboxItems} open items of its own units.`,
        `Load: autocannon, ${CONNECTIONS} connections, ${sizes.apiSeconds} s per endpoint, one after another, every response checked to be 200. The API process logs at warn, so request logging is not measured.`,
        'Found (CPU profile of the API process under this load, BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=…", 22/11/2026): jsonwebtoken tried the HS256 secret as a PEM public key on every request and threw (createPublicKey, 5.6% of the sampled CPU); visibleUnits walked every unit\'s ancestors on every request (UnitTree.isWithin and subtree, 3.8%); the cascade tree copied its task list per task and looked implementers up with Array.includes. Fixed: the secret is a KeyObject, subtrees are walked down once per root and kept with the cached tree, the loops are linear; the first two are gone from the next profile.',
        "Still the cost of the cascade tree: about 1 KB of JSON per unit (each unit's stages with their dates), so writing the response (writev, 14%), garbage collection (12%) and parsing the task rows in pg (6%) dominate. Serving the stages on demand, or a page of units at a time, is the next step (NOTES.md); the request logger (pino-http, 8%) costs the trivial endpoint as much.",
        "Ratios: throughput, the trivial endpoint's requests/s over the endpoint's (the cost per request relative to the trivial one); latency, the endpoint's percentile over the trivial one's. The load generator, the API, PostgreSQL and Temporal share the same 2 cores, so the trivial endpoint is itself bounded by them.",
      ],
    };
  } finally {
    api.kill('SIGTERM');
    if (api.exitCode === null) await once(api, 'exit');
  }
}

/** Throughput and latency of one endpoint; each against the trivial endpoint's, unless it is the trivial one. */
function loadFigures(name: string, measured: Load, seconds: number, trivial?: { name: string; load: Load }): Figure[] {
  const label = trivial ? name : `baseline: ${name}`;
  const throughput: Figure = { name: `${label}: throughput`, value: measured.requestsPerSecond, unit: 'requests/s', seconds };
  const p50: Figure = { name: `${label}: p50 latency`, value: measured.p50, unit: 'ms' };
  const p99: Figure = { name: `${label}: p99 latency`, value: measured.p99, unit: 'ms' };
  if (trivial) {
    const base = trivial.load;
    // Throughput: cost per request, so the trivial rate over ours; latency: ours over the trivial one's.
    throughput.baselines = [
      { name: `${trivial.name}: throughput`, value: base.requestsPerSecond, ratio: base.requestsPerSecond / measured.requestsPerSecond },
    ];
    p50.baselines = [{ name: `${trivial.name}: p50`, value: base.p50, ratio: measured.p50 / Math.max(base.p50, MIN_LATENCY_MS) }];
    p99.baselines = [{ name: `${trivial.name}: p99`, value: base.p99, ratio: measured.p99 / Math.max(base.p99, MIN_LATENCY_MS) }];
  }
  return [throughput, p50, p99, { name: `${label}: response size`, value: measured.meanBytes, unit: 'bytes', informational: true }];
}

export const apiScenario: Scenario = { id: 'api', title: TITLE, needsTemporal: true, run: runApi };

/**
 * The built API with exactly `env` (plus PATH), and BENCH_API_NODE_ARGS before its script (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/api-profile" to profile it under load); found from bench/scenarios under Jest, from
 * dist/bench/scenarios when built.
 */
function startApi(env: Record<string, string>): ChildProcess {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.endsWith('.ts') ? '../..' : '../../..');
  const main = path.join(root, 'dist/apps/api/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function untilLive(baseUrl: string, api: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (api.exitCode !== null) throw new Error(`The API exited with code ${api.exitCode} before it answered`);
    const ok = await fetch(`${baseUrl}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`The API did not answer within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function load(url: string, token: string | undefined, seconds: number): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0)
    throw new Error(
      `${url}: ${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
    );
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanBytes: result.throughput.total / Math.max(result.requests.total, 1),
  };
}

async function openItemsOf(dataSource: DataSource, department: string): Promise<number> {
  const [{ n }]: { n: number }[] = await dataSource.query(
    `SELECT count(*)::int AS n FROM inbox_items i JOIN units u ON u.code = i.addressee_unit
      WHERE i.resolved_at IS NULL AND (u.code = $1 OR u.parent_code = $1)`,
    [department],
  );
  return n;
}
