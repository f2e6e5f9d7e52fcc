import type { EntityManager } from 'typeorm';

/** A number N ≥ 0 means the stream must be at exactly version N (0 ≡ 'no-stream'). */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface EventMetadata {
  /** A user id, or 'system:<component>'. */
  actor: string;
  reason?: string;
  /** For example the plan id: lets an auditor read a plan's whole history across streams. */
  correlationId?: string;
  causationId?: string;
  workflowId?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Unique across the store; derived deterministically by writers so a retried append reuses it. */
  eventId: string;
  type: Type;
  /** Defaults to 1. */
  schemaVersion?: number;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  streamId: string;
  version: number;
  /** bigint as a decimal string. */
  globalPosition: string;
  /** xid8 of the writing transaction, as a decimal string. */
  transactionId: string;
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** ISO 8601, millisecond precision, UTC. */
  recordedAt: string;
  /** Hex SHA-256 of the previous event in the stream (64 zeros for version 1). */
  prevHash: string;
  hash: string;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Recorded when the stream is created; ignored afterwards. */
  streamType?: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream version after the batch (for an idempotent replay: the version of the batch's last event). */
  version: number;
  /** 0 for an idempotent replay. */
  written: number;
  /** The batch as stored. */
  events: RecordedEvent[];
}

/** A position in the global (transaction id, global position) order. */
export interface Checkpoint {
  transactionId: string;
  globalPosition: string;
}

/** Runs inside the append transaction, only for events actually written; a failure rolls the append back. */
export interface InlineProjection {
  name: string;
  handles: readonly string[];
  apply(events: RecordedEvent[], tx: EntityManager): Promise<void>;
}

/** The type names of an event union, each once: a Record, so that the compiler checks the names against the union. */
export type EventTypeNames<E extends { type: string }> = Readonly<Record<E['type'], true>>;

/** A recorded event of the union E: what a typed read returns. */
export type RecordedEventOf<E extends { type: string }> = RecordedEvent & E;

/** A fold over one event union; a stream's events of other types (written by newer code) are passed over. */
export interface Evolver<S, E extends { type: string }> {
  initialState: () => S;
  evolve: (state: S, event: RecordedEventOf<E>) => S;
  eventTypes: EventTypeNames<E>;
}

/** How a stream's chain was broken (verification.ts says how each is told apart). */
export type BreakKind = 'altered' | 'missing' | 'inserted' | 'reordered';

export interface ChainBreak {
  kind: BreakKind;
  /** Where the break is: the version of the first event concerned. */
  version: number;
  eventId?: string;
  globalPosition?: string;
  message: string;
}

export interface StreamVerification {
  streamId: string;
  ok: boolean;
  eventsChecked: number;
  firstBreak?: ChainBreak;
}

export interface StoreVerification {
  ok: boolean;
  streams: number;
  events: number;
  broken: StreamVerification[];
}
