import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  canonicalJson,
  EventIdConflictError,
  EventStore,
  EventStoreError,
  ExpectedVersionConflictError,
  type Evolver,
  type InlineProjection,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { createMigratedDataSource } from '../../../test/support/database.js';

let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  ({ dataSource } = await createMigratedDataSource('es_store'));
  store = new EventStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

const newStream = () => `plan-${randomUUID()}`;
const event = (eventId: string, type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({
  eventId,
  type,
  data,
  metadata: { actor: 'user-1', correlationId: 'corr-default' },
});
const ids = (events: RecordedEvent[]) => events.map((e) => e.eventId);
const countEvents = async (streamId: string) =>
  Number((await dataSource.query('SELECT count(*) AS n FROM events WHERE stream_id = $1', [streamId]))[0].n);

describe('append: optimistic concurrency', () => {
  it('lets exactly one of several concurrent appends with the same expected version win; the others get ExpectedVersionConflictError', async () => {
    const streamId = newStream();
    await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });

    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append(streamId, [event(`${streamId}/attempt-${i}`)], { expectedVersion: 1 })),
    );

    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(ExpectedVersionConflictError);
      expect(reason).toMatchObject({ name: 'ExpectedVersionConflictError', streamId, expected: 1, actual: 2 });
    }
    expect(await store.streamVersion(streamId)).toBe(2);
    expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2]);
    expect((await store.verifyStream(streamId)).ok).toBe(true);
  });

  it('lets exactly one of several concurrent creations of a new stream win', async () => {
    const streamId = newStream();
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append(streamId, [event(`${streamId}/create-${i}`)], { expectedVersion: 'no-stream' })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) {
      expect(attempt.reason).toBeInstanceOf(ExpectedVersionConflictError);
    }
    expect(await countEvents(streamId)).toBe(1);
  });

  it("gives concurrent 'any' appends to one stream gap-free versions, in the same order globally", async () => {
    const streamId = newStream();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append(streamId, [event(`${streamId}/${i}`)], { expectedVersion: 'any' })),
    );
    const rows: { version: number }[] = await dataSource.query(
      'SELECT version FROM events WHERE stream_id = $1 ORDER BY transaction_id, global_position',
      [streamId],
    );
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await store.verifyStream(streamId)).ok).toBe(true);
  });

  it("accepts 'no-stream' (and its synonym 0) only for a stream without events", async () => {
    const streamId = newStream();
    const first = await store.append(streamId, [event(`${streamId}/1`), event(`${streamId}/2`)], { expectedVersion: 'no-stream' });
    expect(first).toMatchObject({ streamId, version: 2, written: 2 });
    expect(first.events.map((e) => e.version)).toEqual([1, 2]);

    await expect(store.append(streamId, [event(`${streamId}/3`)], { expectedVersion: 'no-stream' })).rejects.toMatchObject({
      name: 'ExpectedVersionConflictError',
      expected: 'no-stream',
      actual: 2,
    });
    await expect(store.append(streamId, [event(`${streamId}/3`)], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      ExpectedVersionConflictError,
    );

    const other = newStream();
    expect((await store.append(other, [event(`${other}/1`)], { expectedVersion: 0 })).version).toBe(1);
  });

  it('accepts an exact expected version only when it equals the current version', async () => {
    const streamId = newStream();
    await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });
    await expect(store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 0 })).rejects.toBeInstanceOf(
      ExpectedVersionConflictError,
    );
    await expect(store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 2 })).rejects.toMatchObject({
      expected: 2,
      actual: 1,
    });
    await expect(store.append(newStream(), [event(randomUUID())], { expectedVersion: 3 })).rejects.toMatchObject({
      expected: 3,
      actual: 0,
    });
    expect((await store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 1 })).version).toBe(2);
  });

  it("appends with 'any' whatever the stream's version, including a new stream", async () => {
    const streamId = newStream();
    expect((await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'any' })).version).toBe(1);
    expect((await store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 'any' })).version).toBe(2);
  });

  it('treats an empty batch as a version check that writes nothing and creates no stream', async () => {
    const streamId = newStream();
    expect(await store.append(streamId, [], { expectedVersion: 'no-stream' })).toEqual({ streamId, version: 0, written: 0, events: [] });
    await expect(store.append(streamId, [], { expectedVersion: 1 })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM event_streams WHERE stream_id = $1', [streamId]))[0].n)).toBe(0);
  });
});

describe('append: idempotency and atomicity', () => {
  it('writes a retried append (same ids, same content) once and returns the original events, even with a stale expected version', async () => {
    const projected: string[] = [];
    const counting: InlineProjection = {
      name: 'counting',
      handles: ['Happened'],
      apply: async (events) => void projected.push(...ids(events)),
    };
    const retrying = new EventStore(dataSource, { projections: [counting] });
    const streamId = newStream();
    const batch = [event(`${streamId}/1`, 'Happened', { b: 2, a: 1 }), event(`${streamId}/2`)];

    const original = await retrying.append(streamId, batch, { expectedVersion: 'no-stream' });
    // The retry carries the same content with keys in another order and an explicit default schema version.
    const retryBatch = [
      { ...event(`${streamId}/1`, 'Happened', { a: 1, b: 2 }), schemaVersion: 1 },
      { ...event(`${streamId}/2`), metadata: { correlationId: 'corr-default', actor: 'user-1', reason: undefined } },
    ];
    const retried = await retrying.append(streamId, retryBatch, { expectedVersion: 'no-stream' });

    expect(retried).toEqual({ ...original, written: 0 });
    expect(await countEvents(streamId)).toBe(2);
    expect(projected).toEqual([`${streamId}/1`, `${streamId}/2`]);

    // Also after the stream has moved on: the retry reports where its own batch ended.
    await retrying.append(streamId, [event(`${streamId}/3`)], { expectedVersion: 2 });
    const late = await retrying.append(streamId, retryBatch, { expectedVersion: 'no-stream' });
    expect(late).toMatchObject({ version: 2, written: 0 });
    expect(await countEvents(streamId)).toBe(3);
  });

  it('rejects the same event id with different content and writes nothing', async () => {
    const streamId = newStream();
    await store.append(streamId, [event(`${streamId}/1`, 'Happened', { n: 1 })], { expectedVersion: 'no-stream' });

    const changedData = store.append(streamId, [event(`${streamId}/1`, 'Happened', { n: 2 })], { expectedVersion: 1 });
    await expect(changedData).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(changedData).rejects.toMatchObject({ name: 'EventIdConflictError', eventId: `${streamId}/1` });
    await expect(store.append(streamId, [event(`${streamId}/1`, 'Other', { n: 1 })], { expectedVersion: 1 })).rejects.toBeInstanceOf(
      EventIdConflictError,
    );
    await expect(
      store.append(streamId, [{ ...event(`${streamId}/1`), metadata: { actor: 'someone-else', correlationId: 'corr-default' } }], {
        expectedVersion: 1,
      }),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    const elsewhere = newStream();
    await expect(store.append(elsewhere, [event(`${streamId}/1`)], { expectedVersion: 'any' })).rejects.toThrow(/stored in stream/);

    expect(await countEvents(streamId)).toBe(1);
    expect(await countEvents(elsewhere)).toBe(0);
    expect(await store.streamVersion(elsewhere)).toBe(0);
  });

  it('rejects a batch of which only some ids are already stored, and writes none of it', async () => {
    const streamId = newStream();
    await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });
    await expect(
      store.append(streamId, [event(`${streamId}/1`), event(`${streamId}/2`)], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    expect(await countEvents(streamId)).toBe(1);
    expect(await store.streamVersion(streamId)).toBe(1);
  });

  it('is atomic for the batch: when the database rejects its third event, none of the batch is stored', async () => {
    // A test-only trigger stands in for any failure in the middle of the INSERT.
    await dataSource.query(`
      CREATE FUNCTION test_reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'Poison' THEN RAISE EXCEPTION 'poisoned event %', NEW.event_id; END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query(`CREATE TRIGGER test_reject_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_reject_poison()`);
    try {
      const streamId = newStream();
      await store.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });
      const batch = [event(`${streamId}/2`), event(`${streamId}/3`), event(`${streamId}/4`, 'Poison')];
      await expect(store.append(streamId, batch, { expectedVersion: 1 })).rejects.toThrow(/poisoned event/);

      expect(await countEvents(streamId)).toBe(1);
      expect(await store.streamVersion(streamId)).toBe(1);
      const fresh = newStream();
      await expect(
        store.append(fresh, [event(`${fresh}/1`), event(`${fresh}/2`, 'Poison')], { expectedVersion: 'no-stream' }),
      ).rejects.toThrow();
      expect(Number((await dataSource.query('SELECT count(*) AS n FROM event_streams WHERE stream_id = $1', [fresh]))[0].n)).toBe(0);
      // The next append continues the chain as if the failed batch had never existed.
      expect((await store.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 1 })).version).toBe(2);
      expect((await store.verifyStream(streamId)).ok).toBe(true);
    } finally {
      await dataSource.query('DROP TRIGGER test_reject_poison ON events');
      await dataSource.query('DROP FUNCTION test_reject_poison()');
    }
  });

  it('refuses invalid input with EventStoreError before writing anything', async () => {
    const streamId = newStream();
    const attempts: Promise<unknown>[] = [
      store.append('', [event(randomUUID())], { expectedVersion: 'any' }),
      store.append(streamId, [event(randomUUID())], { expectedVersion: -1 }),
      store.append(streamId, [event(randomUUID())], { expectedVersion: 'whatever' as never }),
      store.append(streamId, [event('dup'), event('dup')], { expectedVersion: 'any' }),
      store.append(streamId, [{ ...event(randomUUID()), metadata: { actor: '' } }], { expectedVersion: 'any' }),
      store.append(streamId, [{ ...event(randomUUID()), schemaVersion: 0 }], { expectedVersion: 'any' }),
      store.append(streamId, [event(randomUUID(), 'Happened', { text: 'nul \u0000 inside' })], { expectedVersion: 'any' }),
      store.append(streamId, [event(randomUUID(), 'Happened', { n: Number.NaN })], { expectedVersion: 'any' }),
      store.append(streamId, [{ ...event(randomUUID()), data: undefined }], { expectedVersion: 'any' }),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toBeInstanceOf(EventStoreError);
      await expect(attempt).rejects.not.toBeInstanceOf(ExpectedVersionConflictError);
    }
    expect(await countEvents(streamId)).toBe(0);
  });
});

describe('append: hashing round trip and time', () => {
  it('reads events back with the same canonical JSON and recordedAt that were hashed, so the chain verifies', async () => {
    const clock = new Date('2025-03-04T05:06:07.089Z');
    const clocked = new EventStore(dataSource, { clock: () => clock });
    const streamId = newStream();
    const data = {
      zeta: [1, 0.1, -0, 1e21, 1e-7, 123456789012345, 2 ** 53 - 1, -1.5e-300],
      ключ: 'Thi đua khen thưởng 🏅',
      nested: { b: [true, false, null], a: { '': 'empty key', '\u00e9': 'é' } },
      when: new Date('2024-01-01T00:00:00Z'),
      skipped: undefined,
      quote: 'a "quoted" \\ backslash\n',
    };
    const appended = await clocked.append(streamId, [event(`${streamId}/1`, 'Happened', data)], { expectedVersion: 'no-stream' });
    const [read] = await clocked.readStream(streamId);

    expect(read).toEqual(appended.events[0]);
    expect(read.recordedAt).toBe('2025-03-04T05:06:07.089Z');
    expect(canonicalJson(read.data)).toBe(canonicalJson(data));
    expect(read.data).toMatchObject({ when: '2024-01-01T00:00:00.000Z' });
    expect(read.globalPosition).toMatch(/^\d+$/);
    expect(read.transactionId).toMatch(/^\d+$/);
    expect(read.prevHash).toBe('0'.repeat(64));
    expect(await clocked.verifyStream(streamId)).toEqual({ streamId, ok: true, eventsChecked: 1 });
  });

  it('never records an event earlier than the previous one in its stream, even if the clock goes back', async () => {
    let now = new Date('2025-06-01T12:00:00.000Z');
    const clocked = new EventStore(dataSource, { clock: () => now });
    const streamId = newStream();
    await clocked.append(streamId, [event(`${streamId}/1`)], { expectedVersion: 'no-stream' });
    now = new Date('2025-05-01T12:00:00.000Z');
    const second = await clocked.append(streamId, [event(`${streamId}/2`)], { expectedVersion: 1 });
    expect(second.events[0].recordedAt).toBe('2025-06-01T12:00:00.000Z');
  });
});

describe('inline projections', () => {
  it('run inside the append transaction on the written events they handle, and their failure rolls the append back', async () => {
    await dataSource.query('CREATE TABLE test_projection (event_id text PRIMARY KEY, events_visible integer NOT NULL)');
    const seen: string[][] = [];
    const recording: InlineProjection = {
      name: 'recording',
      handles: ['Counted'],
      async apply(events, tx) {
        seen.push(ids(events));
        for (const e of events) {
          // Counting the stream's events through `tx` shows the projection sees the uncommitted append.
          const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [e.streamId]);
          await tx.query('INSERT INTO test_projection (event_id, events_visible) VALUES ($1, $2)', [e.eventId, n]);
        }
      },
    };
    const failing: InlineProjection = {
      name: 'failing',
      handles: ['Explodes'],
      apply: async () => {
        throw new Error('projection failed');
      },
    };
    const projecting = new EventStore(dataSource, { projections: [recording, failing] });
    const streamId = newStream();

    await projecting.append(
      streamId,
      [event(`${streamId}/1`, 'Counted'), event(`${streamId}/2`, 'Ignored'), event(`${streamId}/3`, 'Counted')],
      {
        expectedVersion: 'no-stream',
      },
    );
    expect(seen).toEqual([[`${streamId}/1`, `${streamId}/3`]]);
    expect(await dataSource.query('SELECT event_id, events_visible FROM test_projection ORDER BY event_id')).toEqual([
      { event_id: `${streamId}/1`, events_visible: 3 },
      { event_id: `${streamId}/3`, events_visible: 3 },
    ]);

    await expect(
      projecting.append(streamId, [event(`${streamId}/4`, 'Counted'), event(`${streamId}/5`, 'Explodes')], { expectedVersion: 3 }),
    ).rejects.toThrow('projection failed');
    expect(await countEvents(streamId)).toBe(3);
    expect(await store.streamVersion(streamId)).toBe(3);
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM test_projection'))[0].n)).toBe(2);
  });
});

describe('reads', () => {
  const at = (iso: string) => new Date(iso);

  async function seedTimedStream(): Promise<string> {
    let now = at('2025-01-01T00:00:00.000Z');
    const clocked = new EventStore(dataSource, { clock: () => now });
    const streamId = newStream();
    for (let version = 1; version <= 5; version++) {
      now = at(`2025-01-0${version}T10:00:00.000Z`);
      await clocked.append(streamId, [event(`${streamId}/${version}`, 'Added', { amount: version })], { expectedVersion: version - 1 });
    }
    return streamId;
  }

  it('readStream returns a version range and the events recorded as of a point in time', async () => {
    const streamId = await seedTimedStream();
    expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.readStream(streamId, { fromVersion: 2, toVersion: 4 })).map((e) => e.version)).toEqual([2, 3, 4]);
    expect((await store.readStream(streamId, { fromVersion: 4 })).map((e) => e.version)).toEqual([4, 5]);
    expect((await store.readStream(streamId, { toVersion: Number.MAX_SAFE_INTEGER })).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    // asOf is inclusive to the millisecond.
    expect((await store.readStream(streamId, { asOf: at('2025-01-03T10:00:00.000Z') })).map((e) => e.version)).toEqual([1, 2, 3]);
    expect((await store.readStream(streamId, { asOf: at('2025-01-03T09:59:59.999Z') })).map((e) => e.version)).toEqual([1, 2]);
    expect(await store.readStream(streamId, { asOf: at('2024-12-31T00:00:00.000Z') })).toEqual([]);
    expect(await store.readStream(newStream())).toEqual([]);
  });

  it('aggregateStream folds the stream to a version and to a point in time', async () => {
    const streamId = await seedTimedStream();
    interface Added {
      type: 'Added';
      data: { amount: number };
    }
    const sum: Evolver<{ total: number; applied: number[] }, Added> = {
      initialState: () => ({ total: 0, applied: [] }),
      evolve: (state, e) => ({ total: state.total + e.data.amount, applied: [...state.applied, e.version] }),
      eventTypes: { Added: true },
    };
    expect(await store.aggregateStream(streamId, sum)).toEqual({ state: { total: 15, applied: [1, 2, 3, 4, 5] }, version: 5 });
    expect(await store.aggregateStream(streamId, sum, { toVersion: 2 })).toEqual({ state: { total: 3, applied: [1, 2] }, version: 2 });
    expect(await store.aggregateStream(streamId, sum, { asOf: at('2025-01-04T12:00:00.000Z') })).toEqual({
      state: { total: 10, applied: [1, 2, 3, 4] },
      version: 4,
    });
    expect(await store.aggregateStream(newStream(), sum)).toEqual({ state: { total: 0, applied: [] }, version: 0 });
  });

  it('readCorrelated returns one correlation id history across streams in global order, with paging', async () => {
    const correlationId = `plan-${randomUUID()}`;
    const meta = { actor: 'user-1', correlationId };
    const plan = newStream();
    const task = newStream();
    await store.append(plan, [{ eventId: `${plan}/1`, type: 'PlanCreated', data: {}, metadata: meta }], { expectedVersion: 'no-stream' });
    await store.append(task, [{ eventId: `${task}/1`, type: 'TaskAssigned', data: {}, metadata: meta }], { expectedVersion: 'no-stream' });
    await store.append(newStream(), [event(randomUUID())], { expectedVersion: 'no-stream' });
    await store.append(plan, [{ eventId: `${plan}/2`, type: 'PlanLaunched', data: {}, metadata: meta }], { expectedVersion: 1 });

    const history = await store.readCorrelated(correlationId);
    expect(ids(history)).toEqual([`${plan}/1`, `${task}/1`, `${plan}/2`]);
    const firstPage = await store.readCorrelated(correlationId, { limit: 2 });
    expect(ids(firstPage)).toEqual([`${plan}/1`, `${task}/1`]);
    const last = firstPage[1];
    const secondPage = await store.readCorrelated(correlationId, {
      after: { transactionId: last.transactionId, globalPosition: last.globalPosition },
    });
    expect(ids(secondPage)).toEqual([`${plan}/2`]);
  });
});
