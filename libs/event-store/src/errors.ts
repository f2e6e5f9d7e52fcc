import type { ExpectedVersion } from './types.js';

/**
 * Base class of the store's errors; thrown as is for invalid input (a caller error, e.g. HTTP 400).
 * Names are set explicitly because Temporal retry policies and the API match on `error.name`.
 */
export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The stream is not at the expected version: reload and decide again. */
export class ExpectedVersionConflictError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream "${streamId}" was expected at version ${String(expected)} but is at version ${actual}`);
    this.name = 'ExpectedVersionConflictError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** An event id is already stored with different content, or only part of a batch exists. */
export class EventIdConflictError extends EventStoreError {
  constructor(
    readonly eventId: string,
    detail: string,
  ) {
    super(`Event id "${eventId}" conflicts with a stored event: ${detail}`);
    this.name = 'EventIdConflictError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
