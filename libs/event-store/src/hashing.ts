import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, RecordedEvent } from './types.js';

/** The prevHash of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What each event's hash covers: its content and its place in the stream (not its global position or xid). */
export interface EventEnvelope {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

/** RFC 8785 (JCS) canonical JSON: the one serialisation that hashing and content comparison rely on. */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError(`Cannot canonicalise a value of type ${typeof value} as JSON`);
  return json;
}

/** hash = SHA-256(prevHash + '\n' + JCS(envelope)), hex. Shared with the offline verifier. */
export function computeEventHash(prevHash: string, envelope: EventEnvelope): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(envelope)}`, 'utf8')
    .digest('hex');
}

export function envelopeOf(event: RecordedEvent): EventEnvelope {
  const { streamId, version, eventId, type, schemaVersion, data, metadata, recordedAt } = event;
  return { streamId, version, eventId, type, schemaVersion, data, metadata, recordedAt };
}
