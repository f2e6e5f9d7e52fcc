import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { ScenarioResult } from './harness.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
}

export interface BenchRun {
  /** ISO 8601. */
  date: string;
  machine: MachineInfo;
  /** What reproduces the run. */
  command: string;
  results: ScenarioResult[];
}

/** One line of results.json: a figure with everything needed to compare it with another run's. */
export interface ResultRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  seconds: number | null;
  /** The same run's references: ratio = this step's cost / the baseline's. */
  baselines: { figure: string; value: number; ratio: number }[];
  informational: boolean;
  parameters: Record<string, number | string>;
}

export async function describeMachine(dataSource: DataSource): Promise<MachineInfo> {
  const [{ server_version }]: { server_version: string }[] = await dataSource.query('SHOW server_version');
  const [{ shared_buffers }]: { shared_buffers: string }[] = await dataSource.query('SHOW shared_buffers');
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    postgres: `${server_version} (shared_buffers ${shared_buffers})`,
  };
}

export function resultRows(results: readonly ScenarioResult[]): ResultRow[] {
  return results.flatMap(({ scenario, parameters, figures }) =>
    figures.map((figure) => ({
      scenario,
      figure: figure.name,
      value: round(figure.value),
      unit: figure.unit,
      seconds: figure.seconds === undefined ? null : round(figure.seconds),
      baselines: (figure.baselines ?? []).map((baseline) => ({
        figure: baseline.name,
        value: round(baseline.value),
        ratio: round(baseline.ratio),
      })),
      informational: figure.informational ?? false,
      parameters,
    })),
  );
}

/** Writes `<dir>/RESULTS.md` for people and `<dir>/results.json` for tools; returns their paths. */
export function writeResults(dir: string, run: BenchRun): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const rows = resultRows(run.results);
  const markdown = path.join(dir, 'RESULTS.md');
  const json = path.join(dir, 'results.json');
  writeFileSync(markdown, renderMarkdown(run, rows));
  writeFileSync(json, `${JSON.stringify({ date: run.date, machine: run.machine, command: run.command, rows }, null, 2)}\n`);
  return { markdown, json };
}

function renderMarkdown(run: BenchRun, rows: ResultRow[]): string {
  const { machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `- Date: ${run.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, ${machine.os}`,
    `- Node ${machine.node}, PostgreSQL ${machine.postgres}`,
    `- Reproduce: \`${run.command}\``,
    '',
    '| Scenario | Figure | Value | Unit | Time (s) | Baseline | Ratio | Parameters |',
    '|---|---|--:|---|--:|--:|--:|---|',
  ];
  let previous: string | undefined;
  for (const row of rows) {
    // Parameters once per scenario, on its first row; results.json repeats them on every row.
    const parameters =
      row.scenario === previous
        ? ''
        : Object.entries(row.parameters)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ');
    previous = row.scenario;
    // Several baselines stack in one cell, each ratio beside its own.
    const baselines = row.baselines.map((b) => `${formatNumber(b.value)} (${b.figure})`).join('<br>');
    const ratios = row.baselines.map((b) => `${formatNumber(b.ratio, 2)}×`).join('<br>');
    lines.push(
      `| ${row.scenario} | ${row.figure}${row.informational ? ' *(informational)*' : ''} | ${formatNumber(row.value)} | ${row.unit} | ${
        row.seconds === null ? '' : formatNumber(row.seconds, 2)
      } | ${baselines} | ${ratios} | ${parameters} |`,
    );
  }
  for (const result of run.results) {
    if (result.notes.length === 0) continue;
    lines.push('', `## ${result.scenario}`, '', ...result.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Large figures as whole numbers with separators, small ones with a few decimals. */
function formatNumber(value: number, decimals = value >= 100 ? 0 : 2): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
