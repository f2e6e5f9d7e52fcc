import type { DataSource } from 'typeorm';

/** A progress display for one step; the runner draws bars on stderr, the tests draw nothing. */
export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export type ProgressFactory = (label: string, total: number) => Progress;

export const silentProgress: ProgressFactory = () => ({ update: () => undefined, stop: () => undefined });

/** How big each scenario's work is; `npm run bench` takes FULL_SIZES, the test suite small ones. */
export interface BenchSizes {
  /** Events seeded for chain verification (`--events`). */
  verifyEvents: number;
  /** Events of the plan whose as-of state is read (`--history-events`). */
  historyEvents: number;
  /** Appends per case: store × events per append × writers × new or existing streams (`--appends`). */
  appends: number;
  /** Units per cascade, one fan-out each (`--units 100,1000`). */
  cascadeUnits: number[];
  /** Units of the plan the API serves (`--api-units`). */
  apiUnits: number;
  /** Seconds of load per endpoint (`--api-seconds`). */
  apiSeconds: number;
}

export const FULL_SIZES: BenchSizes = {
  verifyEvents: 1_000_000,
  historyEvents: 100_000,
  appends: 2_000,
  cascadeUnits: [100, 1_000, 10_000],
  apiUnits: 1_000,
  apiSeconds: 10,
};

export interface ScenarioContext {
  /** A fresh, migrated database of the scenario's own. */
  dataSource: DataSource;
  /** Its URL, for what opens connections of its own (Emmett, the API process). */
  databaseUrl: string;
  /** The run's Temporal server, for scenarios that declare `needsTemporal`. */
  temporalAddress?: string;
  sizes: BenchSizes;
  progress: ProgressFactory;
  log: (message: string) => void;
}

export interface Baseline {
  name: string;
  value: number;
  ratio: number;
}

/** A step against a baseline that did the same work: the ratio of their times (above 1: the step is slower). */
export function versus(baseline: Figure, seconds: number): Baseline {
  if (baseline.seconds === undefined) throw new Error(`Baseline "${baseline.name}" has no time`);
  return { name: baseline.name, value: baseline.value, ratio: seconds / baseline.seconds };
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Wall-clock time of the measured step, when the figure is a rate. */
  seconds?: number;
  /** The same run's references for this figure; ratio = this step's cost / the baseline's (time, or latency). */
  baselines?: Baseline[];
  /** Context for the reader (e.g. seeding speed), not something a change should be judged on. */
  informational?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  /** Sizes, page sizes, concurrency, cores: whatever is needed to compare two runs. */
  parameters: Record<string, number | string>;
  figures: Figure[];
  /** How to read the figures; shown under the table. */
  notes: string[];
}

/** One benchmark scenario; add new ones to scenarios/index.ts. */
export interface Scenario {
  /** What `--scenario` matches. */
  id: string;
  title: string;
  /** The runner then starts a Temporal dev server (or uses BENCH_TEMPORAL_ADDRESS). */
  needsTemporal?: boolean;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export interface Measured<T> {
  result: T;
  seconds: number;
  /** Highest resident set size of this process seen while the step ran. */
  peakRssBytes: number;
}

/** Times one step and samples the process's memory meanwhile (the step awaits I/O often enough for the timer to fire). */
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    return { result, seconds, peakRssBytes };
  } finally {
    clearInterval(sampler);
  }
}

/** Runs the step `times` times and keeps the median run: for short steps, where one run is mostly noise. */
export async function measureMedian<T>(times: number, work: () => Promise<T>): Promise<Measured<T>> {
  const runs: Measured<T>[] = [];
  for (let i = 0; i < times; i++) runs.push(await measure(work));
  runs.sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)];
}

/** Calls `work(i)` for i = 0…count-1 with at most `concurrency` calls running at a time; rejects on the first failure. */
export async function runConcurrently(count: number, concurrency: number, work: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

export const MIB = 1024 * 1024;
