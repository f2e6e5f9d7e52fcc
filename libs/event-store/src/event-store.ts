import type { DataSource, EntityManager } from 'typeorm';
import { assertCheckpoint, checkpointOf } from './checkpoint.js';
import { EventIdConflictError, EventStoreError, ExpectedVersionConflictError } from './errors.js';
import { computeEventHash } from './hashing.js';
import { assertStreamId, prepareEvents, sameContent, type PreparedEvent } from './new-events.js';
import { EVENT_COLUMNS, ORIGIN, readAfter, toRecordedEvent, type EventRow } from './rows.js';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventTypeNames,
  Evolver,
  ExpectedVersion,
  InlineProjection,
  NewEvent,
  RecordedEvent,
  RecordedEventOf,
  StoreVerification,
  StreamVerification,
} from './types.js';
import { scanChains, type ChainScanOptions } from './verify-chains.js';

export interface EventStoreOptions {
  projections?: InlineProjection[];
  /** Source of recordedAt; tests inject a fixed clock. */
  clock?: () => Date;
}

export interface StreamRange {
  fromVersion?: number;
  toVersion?: number;
  /** Only events with recordedAt <= asOf. */
  asOf?: Date;
}

/** Keyspace of the two-key advisory locks taken per stream ("EVST"), apart from anyone's one-key locks. */
const STREAM_LOCK_NAMESPACE = 0x45565354;
const DEFAULT_READ_ALL_LIMIT = 1000;
const MAX_VERSION = 2_147_483_647;

interface HeadRow {
  version: number;
  last_hash: string;
  last_recorded_at: string | null;
  any_stored: boolean;
}

export class EventStore {
  private readonly projections: readonly InlineProjection[];
  private readonly clock: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions = {},
  ) {
    this.projections = options.projections ?? [];
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Appends a batch atomically, or replays it idempotently when every event id is already stored with the
   * same content (a retried activity): then nothing is written, no projection runs, and the expected
   * version is not checked, since the first attempt already passed that check.
   */
  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedVersion(options.expectedVersion);
    const batch = prepareEvents(events);
    if (batch.length === 0) {
      const version = await this.streamVersion(streamId);
      if (!versionMatches(options.expectedVersion, version)) {
        throw new ExpectedVersionConflictError(streamId, options.expectedVersion, version);
      }
      return { streamId, version, written: 0, events: [] };
    }
    try {
      return await this.dataSource.transaction((tx) => this.appendInTransaction(tx, streamId, batch, options));
    } catch (error) {
      throw translateUniqueViolation(error);
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows: { version: number }[] = await this.dataSource.query('SELECT version FROM event_streams WHERE stream_id = $1', [streamId]);
    return rows[0]?.version ?? 0;
  }

  async readStream(streamId: string, range: StreamRange = {}): Promise<RecordedEvent[]> {
    const fromVersion = versionBound(range.fromVersion ?? 1, 'fromVersion');
    const toVersion = versionBound(range.toVersion ?? MAX_VERSION, 'toVersion');
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND version BETWEEN $2 AND $3
          AND ($4::timestamptz IS NULL OR recorded_at <= $4::timestamptz)
        ORDER BY version`,
      [streamId, fromVersion, toVersion, isoOrNull(range.asOf)],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Every committed event carrying this correlation id, across streams, in global (xid, position) order.
   * This is a history read, not a tail: it does not wait for older running transactions, so paging with
   * `after` may miss an event that commits later with a smaller xid. Use readAll or a Subscription to follow.
   */
  async readCorrelated(correlationId: string, options: { limit?: number; after?: Checkpoint } = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? ORIGIN;
    assertCheckpoint(after);
    assertLimit(options.limit);
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE metadata->>'correlationId' = $1
          AND (transaction_id, global_position) > ($2::xid8, $3::bigint)
        ORDER BY transaction_id, global_position
        LIMIT $4`,
      [correlationId, after.transactionId, after.globalPosition, options.limit ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  /** The next committed events in global order, never passing a transaction that is still running. */
  async readAll(options: { after?: Checkpoint; limit?: number } = {}): Promise<{ events: RecordedEvent[]; checkpoint?: Checkpoint }> {
    const after = options.after ?? ORIGIN;
    assertCheckpoint(after);
    assertLimit(options.limit);
    const events = await readAfter(this.dataSource.manager, after, options.limit ?? DEFAULT_READ_ALL_LIMIT);
    const last = events.at(-1);
    return { events, checkpoint: last ? checkpointOf(last) : options.after };
  }

  /** The stream folded to a version or an instant; `version` is that of its last event, whatever its type. */
  async aggregateStream<S, E extends { type: string }>(
    streamId: string,
    evolver: Evolver<S, E>,
    range: { toVersion?: number; asOf?: Date } = {},
  ): Promise<{ state: S; version: number }> {
    const events = await this.readStream(streamId, { toVersion: range.toVersion, asOf: range.asOf });
    const state = events.filter((event) => isRecordedEventOf(evolver.eventTypes, event)).reduce(evolver.evolve, evolver.initialState());
    return { state, version: events.at(-1)?.version ?? 0 };
  }

  /** Recomputes the chain from one snapshot, so a concurrent append cannot look like a broken head. */
  async verifyStream(streamId: string): Promise<StreamVerification> {
    let result: StreamVerification | undefined;
    await this.readOnlySnapshot((tx) => scanChains(tx, (r) => (result = r), { streams: [streamId] }));
    // scanChains reports each stream named, an empty one too.
    if (!result) throw new Error(`The chain scan reported nothing for stream ${streamId}`);
    return result;
  }

  /** Every stream (or the named ones), including events whose stream row is gone (possible only behind the store's back). */
  async verifyAll(options: ChainScanOptions = {}): Promise<StoreVerification> {
    const broken: StreamVerification[] = [];
    const { streams, events } = await this.readOnlySnapshot((tx) => scanChains(tx, (r) => r.ok || broken.push(r), options));
    return { ok: broken.length === 0, streams, events, broken };
  }

  /** One consistent snapshot that takes no transaction id, so it holds back no subscriber however long it reads. */
  private readOnlySnapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return work(tx);
    });
  }

  private async appendInTransaction(
    tx: EntityManager,
    streamId: string,
    batch: PreparedEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    // Serialise this stream's writers before any of them is given a transaction id (advisory locks need
    // none), so within a stream xid order is version order and subscribers see versions in sequence. The
    // row to insert comes out of the lock, so the lock is held before anything is written.
    await tx.query(
      `WITH stream_lock AS (SELECT pg_advisory_xact_lock($1::int, hashtext($2)))
       INSERT INTO event_streams (stream_id, stream_type) SELECT $2, $3::text FROM stream_lock
       ON CONFLICT (stream_id) DO NOTHING`,
      [STREAM_LOCK_NAMESPACE, streamId, options.streamType ?? null],
    );
    // A statement of its own: its snapshot, taken after the lock, sees a concurrent first attempt's commit.
    const heads: HeadRow[] = await tx.query(
      `SELECT s.version, s.last_hash,
              to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_recorded_at,
              EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2::text[])) AS any_stored
         FROM event_streams s
         LEFT JOIN events e ON e.stream_id = s.stream_id AND e.version = s.version
        WHERE s.stream_id = $1
          FOR UPDATE OF s`,
      [streamId, batch.map((event) => event.eventId)],
    );
    const head = heads[0]; // inserted just above if it did not exist

    // Only a retry (or a conflict) has stored ids, so only then is the batch read back.
    if (head.any_stored) {
      const replay = await this.findReplay(tx, streamId, batch);
      if (replay) return replay;
    }
    if (!versionMatches(options.expectedVersion, head.version)) {
      throw new ExpectedVersionConflictError(streamId, options.expectedVersion, head.version);
    }

    const recordedAt = this.nextRecordedAt(head.last_recorded_at);
    let prevHash = head.last_hash;
    const written: RecordedEvent[] = batch.map((event, index) => {
      const envelope = {
        streamId,
        version: head.version + index + 1,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
        recordedAt,
      };
      const hash = computeEventHash(prevHash, envelope);
      const recorded = { ...envelope, globalPosition: '', transactionId: '', prevHash, hash };
      prevHash = hash;
      return recorded;
    });
    await this.insertEvents(tx, batch, written);
    const last = written[written.length - 1];

    for (const projection of this.projections) {
      const handled = written.filter((event) => projection.handles.includes(event.type));
      if (handled.length > 0) await projection.apply(handled, tx);
    }
    return { streamId, version: last.version, written: written.length, events: written };
  }

  /**
   * Inserts the batch and moves the stream head onto its last event in one statement, whose text (arrays, not
   * rows of parameters) is the same for every batch size. The UPDATE waits for every inserted row (the count),
   * so the head trigger, whose queries take a new snapshot, finds that event. Fills in the positions and xids
   * PostgreSQL assigns.
   */
  private async insertEvents(tx: EntityManager, batch: PreparedEvent[], written: RecordedEvent[]): Promise<void> {
    const last = written[written.length - 1];
    const rows: { event_id: string; position_text: string; xid_text: string }[] = await tx.query(
      `WITH inserted AS (
         INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT $1, version, event_id, type, schema_version, data::jsonb, metadata::jsonb, $2::timestamptz, prev_hash, hash
           FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
                AS e (version, event_id, type, schema_version, data, metadata, prev_hash, hash)
          ORDER BY version
         RETURNING event_id, global_position::text AS position_text, transaction_id::text AS xid_text
       ), moved AS (
         UPDATE event_streams SET version = $11, last_hash = $12, updated_at = now()
          WHERE stream_id = $1 AND (SELECT count(*) FROM inserted) > 0
       )
       SELECT * FROM inserted`,
      [
        last.streamId,
        last.recordedAt, // the batch's one recordedAt
        written.map((event) => event.version),
        written.map((event) => event.eventId),
        written.map((event) => event.type),
        written.map((event) => event.schemaVersion),
        batch.map((event) => event.dataJson),
        batch.map((event) => event.metadataJson),
        written.map((event) => event.prevHash),
        written.map((event) => event.hash),
        last.version,
        last.hash,
      ],
    );
    const assigned = new Map(rows.map((row) => [row.event_id, row]));
    for (const event of written) {
      const row = assigned.get(event.eventId);
      if (!row) throw new Error(`PostgreSQL returned no position for event ${event.eventId}`); // it returns every row inserted
      event.globalPosition = row.position_text;
      event.transactionId = row.xid_text;
    }
  }

  /** Runs under the stream lock, so a concurrent first attempt has either committed or not started. */
  private async findReplay(tx: EntityManager, streamId: string, batch: PreparedEvent[]): Promise<AppendResult | undefined> {
    const rows: EventRow[] = await tx.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::text[])`, [
      batch.map((event) => event.eventId),
    ]);
    if (rows.length === 0) return undefined;
    const stored = new Map(rows.map((row) => [row.event_id, toRecordedEvent(row)]));
    const events: RecordedEvent[] = [];
    for (const [index, event] of batch.entries()) {
      const match = stored.get(event.eventId);
      if (!match) {
        throw new EventIdConflictError(
          rows[0].event_id,
          `it is stored but event "${event.eventId}" of the same batch is not, so this is not a retry`,
        );
      }
      if (match.streamId !== streamId) {
        throw new EventIdConflictError(event.eventId, `it is stored in stream "${match.streamId}", not "${streamId}"`);
      }
      if (!sameContent(streamId, event, match)) {
        throw new EventIdConflictError(event.eventId, 'it is stored with a different type, schema version, data or metadata');
      }
      if (index > 0 && match.version <= events[index - 1].version) {
        throw new EventIdConflictError(event.eventId, 'the batch is stored in a different order');
      }
      events.push(match);
    }
    return { streamId, version: events[events.length - 1].version, written: 0, events };
  }

  /** Never earlier than the stream's last event, so "as of" a time is always a prefix of the stream. */
  private nextRecordedAt(lastRecordedAt: string | null): string {
    const now = this.clock().getTime();
    const floor = lastRecordedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(lastRecordedAt);
    return new Date(Math.max(now, floor)).toISOString();
  }
}

function assertExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no-stream') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new EventStoreError(`Invalid expected version ${JSON.stringify(expected)}: use a version ≥ 0, 'no-stream' or 'any'`);
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  return actual === (expected === 'no-stream' ? 0 : expected);
}

/** Clamped to the integer column's range so a large bound reads "to the end" instead of failing. */
function versionBound(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new EventStoreError(`${name} must be an integer ≥ 0`);
  return Math.min(value, MAX_VERSION);
}

function assertLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new EventStoreError('limit must be an integer ≥ 1');
}

function isoOrNull(date: Date | undefined): string | null {
  if (date === undefined) return null;
  if (Number.isNaN(date.getTime())) throw new EventStoreError('asOf must be a valid date');
  return date.toISOString();
}

/**
 * The idempotency check runs under the stream lock, but the same event id can still race in through
 * another stream; the unique constraint then decides, and the caller gets the typed error.
 */
function translateUniqueViolation(error: unknown): unknown {
  const pgError = error as { code?: string; constraint?: string; detail?: string }; // node-postgres's fields, absent on other errors
  if (pgError.code === '23505' && pgError.constraint === 'events_event_id_key') {
    const eventId = /\(event_id\)=\((.*)\) already exists/.exec(pgError.detail ?? '')?.[1] ?? 'unknown';
    return new EventIdConflictError(eventId, 'it was written concurrently by another append');
  }
  return error;
}

/** Narrows a recorded event to the union whose type names are given: the one place where stored JSON becomes a typed event. */
export function isRecordedEventOf<E extends { type: string }>(
  eventTypes: EventTypeNames<E>,
  event: RecordedEvent,
): event is RecordedEventOf<E> {
  return Object.hasOwn(eventTypes, event.type);
}
