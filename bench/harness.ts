import type { DataSource } from 'typeorm';

/** A progress display for one step; the runner draws bars on stderr, the tests draw nothing. */
export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export type ProgressFactory = (label: string, total: number) => Progress;

export const silentProgress: ProgressFactory = () => ({ update: () => undefined, stop: () => undefined });

export interface ScenarioContext {
  /** A fresh, migrated database of the scenario's own. */
  dataSource: DataSource;
  /** How many events the scenario works on (`--events`). */
  events: number;
  progress: ProgressFactory;
  log: (message: string) => void;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Wall-clock time of the measured step, when the figure is a rate. */
  seconds?: number;
  /** The same run's reference for this figure; ratio = this step's time / the baseline's time. */
  baseline?: { name: string; value: number; ratio: number };
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

export const MIB = 1024 * 1024;
