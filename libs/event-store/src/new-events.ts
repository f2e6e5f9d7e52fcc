import { EventStoreError } from './errors.js';
import { canonicalJson } from './hashing.js';
import type { EventMetadata, NewEvent, RecordedEvent } from './types.js';

/** A new event reduced to JSON: what is stored, hashed and compared is exactly what a later read returns. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  dataJson: string;
  metadataJson: string;
}

const OPTIONAL_METADATA = ['reason', 'correlationId', 'causationId', 'workflowId'] as const;

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** PostgreSQL's jsonb cannot store U+0000; refusing it here makes it a caller error instead of a database one. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
  }
  return false;
}

function toJson(value: unknown, what: string): string {
  let json: string;
  try {
    json = canonicalJson(value);
  } catch (error) {
    throw new EventStoreError(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (containsNul(JSON.parse(json))) throw new EventStoreError(`${what} contains U+0000, which PostgreSQL cannot store`);
  return json;
}

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (!isNonEmptyString(streamId)) throw new EventStoreError('A stream id must be a non-empty string');
}

/** Validates a batch and normalises it through canonical JSON (dropping undefined, applying toJSON). */
export function prepareEvents(events: readonly NewEvent[]): PreparedEvent[] {
  const seen = new Set<string>();
  return events.map((event, index) => {
    const where = `Event ${index + 1} of the batch`;
    if (!isNonEmptyString(event.eventId)) throw new EventStoreError(`${where}: eventId must be a non-empty string`);
    if (seen.has(event.eventId)) throw new EventStoreError(`${where}: eventId "${event.eventId}" appears twice in the batch`);
    seen.add(event.eventId);
    if (!isNonEmptyString(event.type)) throw new EventStoreError(`${where}: type must be a non-empty string`);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new EventStoreError(`${where}: schemaVersion must be an integer ≥ 1`);
    }
    const metadata = event.metadata;
    if (metadata === null || typeof metadata !== 'object' || !isNonEmptyString(metadata.actor)) {
      throw new EventStoreError(`${where}: metadata.actor must be a non-empty string`);
    }
    for (const key of OPTIONAL_METADATA) {
      if (metadata[key] !== undefined && typeof metadata[key] !== 'string') {
        throw new EventStoreError(`${where}: metadata.${key} must be a string when present`);
      }
    }
    const dataJson = toJson(event.data, `${where}: data`);
    const metadataJson = toJson(metadata, `${where}: metadata`);
    const data: unknown = JSON.parse(dataJson);
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion,
      data,
      metadata: JSON.parse(metadataJson) as EventMetadata, // the JSON of the metadata just checked
      dataJson,
      metadataJson,
    };
  });
}

/** Content equality for idempotency; recordedAt and positions are not content. */
export function sameContent(streamId: string, prepared: PreparedEvent, stored: RecordedEvent): boolean {
  return (
    stored.streamId === streamId &&
    stored.type === prepared.type &&
    stored.schemaVersion === prepared.schemaVersion &&
    canonicalJson(stored.data) === prepared.dataJson &&
    canonicalJson(stored.metadata) === prepared.metadataJson
  );
}
