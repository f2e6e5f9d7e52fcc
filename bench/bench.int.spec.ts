import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createMigratedDataSource } from '../test/support/database.js';
import { silentProgress } from './harness.js';
import { resultRows, writeResults, type BenchRun, type ResultRow } from './report.js';
import { runVerification, type VerificationRun } from './scenarios/verification.js';

/** A small run of the real scenario, so the benchmark keeps working as the store changes; the figures' values are not judged. */
const EVENTS = 3000;

let dataSource: DataSource;
let run: VerificationRun;
let outDir: string;

beforeAll(async () => {
  ({ dataSource } = await createMigratedDataSource('bench'));
  run = await runVerification({ dataSource, events: EVENTS, progress: silentProgress, log: () => undefined });
  outDir = mkdtempSync(path.join(tmpdir(), 'epe-bench-results-'));
}, 180_000);

afterAll(async () => {
  await dataSource?.destroy();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the audit verification benchmark', () => {
  it('verifies every seeded event, under one checkpoint, and finds nothing wrong', () => {
    expect(run.report).toMatchObject({ ok: true, events: EVENTS, streams: EVENTS / 50, problems: [] });
    expect(run.report.checkpoints).toMatchObject({ verified: 1, covered: EVENTS, uncovered: 0 });
    expect(run.checkpoint.count).toBe(EVENTS);
  });

  it('produces a finite, positive value for every figure, and the verification ratio against the raw read', () => {
    const { figures, parameters } = run.result;
    expect(figures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Checkpointer.createCheckpoint(), whole store', 'baseline: raw ordered read', 'verifyStore(), whole store']),
    );
    for (const figure of figures) {
      expect(Number.isFinite(figure.value) && figure.value > 0).toBe(true);
    }
    const verification = figures.find((f) => f.name === 'verifyStore(), whole store')!;
    expect(verification.baseline?.name).toBe('baseline: raw ordered read');
    expect(Number.isFinite(verification.baseline!.ratio) && verification.baseline!.ratio > 0).toBe(true);
    expect(parameters).toMatchObject({ events: EVENTS, streams: EVENTS / 50, concurrency: 1 });
  });

  it('writes every figure as a row of RESULTS.md and of results.json', () => {
    const bench: BenchRun = {
      date: '2025-01-01T00:00:00.000Z',
      machine: { cpu: 'test CPU', cores: 2, memoryGiB: 24, os: 'Linux', node: process.version, postgres: '18.0' },
      command: `npm run bench -- --events ${EVENTS}`,
      results: [run.result],
    };
    const files = writeResults(outDir, bench);

    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain(`\`npm run bench -- --events ${EVENTS}\``);
    for (const figure of run.result.figures) expect(markdown).toMatch(new RegExp(`^\\| audit verification \\| ${literal(figure.name)}`, 'm'));
    expect(markdown).toMatch(/\| verifyStore\(\), whole store \|[^\n]*\(baseline: raw ordered read\) \| [\d.]+× \|/);

    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { command: string; rows: ResultRow[] };
    expect(json.command).toBe(bench.command);
    expect(json.rows).toEqual(resultRows([run.result]));
    const verification = json.rows.find((row) => row.figure === 'verifyStore(), whole store')!;
    expect(verification).toMatchObject({ scenario: 'audit verification', unit: 'events/s', parameters: { events: EVENTS, cores: expect.any(Number) } });
    expect(verification.ratio).toBeGreaterThan(0);
    expect(verification.baseline).toBeGreaterThan(0);
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
