import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore } from '../event-store.js';
import { computeEventHash, envelopeOf } from '../hashing.js';
import type { RecordedEvent } from '../types.js';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { Checkpointer, CheckpointIntegrityError } from './checkpointer.js';
import { verifyAgainstCheckpoints } from './checkpoint-verifier.js';
import { checkpointHash, generateSigningKeyPair, signCheckpoint, type CheckpointBody } from './signing.js';

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
  const checkpointer = new Checkpointer(dataSource, store, { privateKeyPem: keys.privateKeyPem, keyId: 'test-key' });
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

/** Rewrites one event's data and recomputes that stream's whole chain and head, as a careful attacker would. */
async function rewriteWithChain(f: Fixture, streamId: string, version: number, data: unknown): Promise<void> {
  const events = await f.store.readStream(streamId);
  const statements: [string, unknown[]][] = [];
  let prevHash = events[0]!.prevHash;
  for (const event of events) {
    const rewritten = { ...event, data: event.version === version ? data : event.data, prevHash };
    const hash = computeEventHash(prevHash, envelopeOf(rewritten));
    statements.push([
      'UPDATE events SET data = $3::jsonb, prev_hash = $4, hash = $5 WHERE stream_id = $1 AND version = $2',
      [streamId, event.version, JSON.stringify(rewritten.data), prevHash, hash],
    ]);
    prevHash = hash;
  }
  statements.push(['UPDATE event_streams SET last_hash = $2 WHERE stream_id = $1', [streamId, prevHash]]);
  await asReplica(f.url, statements);
}

describe('signed checkpoints over the global order', () => {
  it('checkpoints appended events, links and signs them, and they verify', async () => {
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

    await seed(f.store, 1);
    const result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result).toEqual({ ok: true, checkpoints: 2, events: 10, uncovered: 1, problems: [] });
  });

  it('lets only one checkpointer run at a time', async () => {
    const f = await fixture();
    await seed(f.store, 2);
    const other = new Checkpointer(f.dataSource, f.store, { privateKeyPem: keys.privateKeyPem, keyId: 'test-key' });
    const results = await Promise.all([f.checkpointer.createCheckpoint(), other.createCheckpoint()]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem)).ok).toBe(true);
  });

  it('catches a payload rewritten together with its chain, through the Merkle root of the covering checkpoints', async () => {
    const f = await fixture();
    const [victim] = await seed(f.store, 3);
    await seed(f.store, 2);
    await f.checkpointer.createCheckpoint();
    await seed(f.store, 2);
    await f.checkpointer.createCheckpoint();

    await rewriteWithChain(f, victim!.streamId, 2, { amount: 1_000_000 });
    // The chains alone no longer show anything.
    expect((await f.store.verifyAll()).ok).toBe(true);

    const result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.checkpoint, p.kind])).toEqual([
      [1, 'root'],
      [2, 'root'],
    ]);

    // And the checkpointer refuses to sign on top of the rewritten history.
    await seed(f.store, 1);
    await expect(f.checkpointer.createCheckpoint()).rejects.toBeInstanceOf(CheckpointIntegrityError);
  });

  it('catches a payload rewritten without its hash as a chain break, attributed to the covering checkpoint', async () => {
    const f = await fixture();
    await seed(f.store, 2);
    await f.checkpointer.createCheckpoint();
    const [, victim] = await seed(f.store, 2);
    await f.checkpointer.createCheckpoint();

    await asReplica(f.url, [['UPDATE events SET data = $2::jsonb WHERE event_id = $1', [victim!.eventId, JSON.stringify({ amount: 1 })]]]);
    const result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result.problems).toEqual([
      expect.objectContaining({ checkpoint: 2, kind: 'chain', streamId: victim!.streamId, message: expect.stringMatching(/altered/) }),
    ]);
  });

  it('catches a forged checkpoint signature, and a checkpoint re-signed with another key', async () => {
    const f = await fixture();
    await seed(f.store, 3);
    const checkpoint = await f.checkpointer.createCheckpoint();
    const other = generateSigningKeyPair();
    const forged = signCheckpoint(checkpoint!, other.privateKeyPem);
    await asReplica(f.url, [['UPDATE audit_checkpoints SET signature = $1 WHERE sequence = 1', [forged]]]);

    const result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result.problems.map((p) => [p.checkpoint, p.kind])).toEqual([[1, 'signature']]);

    await asReplica(f.url, [['UPDATE audit_checkpoints SET signature = $1 WHERE sequence = 1', ['AAAA']]]);
    expect((await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem)).problems.map((p) => p.kind)).toEqual(['signature']);
  });

  it('catches a changed count, a deleted checkpoint and an inserted checkpoint row', async () => {
    const f = await fixture();
    await seed(f.store, 3);
    await f.checkpointer.createCheckpoint();
    await seed(f.store, 3);
    const second = await f.checkpointer.createCheckpoint();

    // Count changed: the signature no longer covers the body, nor do the position and root fit.
    await asReplica(f.url, [['UPDATE audit_checkpoints SET count = 2 WHERE sequence = 1', []]]);
    let result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    const kinds = result.problems.filter((p) => p.checkpoint === 1).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['signature', 'link', 'position', 'root']));
    await asReplica(f.url, [['UPDATE audit_checkpoints SET count = 3 WHERE sequence = 1', []]]);
    expect((await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem)).ok).toBe(true);

    // An inserted row claiming more events than exist, with a recomputed hash but no valid signature.
    const fake: CheckpointBody = { ...second!, sequence: 3, count: 7, previousHash: second!.hash, createdAt: new Date().toISOString() };
    await asReplica(f.url, [
      [
        `INSERT INTO audit_checkpoints (sequence, count, last_transaction_id, last_global_position, merkle_root, previous_hash,
           created_at, key_id, hash, signature) VALUES ($1, $2, $3::xid8, $4, $5, $6, $7, $8, $9, $10)`,
        [3, 7, fake.lastPosition.transactionId, fake.lastPosition.globalPosition, fake.merkleRoot, fake.previousHash,
          fake.createdAt, fake.keyId, checkpointHash(fake), signCheckpoint(fake, generateSigningKeyPair().privateKeyPem)],
      ],
    ]);
    result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result.problems.map((p) => [p.checkpoint, p.kind])).toEqual([
      [3, 'signature'],
      [3, 'count'],
    ]);

    // A deleted middle checkpoint breaks the link.
    await asReplica(f.url, [['DELETE FROM audit_checkpoints WHERE sequence IN (1, 3)', []]]);
    result = await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem);
    expect(result.problems.map((p) => [p.checkpoint, p.kind])).toEqual([
      [2, 'link'],
      [2, 'link'],
    ]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_checkpoints, and rows that do not extend the last one', async () => {
    const f = await fixture();
    await seed(f.store, 2);
    const checkpoint = await f.checkpointer.createCheckpoint();
    await expect(f.dataSource.query(`UPDATE audit_checkpoints SET merkle_root = repeat('a', 64)`)).rejects.toThrow(/append-only/);
    await expect(f.dataSource.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    await expect(f.dataSource.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
    await expect(
      f.dataSource.query(
        `INSERT INTO audit_checkpoints (sequence, count, last_transaction_id, last_global_position, merkle_root, previous_hash,
           created_at, key_id, hash, signature) VALUES (2, 3, $1::xid8, $2, $3, $4, now()::timestamptz(3), 'k', $5, 'x')`,
        [checkpoint!.lastPosition.transactionId, checkpoint!.lastPosition.globalPosition, 'c'.repeat(64), 'd'.repeat(64), 'e'.repeat(64)],
      ),
    ).rejects.toThrow(/does not extend/);
    expect((await verifyAgainstCheckpoints(f.dataSource, keys.publicKeyPem)).ok).toBe(true);
  });
});
