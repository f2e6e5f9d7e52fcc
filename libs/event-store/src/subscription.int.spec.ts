import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  computeEventHash,
  EventStore,
  GENESIS_HASH,
  parseCheckpoint,
  serializeCheckpoint,
  Subscription,
  type Checkpoint,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { createMigratedDataSource } from '../../../test/support/database.js';

/*
 * Transaction ids are cluster-wide, so transactions of test files running in parallel on the same
 * PostgreSQL briefly hold back every reader here too. Tests therefore poll until what they expect has
 * arrived, and look only at their own streams; exactly-once and order are still asserted strictly.
 */

let dataSource: DataSource;
let url: string;
let store: EventStore;

beforeAll(async () => {
  ({ dataSource, url } = await createMigratedDataSource('es_subscription'));
  store = new EventStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

const newStream = () => `stream-${randomUUID()}`;
const event = (eventId: string, type = 'Happened'): NewEvent => ({ eventId, type, data: { eventId }, metadata: { actor: 'system:test' } });
const ids = (events: RecordedEvent[]) => events.map((e) => e.eventId);

async function until(done: () => boolean | Promise<boolean>, step: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the expected events');
    await step();
  }
}

/** A subscription recording every event it is handed, and a view of those from the given streams. */
function recordingSubscription(batchSize = 100) {
  const delivered: RecordedEvent[] = [];
  const subscription = new Subscription(dataSource, {
    name: `test-${randomUUID()}`,
    batchSize,
    handler: async (events) => void delivered.push(...events),
  });
  const from = (...streams: string[]) => ids(delivered.filter((e) => streams.includes(e.streamId)));
  const noDuplicates = () => expect(new Set(ids(delivered)).size).toBe(delivered.length);
  return { subscription, delivered, from, noDuplicates };
}

describe('readAll', () => {
  it('orders by the numeric xid and position, not their text (positions 9 and 10 in one transaction)', async () => {
    const streamId = newStream();
    const batch = Array.from({ length: 12 }, (_, i) => event(`${streamId}/${i + 1}`));
    const { events: written } = await store.append(streamId, batch, { expectedVersion: 'no-stream' });
    expect(written.map((e) => e.globalPosition)).toContain('10'); // first test on a fresh database

    let read: RecordedEvent[] = [];
    await until(
      () => read.length === 12,
      async () => (read = (await store.readAll()).events.filter((e) => e.streamId === streamId)),
    );
    expect(read.map((e) => e.version)).toEqual(written.map((e) => e.version));
    expect(read.map((e) => e.globalPosition)).toEqual(written.map((e) => e.globalPosition));
  });

  it('pages through committed events in global order and resumes from a serialised checkpoint', async () => {
    let origin: Checkpoint | undefined;
    for (let page = await store.readAll(); page.events.length > 0; page = await store.readAll({ after: origin })) origin = page.checkpoint;
    const streamA = newStream();
    const streamB = newStream();
    await store.append(streamA, [event(`${streamA}/1`), event(`${streamA}/2`)], { expectedVersion: 'no-stream' });
    await store.append(streamB, [event(`${streamB}/1`)], { expectedVersion: 'no-stream' });
    await store.append(streamA, [event(`${streamA}/3`)], { expectedVersion: 2 });

    let first = await store.readAll({ after: origin, limit: 2 });
    await until(
      () => first.events.length === 2,
      async () => (first = await store.readAll({ after: origin, limit: 2 })),
    );
    expect(ids(first.events)).toEqual([`${streamA}/1`, `${streamA}/2`]);
    const saved = serializeCheckpoint(first.checkpoint!);
    expect(saved).toMatch(/^\d+:\d+$/);

    let rest = await store.readAll({ after: parseCheckpoint(saved) });
    await until(
      () => rest.events.length === 2,
      async () => (rest = await store.readAll({ after: parseCheckpoint(saved) })),
    );
    expect(ids(rest.events)).toEqual([`${streamB}/1`, `${streamA}/3`]);
    expect(await store.readAll({ after: rest.checkpoint })).toEqual({ events: [], checkpoint: rest.checkpoint });
  });
});

describe('Subscription', () => {
  it('delivers a slow transaction that took its position first but commits after a faster later one, in xid order, exactly once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const slowHasInserted = new Promise<void>((resolve) => (inserted = resolve));
    const slowStore = new EventStore(dataSource, {
      projections: [{ name: 'gate', handles: ['Slow'], apply: async () => (inserted(), gate) }],
    });
    const { subscription, from, noDuplicates } = recordingSubscription();
    const slowStream = newStream();
    const fastStream = newStream();

    const slow = slowStore.append(slowStream, [event(`${slowStream}/1`, 'Slow')], { expectedVersion: 'no-stream' });
    await slowHasInserted; // its row, position and xid exist, uncommitted
    const fast = (await store.append(fastStream, [event(`${fastStream}/1`, 'Fast')], { expectedVersion: 'no-stream' })).events[0];

    // While the slow transaction is open nobody passes it, although the fast event is committed.
    for (let i = 0; i < 5; i++) await subscription.processNext();
    expect(from(slowStream, fastStream)).toEqual([]);
    expect(ids((await store.readAll({ limit: 1_000_000 })).events)).not.toContain(fast.eventId);

    release();
    const slowEvent = (await slow).events[0];
    expect(BigInt(slowEvent.globalPosition)).toBeLessThan(BigInt(fast.globalPosition));
    expect(BigInt(slowEvent.transactionId)).toBeLessThan(BigInt(fast.transactionId));

    await until(
      () => from(slowStream, fastStream).length >= 2,
      () => subscription.processNext(),
    );
    for (let i = 0; i < 3; i++) await subscription.processNext();
    expect(from(slowStream, fastStream)).toEqual([slowEvent.eventId, fast.eventId]);
    noDuplicates();
  });

  it('does not skip a transaction that took its xid first but its position last, even one event per batch (Emmett PR #336)', async () => {
    const { subscription, from, noDuplicates } = recordingSubscription(1);
    const slowStream = newStream();
    const fastStream = newStream();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const fast = (await store.append(fastStream, [event(`${fastStream}/1`)], { expectedVersion: 'no-stream' })).events[0];
      expect(BigInt(fast.transactionId)).toBeGreaterThan(BigInt(rows[0].xid));

      // The slow transaction now writes a well-formed event by hand, so its position comes after the fast one's.
      const envelope = {
        streamId: slowStream,
        version: 1,
        eventId: `${slowStream}/1`,
        type: 'Happened',
        schemaVersion: 1,
        data: { eventId: `${slowStream}/1` },
        metadata: { actor: 'system:test' },
        recordedAt: new Date().toISOString(),
      };
      const hash = computeEventHash(GENESIS_HASH, envelope);
      await client.query('INSERT INTO event_streams (stream_id) VALUES ($1)', [slowStream]);
      const inserted = await client.query<{ global_position: string }>(
        `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES ($1, 1, $2, $3, 1, $4::jsonb, $5::jsonb, $6::timestamptz, $7, $8) RETURNING global_position::text`,
        [
          slowStream,
          envelope.eventId,
          envelope.type,
          JSON.stringify(envelope.data),
          JSON.stringify(envelope.metadata),
          envelope.recordedAt,
          GENESIS_HASH,
          hash,
        ],
      );
      await client.query('UPDATE event_streams SET version = 1, last_hash = $2 WHERE stream_id = $1', [slowStream, hash]);
      expect(BigInt(inserted.rows[0].global_position)).toBeGreaterThan(BigInt(fast.globalPosition));
      for (let i = 0; i < 5; i++) await subscription.processNext();
      expect(from(slowStream, fastStream)).toEqual([]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }

    // A position-only checkpoint would jump past the fast event after delivering the slow one.
    await until(
      () => from(slowStream, fastStream).length >= 2,
      () => subscription.processNext(),
    );
    for (let i = 0; i < 3; i++) await subscription.processNext();
    expect(from(slowStream, fastStream)).toEqual([`${slowStream}/1`, `${fastStream}/1`]);
    noDuplicates();
    expect((await store.verifyStream(slowStream)).ok).toBe(true);
  });

  it('rolls back a failed handler’s writes together with the checkpoint, so the batch is handled again, once', async () => {
    await dataSource.query('CREATE TABLE test_handled (event_id text PRIMARY KEY)');
    const streamId = newStream();
    let failures = 0;
    const subscription = new Subscription(dataSource, {
      name: `test-${randomUUID()}`,
      handler: async (events, tx) => {
        const ours = events.filter((e) => e.streamId === streamId);
        // The primary key turns a second delivery into an error.
        for (const e of ours) await tx.query('INSERT INTO test_handled (event_id) VALUES ($1)', [e.eventId]);
        if (ours.length > 0 && failures === 0) throw new Error('handler failed after writing');
      },
    });
    await store.append(streamId, [event(`${streamId}/1`), event(`${streamId}/2`)], { expectedVersion: 'no-stream' });
    const handled = async () =>
      (await dataSource.query<{ event_id: string }[]>('SELECT event_id FROM test_handled ORDER BY event_id')).map((r) => r.event_id);

    await until(
      async () => (await handled()).length === 2,
      async () => {
        try {
          await subscription.processNext();
        } catch (error) {
          expect((error as Error).message).toBe('handler failed after writing');
          failures++;
          expect(await handled()).toEqual([]);
        }
      },
    );
    for (let i = 0; i < 3; i++) await subscription.processNext();
    expect(failures).toBe(1);
    expect(await handled()).toEqual([`${streamId}/1`, `${streamId}/2`]);
  });

  it('never hands an event to two instances of the same subscription', async () => {
    const name = `test-${randomUUID()}`;
    const delivered: RecordedEvent[] = [];
    const instance = () =>
      new Subscription(dataSource, {
        name,
        batchSize: 3,
        handler: async (events) => {
          await delay(5);
          delivered.push(...events);
        },
      });
    const [one, two] = [instance(), instance()];
    const streamId = newStream();
    const written = Array.from({ length: 20 }, (_, i) => `${streamId}/${i + 1}`);
    await store.append(
      streamId,
      written.map((id) => event(id)),
      { expectedVersion: 'no-stream' },
    );

    const ours = () => ids(delivered.filter((e) => e.streamId === streamId));
    await Promise.all(
      [one, two].map((subscription) =>
        until(
          () => ours().length >= written.length,
          () => subscription.processNext(),
        ),
      ),
    );
    for (let i = 0; i < 3; i++) await Promise.all([one.processNext(), two.processNext()]);

    expect(ours()).toEqual(written);
    expect(new Set(ids(delivered)).size).toBe(delivered.length);
  });

  it('polls after start() until stop()', async () => {
    const delivered: RecordedEvent[] = [];
    const subscription = new Subscription(dataSource, {
      name: `test-${randomUUID()}`,
      pollIntervalMs: 20,
      handler: async (events) => void delivered.push(...events),
    });
    const streamId = newStream();
    const ours = () => ids(delivered.filter((e) => e.streamId === streamId));
    subscription.start();
    await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });
    await until(
      () => ours().length > 0,
      () => delay(20),
    );
    await subscription.stop();

    await store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 1 });
    await delay(200);
    expect(ours()).toEqual([`${streamId}/1`]);
  });
});
