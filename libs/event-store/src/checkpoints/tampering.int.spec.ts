import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore } from '../event-store.js';
import { computeEventHash, envelopeOf } from '../hashing.js';
import type { RecordedEvent } from '../types.js';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { readCheckpoints } from './checkpoint-rows.js';
import { Checkpointer, CheckpointIntegrityError } from './checkpointer.js';
import { verifyStore, type VerificationProblem } from './checkpoint-verifier.js';
import { checkpointHash, generateSigningKeyPair, signCheckpoint } from './signing.js';

const keys = generateSigningKeyPair();
const open: DataSource[] = [];

interface Fixture {
  dataSource: DataSource;
  url: string;
  store: EventStore;
  checkpointer: Checkpointer;
}

/** A database of its own per test, since most tests tamper with it. */
async function fixture(): Promise<Fixture> {
  const { dataSource, url } = await createMigratedDataSource('es_ckpt');
  open.push(dataSource);
  const store = new EventStore(dataSource);
  const checkpointer = new Checkpointer(dataSource, { privateKeyPem: keys.privateKeyPem, keyId: 'test-key' });
  return { dataSource, url, store, checkpointer };
}

afterAll(async () => {
  await Promise.all(open.map((ds) => ds.destroy()));
});

async function seed(store: EventStore, events = 3, streamId = `plan-${randomUUID()}`): Promise<RecordedEvent[]> {
  const version = await store.streamVersion(streamId);
  const batch = Array.from({ length: events }, (_, i) => ({
    eventId: `${streamId}/${version + i + 1}`,
    type: 'AmountChanged',
    data: { amount: (version + i + 1) * 100 },
    metadata: { actor: 'user-1' },
  }));
  const { events: stored } = await store.append(streamId, batch, { expectedVersion: version === 0 ? 'no-stream' : version });
  await visibleToReaders(store, stored.at(-1)!);
  return stored;
}

/**
 * Checkpoints cover only events below the server-wide xmin; another test's open transaction (a neighbouring test
 * file holds some open on purpose) can delay that. Waits until readers see `event`, as the checkpointer will.
 */
async function visibleToReaders(store: EventStore, event: RecordedEvent): Promise<void> {
  const before = { transactionId: event.transactionId, globalPosition: String(BigInt(event.globalPosition) - 1n) };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if ((await store.readAll({ after: before, limit: 1 })).events.length > 0) return;
  }
  throw new Error(`event ${event.eventId} never became visible to readers`);
}

/** An attacker with superuser rights: replica mode skips the append-only triggers. */
async function asReplica(url: string, statements: [string, unknown[]][]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    for (const [sql, params] of statements) await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Rewrites a stream as a careful attacker would: keeps `keep` of its events (in that order, renumbered 1, 2, …),
 * applies `change` to their content, and recomputes every hash and the stream row, so the chain is perfect again.
 * Events not kept are deleted.
 */
async function rewriteWithChain(
  f: Fixture,
  streamId: string,
  keep: (events: RecordedEvent[]) => RecordedEvent[],
  change = (e: RecordedEvent) => e,
): Promise<void> {
  const events = await f.store.readStream(streamId);
  const kept = keep(events);
  const statements: [string, unknown[]][] = [
    ['DELETE FROM events WHERE stream_id = $1 AND NOT (event_id = ANY($2))', [streamId, kept.map((e) => e.eventId)]],
    // Out of the way first, so renumbering cannot collide with (stream_id, version).
    ['UPDATE events SET version = version + 100000 WHERE stream_id = $1', [streamId]],
  ];
  let prevHash = events[0].prevHash;
  kept.forEach((original, i) => {
    const rewritten = { ...change(original), version: i + 1, prevHash };
    const hash = computeEventHash(prevHash, envelopeOf(rewritten));
    statements.push([
      'UPDATE events SET version = $2, data = $3::jsonb, prev_hash = $4, hash = $5 WHERE event_id = $1',
      [original.eventId, i + 1, JSON.stringify(rewritten.data), prevHash, hash],
    ]);
    prevHash = hash;
  });
  statements.push(['UPDATE event_streams SET version = $2, last_hash = $3 WHERE stream_id = $1', [streamId, kept.length, prevHash]]);
  await asReplica(f.url, statements);
}

const verify = (f: Fixture, streams?: string[]) =>
  verifyStore(f.dataSource, { publicKeyPem: keys.publicKeyPem, ...(streams ? { streams } : {}) });
const located = (problems: VerificationProblem[]) =>
  problems.map(({ kind, streamId, version, checkpoint }) => ({ kind, streamId, version, checkpoint }));

/** Three streams of four events, all under checkpoint 1, then two more events under checkpoint 2. */
async function checkpointed(): Promise<Fixture & { victim: RecordedEvent[]; others: string[] }> {
  const f = await fixture();
  const victim = await seed(f.store, 4);
  const others = [(await seed(f.store, 4))[0].streamId, (await seed(f.store, 4))[0].streamId];
  await f.checkpointer.createCheckpoint();
  await seed(f.store, 2, others[0]);
  await f.checkpointer.createCheckpoint();
  expect((await verify(f)).ok).toBe(true);
  return { ...f, victim, others };
}

describe('signed checkpoints over the global order', () => {
  it('checkpoints appended events, each costing only its new events, links and signs them, and they verify', async () => {
    const f = await fixture();
    expect(await f.checkpointer.createCheckpoint()).toBeNull();

    await seed(f.store, 3);
    await seed(f.store, 2);
    const first = await f.checkpointer.createCheckpoint();
    expect(first).toMatchObject({ sequence: 1, count: 5, previousHash: '0'.repeat(64), keyId: 'test-key' });
    expect(await f.checkpointer.createCheckpoint()).toBeNull();

    const more = await seed(f.store, 4);
    const second = await f.checkpointer.createCheckpoint();
    expect(second).toMatchObject({ sequence: 2, count: 9, previousHash: first!.hash });
    expect(second!.lastPosition).toEqual({ transactionId: more.at(-1)!.transactionId, globalPosition: more.at(-1)!.globalPosition });
    const leaves: { n: number }[] = await f.dataSource.query('SELECT length(leaves) / 52 AS n FROM audit_checkpoints ORDER BY sequence');
    expect(leaves.map((row) => row.n)).toEqual([5, 4]);

    await seed(f.store, 1);
    expect(await verify(f)).toEqual({
      ok: true,
      scope: 'all',
      streams: 4,
      events: 10,
      checkpoints: { verified: 2, lastSequence: 2, lastCreatedAt: second!.createdAt, covered: 9, uncovered: 1 },
      problems: [],
    });
  });

  it('lets only one checkpointer run at a time', async () => {
    const f = await fixture();
    await seed(f.store, 2);
    const other = new Checkpointer(f.dataSource, { privateKeyPem: keys.privateKeyPem, keyId: 'test-key' });
    const results = await Promise.all([f.checkpointer.createCheckpoint(), other.createCheckpoint()]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await verify(f)).ok).toBe(true);
  });

  it('refuses to extend a checkpoint whose stored frontier does not reproduce its signed root', async () => {
    const f = await fixture();
    await seed(f.store, 3);
    await f.checkpointer.createCheckpoint();
    await asReplica(f.url, [[`UPDATE audit_checkpoints SET frontier = ARRAY[repeat('a', 64), repeat('b', 64)]`, []]]);
    await seed(f.store, 1);
    await expect(f.checkpointer.createCheckpoint()).rejects.toBeInstanceOf(CheckpointIntegrityError);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_checkpoints', async () => {
    const f = await fixture();
    await seed(f.store, 2);
    await f.checkpointer.createCheckpoint();
    await expect(f.dataSource.query(`UPDATE audit_checkpoints SET merkle_root = repeat('a', 64)`)).rejects.toThrow(/append-only/);
    await expect(f.dataSource.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    await expect(f.dataSource.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
  });
});

describe('tampering with the stored events is detected, named and located', () => {
  it('a payload altered in place: "altered" at that version', async () => {
    const f = await checkpointed();
    const target = f.victim[1];
    await asReplica(f.url, [['UPDATE events SET data = $2::jsonb WHERE event_id = $1', [target.eventId, JSON.stringify({ amount: 1 })]]]);
    const report = await verify(f);
    expect(report.ok).toBe(false);
    expect(located(report.problems)).toEqual([{ kind: 'altered', streamId: target.streamId, version: 2, checkpoint: undefined }]);
    expect(report.problems[0]).toMatchObject({ eventId: target.eventId, globalPosition: target.globalPosition });
  });

  it('an event deleted: "missing", by the chain and by the checkpoint that signed it', async () => {
    const f = await checkpointed();
    const target = f.victim[2];
    await asReplica(f.url, [['DELETE FROM events WHERE event_id = $1', [target.eventId]]]);
    expect(located((await verify(f)).problems)).toEqual([
      { kind: 'missing', streamId: target.streamId, version: 3, checkpoint: undefined },
      { kind: 'missing', streamId: target.streamId, version: 3, checkpoint: 1 },
    ]);
  });

  it('a forged event inserted in the middle, the later events renumbered: "inserted" where it went', async () => {
    const f = await checkpointed();
    const [, second] = f.victim;
    const forged = { ...second, version: 3, eventId: `${second.streamId}/forged`, data: { amount: 7 }, prevHash: second.hash };
    const hash = computeEventHash(forged.prevHash, envelopeOf(forged));
    await asReplica(f.url, [
      // In two steps, since (stream_id, version) is unique at every row.
      ['UPDATE events SET version = version + 100000 WHERE stream_id = $1 AND version >= 3', [second.streamId]],
      ['UPDATE events SET version = version - 99999 WHERE stream_id = $1 AND version > 100000', [second.streamId]],
      [
        `INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
         VALUES ($1, 3, $2, $3, $4::jsonb, $5::jsonb, $6::timestamptz, $7, $8)`,
        [
          forged.streamId,
          forged.eventId,
          forged.type,
          JSON.stringify(forged.data),
          JSON.stringify(forged.metadata),
          forged.recordedAt,
          forged.prevHash,
          hash,
        ],
      ],
      ['UPDATE event_streams SET version = 5 WHERE stream_id = $1', [second.streamId]],
    ]);
    const problems = (await verify(f)).problems;
    expect(problems[0]).toMatchObject({ kind: 'inserted', streamId: second.streamId, version: 3, eventId: forged.eventId });
    // The events it pushed along no longer sit where checkpoint 1 signed them.
    expect(located(problems.slice(1))).toEqual([{ kind: 'reordered', streamId: second.streamId, version: 4, checkpoint: 1 }]);
  });

  it('two events swapped: "reordered", by the chain and by the checkpoint', async () => {
    const f = await checkpointed();
    const [, second, third] = f.victim;
    await asReplica(f.url, [
      ['UPDATE events SET version = 100000 WHERE event_id = $1', [second.eventId]],
      ['UPDATE events SET version = 2 WHERE event_id = $1', [third.eventId]],
      ['UPDATE events SET version = 3 WHERE event_id = $1', [second.eventId]],
    ]);
    const problems = (await verify(f)).problems;
    expect(located(problems)).toEqual([
      { kind: 'reordered', streamId: second.streamId, version: 2, checkpoint: undefined },
      // In global order the checkpoint meets first the event signed as version 2, now numbered 3.
      { kind: 'reordered', streamId: second.streamId, version: 3, checkpoint: 1 },
    ]);
    expect(problems[1]).toMatchObject({
      eventId: second.eventId,
      more: 1,
      message: expect.stringMatching(/signed in checkpoint 1 as version 2/),
    });
  });

  it('a stream’s tail truncated: "missing" from the stream row; with the row rewritten too, from the checkpoint', async () => {
    const f = await checkpointed();
    const streamId = f.victim[0].streamId;
    await asReplica(f.url, [['DELETE FROM events WHERE stream_id = $1 AND version > 2', [streamId]]]);
    expect(located((await verify(f)).problems)).toEqual([
      { kind: 'missing', streamId, version: 3, checkpoint: undefined },
      { kind: 'missing', streamId, version: 3, checkpoint: 1 },
    ]);

    await asReplica(f.url, [['UPDATE event_streams SET version = 2, last_hash = $2 WHERE stream_id = $1', [streamId, f.victim[1].hash]]]);
    const report = await verify(f);
    expect(located(report.problems)).toEqual([{ kind: 'missing', streamId, version: 3, checkpoint: 1 }]);
    expect(report.problems[0].more).toBe(1);
  });

  it('rows rewritten and their chains recomputed: the chains pass, the checkpoints name the first rewritten event', async () => {
    const f = await checkpointed();
    const streamId = f.others[0];
    await rewriteWithChain(
      f,
      streamId,
      (events) => events,
      (e) => (e.version === 3 ? { ...e, data: { amount: 1_000_000 } } : e),
    );
    expect((await f.store.verifyAll()).ok).toBe(true);

    const report = await verify(f);
    expect(located(report.problems)).toEqual([{ kind: 'altered', streamId, version: 3, checkpoint: 1 }]);
    expect(report.problems[0].message).toMatch(/rewritten and its chain recomputed/);
    // Versions 4 (checkpoint 1), 5 and 6 (checkpoint 2) were rehashed too: counted, not repeated.
    expect(report.problems[0].more).toBe(3);

    // A deletion hidden the same way (later events renumbered, chain recomputed): the signed version 2 is missing.
    await rewriteWithChain(f, f.others[1], (events) => events.filter((e) => e.version !== 2));
    expect(located((await verify(f)).problems)).toEqual(
      expect.arrayContaining([{ kind: 'missing', streamId: f.others[1], version: 2, checkpoint: 1 }]),
    );
  });

  it('a checkpoint re-signed after rewriting: its signature does not verify with the configured public key', async () => {
    const f = await checkpointed();
    const [signed] = await readCheckpoints(f.dataSource.manager);
    const forgedBody = { ...signed, createdAt: '2020-01-01T00:00:00.000Z' };
    await asReplica(f.url, [
      [
        'UPDATE audit_checkpoints SET created_at = $1::timestamptz, hash = $2, signature = $3 WHERE sequence = 1',
        [forgedBody.createdAt, checkpointHash(forgedBody), signCheckpoint(forgedBody, generateSigningKeyPair().privateKeyPem)],
      ],
    ]);
    const problems = (await verify(f)).problems;
    expect(problems.map(({ kind, checkpoint }) => ({ kind, checkpoint }))).toEqual([
      { kind: 'forged-checkpoint', checkpoint: 1 },
      { kind: 'forged-checkpoint', checkpoint: 2 },
    ]);
    expect(problems[0].message).toMatch(/Checkpoint 1: the signature does not verify/);
    expect(problems[1].message).toMatch(/Checkpoint 2: it does not link to the previous checkpoint/);
  });

  it('limits a plan’s verification to its streams', async () => {
    const f = await checkpointed();
    await asReplica(f.url, [['DELETE FROM events WHERE event_id = $1', [f.victim[1].eventId]]]);
    expect(await verify(f, f.others)).toMatchObject({
      ok: true,
      scope: { streams: 2 },
      streams: 2,
      events: 10,
      checkpoints: { covered: 10, uncovered: 0 },
    });
    expect((await verify(f, [f.victim[0].streamId])).problems.map((p) => p.kind)).toEqual(['missing', 'missing']);
  });
});
