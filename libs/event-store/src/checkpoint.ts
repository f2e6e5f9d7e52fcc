import { EventStoreError } from './errors.js';
import type { Checkpoint, RecordedEvent } from './types.js';

const FORMAT = /^(\d+):(\d+)$/;

export function checkpointOf(event: RecordedEvent): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

/** "xid:position", the form stored outside PostgreSQL (same shape as Emmett's). */
export function serializeCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.transactionId}:${checkpoint.globalPosition}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const match = FORMAT.exec(text);
  if (!match) throw new EventStoreError(`Invalid checkpoint "${text}": expected "<transaction id>:<global position>"`);
  return { transactionId: match[1], globalPosition: match[2] };
}

/** Validates a checkpoint received from outside before it reaches SQL as a parameter. */
export function assertCheckpoint(checkpoint: Checkpoint): void {
  parseCheckpoint(serializeCheckpoint(checkpoint));
}
