import { cpus } from 'node:os';
import type { DataSource } from 'typeorm';
import {
  CHAIN_SCAN_PAGE,
  Checkpointer,
  EVENT_COLUMNS,
  generateSigningKeyPair,
  verifyStore,
  type EventRow,
  type SignedCheckpoint,
  type VerificationReport,
} from '#event-store';
import { measure, MIB, versus, type Figure, type Scenario, type ScenarioContext, type ScenarioResult } from '../harness.js';
import { seedEvents } from '../seed-events.js';

const TITLE = 'audit verification';
const STREAM_LENGTH = 50;
const STREAMS_PER_TRANSACTION = 200;
/** The baseline reads with the verifier's own page size, so it reads exactly as the verifier does. */
const READ_PAGE = CHAIN_SCAN_PAGE;
const VISIBILITY_TIMEOUT_MS = 60_000;

export interface VerificationRun {
  result: ScenarioResult;
  checkpoint: SignedCheckpoint;
  report: VerificationReport;
}

/**
 * How long an auditor waits for the whole store to be verified, against the cheapest possible read of the same
 * rows. Seeds N valid events, signs one checkpoint over them (Checkpointer), reads every event in (stream, version)
 * order without checking anything (the baseline), then runs verifyStore, which must find nothing wrong.
 */
export async function runVerification({ dataSource, sizes, progress, log }: ScenarioContext): Promise<VerificationRun> {
  const events = sizes.verifyEvents;
  const seedBar = progress('seeding', events);
  const seeded = await measure(() =>
    seedEvents(dataSource, {
      events,
      streamLength: STREAM_LENGTH,
      streamsPerTransaction: STREAMS_PER_TRANSACTION,
      onProgress: (done) => seedBar.update(done),
    }),
  ).finally(() => seedBar.stop());
  const { streams, meanPayloadBytes } = seeded.result;

  await waitUntilAllCommittedBelowXmin(dataSource);
  // Sets hint bits and the visibility map now, so the first measured reader does not pay for them.
  await dataSource.query('VACUUM (ANALYZE) events, event_streams');
  const [table]: { bytes: string }[] = await dataSource.query(`SELECT pg_total_relation_size('events') AS bytes`);
  const eventsTableWithIndexesMiB = Number(table.bytes) / MIB;

  const keys = generateSigningKeyPair();
  log(`Signing a checkpoint over ${events} events…`);
  const checkpointer = new Checkpointer(dataSource, { privateKeyPem: keys.privateKeyPem, keyId: 'bench' });
  const checkpointed = await measure(() => checkpointer.createCheckpoint());
  const checkpoint = checkpointed.result;
  if (checkpoint?.count !== events) throw new Error(`The checkpoint covers ${checkpoint?.count ?? 0} events, not the ${events} seeded`);

  const readBar = progress('raw read', events);
  const baseline = await measure(() => readAllOrdered(dataSource, (done) => readBar.update(done))).finally(() => readBar.stop());
  if (baseline.result !== events) throw new Error(`The raw read returned ${baseline.result} events, not the ${events} seeded`);

  const verifyBar = progress('verify: chains', events);
  let chainsDoneAt = 0;
  const started = performance.now();
  const verified = await measure(() =>
    verifyStore(dataSource, {
      publicKeyPem: keys.publicKeyPem,
      onProgress: ({ phase, done }) => {
        if (phase === 'chains') chainsDoneAt = performance.now();
        verifyBar.update(done, `verify: ${phase}`);
      },
    }),
  ).finally(() => verifyBar.stop());
  const report = verified.result;
  if (!report.ok || report.events !== events || report.streams !== streams || report.checkpoints.covered !== events) {
    throw new Error(
      `verifyStore did not confirm the seeded store (${events} events in ${streams} streams, all under one checkpoint): ` +
        JSON.stringify({ ...report, problems: report.problems.slice(0, 5) }),
    );
  }

  // The chains pass ends with its last progress report; what follows (leaf records, the xid-order read) is the checkpoint pass.
  const chainSeconds = (chainsDoneAt - started) / 1000;
  const rate = (seconds: number) => events / seconds;
  const rawRead: Figure = {
    name: 'baseline: raw ordered read',
    value: rate(baseline.seconds),
    unit: 'events/s',
    seconds: baseline.seconds,
  };
  const figures: Figure[] = [
    {
      name: 'seeding (bulk INSERT, triggers on)',
      value: rate(seeded.seconds),
      unit: 'events/s',
      seconds: seeded.seconds,
      informational: true,
    },
    {
      name: 'Checkpointer.createCheckpoint(), whole store',
      value: rate(checkpointed.seconds),
      unit: 'events/s',
      seconds: checkpointed.seconds,
    },
    rawRead,
    {
      name: 'verifyStore(), whole store',
      value: rate(verified.seconds),
      unit: 'events/s',
      seconds: verified.seconds,
      baselines: [versus(rawRead, verified.seconds)],
    },
    {
      name: 'verifyStore(): hash-chain pass (approx.)',
      value: rate(chainSeconds),
      unit: 'events/s',
      seconds: chainSeconds,
      informational: true,
    },
    {
      name: 'verifyStore(): checkpoint pass (approx.)',
      value: rate(verified.seconds - chainSeconds),
      unit: 'events/s',
      seconds: verified.seconds - chainSeconds,
      informational: true,
    },
    { name: 'peak RSS during createCheckpoint()', value: checkpointed.peakRssBytes / MIB, unit: 'MiB', informational: true },
    { name: 'peak RSS during verifyStore()', value: verified.peakRssBytes / MIB, unit: 'MiB', informational: true },
  ];
  const result: ScenarioResult = {
    scenario: TITLE,
    parameters: {
      events,
      streams,
      eventsPerStream: STREAM_LENGTH,
      meanPayloadBytes,
      eventsTableWithIndexesMiB: Math.round(eventsTableWithIndexesMiB),
      readPage: READ_PAGE,
      concurrency: 1,
      cores: cpus().length,
    },
    figures,
    notes: [
      `Baseline: the verifier's own query (the same columns, ORDER BY stream_id, version, keyset pages of ${READ_PAGE}) in one REPEATABLE READ READ ONLY transaction, with no hashing. Ratio = verifyStore() time / baseline time.`,
      'verifyStore() reads the store twice: the hash-chain pass in (stream, version) order, then the checkpoint pass in (transaction id, position) order against the signed leaf records. The split is taken from its progress reports.',
      'The store is seeded in transactions of whole streams, their events interleaved, then VACUUM ANALYZEd; every step runs on one connection after the seeding, with the table warm in memory.',
    ],
  };
  return { result, checkpoint, report };
}

export const verificationScenario: Scenario = {
  id: 'verification',
  title: TITLE,
  run: async (context) => (await runVerification(context)).result,
};

/** The verifier's chain scan with the verification taken out: returns how many rows it read. */
async function readAllOrdered(dataSource: DataSource, onProgress: (done: number) => void): Promise<number> {
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    let read = 0;
    for (let after = { streamId: '', version: 0 }; ;) {
      const rows: EventRow[] = await tx.query(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE (stream_id, version) > ($1, $2) ORDER BY stream_id, version LIMIT $3`,
        [after.streamId, after.version, READ_PAGE],
      );
      read += rows.length;
      onProgress(read);
      const last = rows.at(-1);
      if (rows.length < READ_PAGE || !last) return read;
      after = { streamId: last.stream_id, version: last.version };
    }
  });
}

/**
 * The checkpointer covers only events below the server-wide xmin; on a shared server (the test run) another
 * client's open transaction can hold that back for a while.
 */
async function waitUntilAllCommittedBelowXmin(dataSource: DataSource): Promise<void> {
  const deadline = Date.now() + VISIBILITY_TIMEOUT_MS;
  for (;;) {
    const [{ pending }]: { pending: number }[] = await dataSource.query(
      'SELECT count(*)::int AS pending FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())',
    );
    if (pending === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `${pending} seeded events stayed above the server's xmin for ${VISIBILITY_TIMEOUT_MS / 1000} s; another client holds a transaction open`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
