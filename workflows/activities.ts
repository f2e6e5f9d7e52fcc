import type { EventMetadata } from '#event-store';

/** The activities the workflows call; implemented by the worker (apps/worker/src/activities). */
export interface WorkflowEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface AppendEventsInput {
  streamId: string;
  streamType: string;
  expectedVersion: number;
  events: WorkflowEvent[];
}

export interface StoredStream {
  events: { type: string; data: unknown }[];
  version: number;
}

export interface Activities {
  /** Idempotent: a retry with the same event ids writes nothing. */
  appendEvents(input: AppendEventsInput): Promise<{ version: number; written: number }>;
  /** A stream's events, so that a workflow (re)started on an existing stream folds its state from them. */
  readStream(streamId: string): Promise<StoredStream>;
}

/** Signed checkpoints over the event store (libs/event-store/src/checkpoints), started by the audit schedule. */
export interface CheckpointActivities {
  /** null when nothing was recorded since the last checkpoint. */
  signCheckpoint(): Promise<{ sequence: number; count: number } | null>;
}
