/**
 * The benchmark suite: `npm run bench -- [--scenario ID] [--out DIR] [sizes: --events N --history-events N
 * --appends N --units N,N --api-units N --api-seconds N]`.
 *
 * Starts an embedded PostgreSQL in a temporary directory (or uses the server of BENCH_DATABASE_URL, creating and
 * dropping databases of its own there) and, when a selected scenario needs one, a Temporal dev server (or uses
 * BENCH_TEMPORAL_ADDRESS); gives each scenario a fresh migrated database, and writes `<out>/RESULTS.md` and
 * `<out>/results.json`. The servers are stopped and their directories removed at the end, on an error and on Ctrl-C.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freePort, loadConfig, StartConfig, temporalCliOptions } from '#config';
import { createDataSource, migrate } from '#persistence';
import { installTemporalRuntime } from '#temporal';
import { resolveTemporalExecutable, startDevServer } from '#temporal/dev';
import { FULL_SIZES, type BenchSizes, type ScenarioResult } from './harness.js';
import { terminalProgress } from './progress.js';
import { describeMachine, writeResults, type MachineInfo } from './report.js';
import { scenarios } from './scenarios/index.js';
import { startBenchServer, type BenchServer } from './server.js';

const DEFAULT_OUT = 'bench';
const say = (message: string) => process.stderr.write(`[bench] ${message}\n`);

interface Options {
  sizes: BenchSizes;
  out: string;
  scenario?: string;
}

/** Each size's flag; a flag not given keeps the full run's size. */
const SIZE_FLAGS = {
  events: 'verifyEvents',
  'history-events': 'historyEvents',
  appends: 'appends',
  units: 'cascadeUnits',
  'api-units': 'apiUnits',
  'api-seconds': 'apiSeconds',
} as const satisfies Record<string, keyof BenchSizes>;

function parseOptions(argv: string[]): Options {
  const sizeOptions = Object.fromEntries(Object.keys(SIZE_FLAGS).map((flag) => [flag, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: { ...sizeOptions, out: { type: 'string' }, scenario: { type: 'string' } },
    strict: true,
  });
  // The size flags' values, by name: parseArgs types only the options it sees literally.
  const given = new Map<string, unknown>(Object.entries(values));
  const sizes: BenchSizes = { ...FULL_SIZES };
  for (const [flag, key] of Object.entries(SIZE_FLAGS)) {
    const text = given.get(flag);
    if (typeof text !== 'string') continue;
    const numbers = text.split(',').map(Number);
    if (numbers.some((n) => !Number.isSafeInteger(n) || n < 1) || (key !== 'cascadeUnits' && numbers.length !== 1)) {
      throw new Error(
        `--${flag} must be ${key === 'cascadeUnits' ? 'positive integers separated by commas' : 'a positive integer'}, got "${text}"`,
      );
    }
    if (key === 'cascadeUnits') sizes.cascadeUnits = numbers;
    else sizes[key] = numbers[0];
  }
  return { sizes, out: values.out ?? DEFAULT_OUT, ...(values.scenario ? { scenario: values.scenario } : {}) };
}

/** What a reader types to get the same run; the external servers' URLs are left out, as they may hold a password. */
function reproduceCommand(options: Options): string {
  const env = [
    process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=… ' : '',
    process.env.BENCH_TEMPORAL_ADDRESS ? 'BENCH_TEMPORAL_ADDRESS=… ' : '',
  ].join('');
  const scenario = options.scenario ? ` --scenario ${options.scenario}` : '';
  const out = options.out === DEFAULT_OUT ? '' : ` --out ${options.out}`;
  const sizes = Object.entries(SIZE_FLAGS)
    .filter(([, key]) => String(options.sizes[key]) !== String(FULL_SIZES[key]))
    .map(([flag, key]) => ` --${flag} ${String(options.sizes[key])}`)
    .join('');
  return `${env}npm run bench${scenario || out || sizes ? ` --${scenario}${sizes}${out}` : ''}`;
}

function selectedScenarios(options: Options) {
  const selected = scenarios.filter((s) => !options.scenario || s.id === options.scenario || s.title === options.scenario);
  if (selected.length === 0) throw new Error(`No scenario "${options.scenario}"; there are: ${scenarios.map((s) => s.id).join(', ')}`);
  return selected;
}

async function run(options: Options, server: BenchServer, temporalAddress: string | undefined): Promise<void> {
  const selected = selectedScenarios(options);
  const date = new Date().toISOString();
  const results: ScenarioResult[] = [];
  let machine: MachineInfo | undefined;
  for (const scenario of selected) {
    const databaseUrl = await server.createDatabase(`bench_${scenario.id.replace(/\W/g, '_')}`);
    const dataSource = createDataSource({ url: databaseUrl, applicationName: 'bench' });
    try {
      await migrate(dataSource);
      machine ??= await describeMachine(dataSource);
      say(`Scenario "${scenario.title}"…`);
      results.push(
        await scenario.run({ dataSource, databaseUrl, temporalAddress, sizes: options.sizes, progress: terminalProgress, log: say }),
      );
    } finally {
      await dataSource.destroy();
    }
  }
  // selectedScenarios returns one scenario at least, and the machine is described before the first runs.
  if (!machine) throw new Error('No scenario ran');
  const files = writeResults(options.out, { date, machine, command: reproduceCommand(options), results });
  process.stdout.write(readFileSync(files.markdown, 'utf8'));
  say(`Wrote ${files.markdown} and ${files.json}`);
}

/** A Temporal dev server of the run's own (or BENCH_TEMPORAL_ADDRESS's), when a selected scenario needs one. */
async function startTemporal(needed: boolean): Promise<{ address?: string; stop(): Promise<void> }> {
  const none = async () => undefined;
  if (!needed) return { stop: none };
  if (process.env.BENCH_TEMPORAL_ADDRESS) return { address: process.env.BENCH_TEMPORAL_ADDRESS, stop: none };
  const executable = await resolveTemporalExecutable({ ...temporalCliOptions(loadConfig(StartConfig)), log: say });
  say('Starting a Temporal dev server (in memory)…');
  const server = await startDevServer(executable, { port: await freePort() });
  return { address: server.address, stop: () => server.stop() };
}

const options = parseOptions(process.argv.slice(2));
// Before anything starts: an unknown scenario fails here, leaving nothing behind.
const needsTemporal = selectedScenarios(options).some((scenario) => scenario.needsTemporal);
// The workers' state changes and the SDK's notices would drown the progress bars.
installTemporalRuntime('warn');
const postgresStarting = startBenchServer(process.env.BENCH_DATABASE_URL, say);
const temporalStarting = startTemporal(needsTemporal);
const starting = Promise.all([postgresStarting, temporalStarting]);
let stopped: Promise<void> | undefined;
/** The exit code of the signal that interrupted the run, if one did. */
let signalled: number | undefined;
/** Once, whoever asks first (the end of the run, an error, a signal); waits for servers still starting, stops those that started. */
const stopServers = () =>
  (stopped ??= Promise.allSettled([temporalStarting, postgresStarting]).then(async ([temporal, postgres]) => {
    if (temporal.status === 'fulfilled') await temporal.value.stop();
    if (postgres.status === 'fulfilled') await postgres.value.stop();
  }));

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    signalled = code;
    say(`${signal}: stopping the servers and removing their data…`);
    void stopServers().finally(() => process.exit(code));
  });
}

try {
  const [postgres, temporal] = await starting;
  await run(options, postgres, temporal.address);
} catch (error) {
  // After a signal the failure is only the servers going away under the run.
  if (signalled === undefined) say(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopServers();
}
