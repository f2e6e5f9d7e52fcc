import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createMigratedDataSource } from '../test/support/database.js';
import { silentProgress, type BenchSizes, type Scenario, type ScenarioResult } from './harness.js';
import { resultRows, writeResults, type BenchRun, type ResultRow } from './report.js';
import { scenarios } from './scenarios/index.js';
import { runVerification, type VerificationRun } from './scenarios/verification.js';

/** A small run of every real scenario, so the benchmark keeps working as the code changes; the figures' values are not judged. */
const SMALL: BenchSizes = { verifyEvents: 3000, historyEvents: 2000, appends: 20, cascadeUnits: [12], apiUnits: 40, apiSeconds: 1 };

const opened: DataSource[] = [];
async function contextFor(id: string) {
  const { dataSource, url } = await createMigratedDataSource(`bench_${id}`);
  opened.push(dataSource);
  return {
    dataSource,
    databaseUrl: url,
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    sizes: SMALL,
    progress: silentProgress,
    log: () => undefined,
  };
}
const scenario = (id: string): Scenario => scenarios.find((s) => s.id === id)!;
const figure = (result: ScenarioResult, name: string) => result.figures.find((f) => f.name === name);

let verification: VerificationRun;
const results = new Map<string, ScenarioResult>();
let outDir: string;

beforeAll(async () => {
  verification = await runVerification(await contextFor('verification'));
  results.set('verification', verification.result);
  for (const id of ['append', 'cascade', 'history', 'api']) results.set(id, await scenario(id).run(await contextFor(id)));
  outDir = mkdtempSync(path.join(tmpdir(), 'epe-bench-results-'));
}, 600_000);

afterAll(async () => {
  await Promise.all(opened.map((dataSource) => dataSource.destroy()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the benchmark suite, at small sizes', () => {
  it('runs every registered scenario here', () => {
    expect([...results.keys()].sort()).toEqual(scenarios.map((s) => s.id).sort());
  });

  it('produces a finite, positive value for every figure, and a positive ratio for every baseline', () => {
    for (const result of results.values()) {
      expect(result.figures.length).toBeGreaterThan(0);
      for (const f of result.figures) {
        expect({ figure: f.name, ok: Number.isFinite(f.value) && f.value > 0 }).toEqual({ figure: f.name, ok: true });
        for (const b of f.baselines ?? [])
          expect({ figure: f.name, ratio: Number.isFinite(b.ratio) && b.ratio > 0 }).toEqual({ figure: f.name, ratio: true });
      }
      expect(result.parameters).toMatchObject({ cores: expect.any(Number) });
    }
  });

  it('audit verification: verifies every seeded event under one checkpoint, against the raw ordered read', () => {
    expect(verification.report).toMatchObject({ ok: true, events: SMALL.verifyEvents, streams: SMALL.verifyEvents / 50, problems: [] });
    expect(verification.report.checkpoints).toMatchObject({ verified: 1, covered: SMALL.verifyEvents, uncovered: 0 });
    expect(figure(verification.result, 'verifyStore(), whole store')?.baselines?.map((b) => b.name)).toEqual([
      'baseline: raw ordered read',
    ]);
  });

  it('event append: every case, our store against plain INSERTs and against Emmett', () => {
    const result = results.get('append')!;
    for (const batch of ['1 event/append', '10 events/append']) {
      for (const writers of ['1 writer', '8 writers']) {
        for (const streams of ['new streams', 'existing streams']) {
          const label = `${batch}, ${writers}, ${streams}`;
          expect(figure(result, `EventStore.append, ${label}`)?.baselines?.map((b) => b.name)).toEqual([
            `baseline (a): plain INSERT, ${label}`,
            `baseline (b): Emmett appendToStream, ${label}`,
          ]);
        }
      }
    }
  });

  it('cascade fan-out: a launch to every unit against as many empty workflows', () => {
    const result = results.get('cascade')!;
    const [units] = SMALL.cascadeUnits;
    expect(figure(result, `launch to all ${units} tasks assigned and recorded`)?.baselines?.map((b) => b.name)).toEqual([
      `baseline: ${units} empty workflows started and completed`,
    ]);
  });

  it('history: the as-of state of a plan of at least the wanted events, against the raw ordered SELECT', () => {
    const result = results.get('history')!;
    expect(result.parameters.planEvents).toBeGreaterThanOrEqual(SMALL.historyEvents);
    expect(figure(result, 'as-of state of the plan')?.baselines?.map((b) => b.name)).toEqual(['baseline: raw ordered SELECT of the plan']);
  });

  it('API: the inbox and the cascade tree against the trivial endpoint, throughput and latency', () => {
    const result = results.get('api')!;
    expect(result.parameters).toMatchObject({ units: SMALL.apiUnits });
    expect(result.parameters.departmentInboxItems).toBeGreaterThan(0);
    const names = result.figures.filter((f) => f.baselines).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/inbox .*: throughput$/),
        expect.stringMatching(/^GET \/plans\/:id .*: p99 latency$/),
      ]),
    );
  });

  it('writes every figure as a row of RESULTS.md and of results.json', () => {
    const bench: BenchRun = {
      date: '2025-01-01T00:00:00.000Z',
      machine: { cpu: 'test CPU', cores: 2, memoryGiB: 24, os: 'Linux', node: process.version, postgres: '18.0' },
      command: 'npm run bench -- --events 3000',
      results: [...results.values()],
    };
    const files = writeResults(outDir, bench);

    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('`npm run bench -- --events 3000`');
    for (const result of bench.results) {
      for (const f of result.figures) expect(markdown).toMatch(new RegExp(`^\\| ${literal(result.scenario)} \\| ${literal(f.name)}`, 'm'));
    }
    expect(markdown).toMatch(/\| verifyStore\(\), whole store \|[^\n]*\(baseline: raw ordered read\) \| [\d.]+× \|/);
    expect(markdown).toMatch(/\| EventStore\.append, 1 event\/append, 1 writer, new streams \|[^\n]*<br>[^\n]*\| [\d.]+×<br>[\d.]+× \|/);

    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { command: string; rows: ResultRow[] };
    expect(json.command).toBe(bench.command);
    expect(json.rows).toEqual(resultRows(bench.results));
    const row = json.rows.find((r) => r.figure === 'verifyStore(), whole store')!;
    expect(row).toMatchObject({
      scenario: 'audit verification',
      unit: 'events/s',
      parameters: { events: SMALL.verifyEvents, cores: expect.any(Number) },
    });
    expect(row.baselines).toEqual([{ figure: 'baseline: raw ordered read', value: expect.any(Number), ratio: expect.any(Number) }]);
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
