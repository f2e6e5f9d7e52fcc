import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  checkpointBodyOf,
  checkpointHash,
  GENESIS_CHECKPOINT_HASH,
  keyFingerprint,
  loadVerifyingKey,
  signBytes,
  verifyBytes,
  verifyCheckpointSignature,
  type SignedCheckpoint,
} from '../checkpoints/signing.js';
import { verifyInclusion } from '../checkpoints/merkle.js';
import type { BreakKind, RecordedEvent } from '../types.js';
import { diagnoseStream, type StreamHead } from '../verification.js';

/**
 * An audit bundle: one plan's (or cascade's) evidence in one NDJSON file that verifies offline.
 *   header      what it is, the streams with their heads at export, the public key
 *   checkpoint  every signed checkpoint, in sequence
 *   event       each event as stored, with its Merkle inclusion proof in the latest checkpoint that covers it
 *   report      the verification the system made at export (informational: the verifier recomputes everything)
 *   signature   Ed25519 over the SHA-256 of every byte before this line, with the same key
 */
export const BUNDLE_FORMAT = 'emulation-plan-audit-bundle';

export interface BundleHeader {
  record: 'header';
  format: typeof BUNDLE_FORMAT;
  formatVersion: 1;
  planId: string;
  exportedAt: string;
  streams: (StreamHead & { streamId: string })[];
  publicKeyPem: string;
  keyFingerprint: string;
}

export interface InclusionProof {
  checkpoint: number;
  leafIndex: number;
  treeSize: number;
  path: string[];
}

export type BundleRecord =
  | BundleHeader
  | ({ record: 'checkpoint' } & SignedCheckpoint)
  | { record: 'event'; event: RecordedEvent; proof?: InclusionProof }
  | { record: 'report'; report: unknown }
  | { record: 'signature'; sha256: string; signature: string; keyId: string };

/** Serialises the records and appends the signature line. */
export function sealBundle(
  records: readonly Exclude<BundleRecord, { record: 'signature' }>[],
  privateKey: KeyObject,
  keyId: string,
): string {
  const body = records.map((record) => `${JSON.stringify(record)}\n`).join('');
  const bytes = Buffer.from(body, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return `${body}${JSON.stringify({ record: 'signature', sha256, signature: signBytes(bytes, privateKey), keyId })}\n`;
}

export type BundleProblemKind = BreakKind | 'forged-checkpoint' | 'not-signed' | 'bundle-changed' | 'malformed';

export interface BundleProblem {
  kind: BundleProblemKind;
  line?: number;
  streamId?: string;
  version?: number;
  eventId?: string;
  checkpoint?: number;
  message: string;
}

export interface BundleVerification {
  ok: boolean;
  planId?: string;
  exportedAt?: string;
  keyFingerprint?: string;
  /** True when the key came from the auditor (--public-key), not from the bundle itself. */
  keyPinned: boolean;
  streams: number;
  events: number;
  checkpoints: number;
  /** Events proven to be under a signed checkpoint; the others were recorded after the last one. */
  covered: number;
  uncovered: number;
  problems: BundleProblem[];
}

/**
 * Verifies a bundle with nothing but its bytes (and, better, the public key the province published): the file's
 * signature, each checkpoint's signature and link, each stream's hash chain against its head at export, and each
 * event's inclusion proof against the signed Merkle root. Any changed byte fails at least the first of these.
 */
export function verifyBundle(bytes: Buffer, options: { publicKeyPem?: string } = {}): BundleVerification {
  const problems: BundleProblem[] = [];
  const result: BundleVerification = {
    ok: false,
    keyPinned: options.publicKeyPem !== undefined,
    streams: 0,
    events: 0,
    checkpoints: 0,
    covered: 0,
    uncovered: 0,
    problems,
  };
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: { line: number; record: BundleRecord }[] = [];
  lines.forEach((line, i) => {
    try {
      // As sealBundle writes them: the hashes and signatures below catch changes.
      records.push({ line: i + 1, record: JSON.parse(line) as BundleRecord });
    } catch {
      problems.push({ kind: 'malformed', line: i + 1, message: `Line ${i + 1} is not valid JSON; the file was changed or cut` });
    }
  });

  const header = records[0]?.record;
  if (header?.record !== 'header' || header.format !== BUNDLE_FORMAT) {
    problems.push({
      kind: 'malformed',
      line: 1,
      message: `This is not an audit bundle (its first line is not a "${BUNDLE_FORMAT}" header)`,
    });
    return result;
  }
  let key: KeyObject;
  try {
    key = loadVerifyingKey(options.publicKeyPem ?? header.publicKeyPem);
  } catch (error) {
    problems.push({
      kind: 'malformed',
      line: 1,
      message: `The public key cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    });
    return result;
  }
  Object.assign(result, { planId: header.planId, exportedAt: header.exportedAt, keyFingerprint: keyFingerprint(key) });
  if (options.publicKeyPem !== undefined && keyFingerprint(header.publicKeyPem) !== result.keyFingerprint) {
    problems.push({
      kind: 'bundle-changed',
      line: 1,
      message: 'The bundle names another public key than the one you gave: it was not signed by that key',
    });
  }

  // The whole file, as exported.
  const last = records.at(-1);
  if (last?.record.record !== 'signature') {
    problems.push({ kind: 'malformed', message: 'The bundle has no signature line; it was cut short' });
  } else {
    const signed = Buffer.from(text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1), 'utf8');
    const digest = createHash('sha256').update(signed).digest('hex');
    if (digest !== last.record.sha256 || !verifyBytes(signed, last.record.signature, key)) {
      problems.push({
        kind: 'bundle-changed',
        line: last.line,
        message: 'The bundle was changed after it was exported: its signature does not match its content',
      });
    }
  }

  // The checkpoints, as a signed chain.
  const checkpoints = new Map<number, SignedCheckpoint>();
  let previousHash = GENESIS_CHECKPOINT_HASH;
  for (const { line, record } of records) {
    if (record.record !== 'checkpoint') continue;
    const body = checkpointBodyOf(record);
    const at = record.sequence;
    if (!verifyCheckpointSignature(body, record.signature, key))
      problems.push({ kind: 'forged-checkpoint', line, checkpoint: at, message: `Checkpoint ${at}: the signature does not verify` });
    if (checkpointHash(body) !== record.hash || record.previousHash !== previousHash || at !== checkpoints.size + 1) {
      problems.push({
        kind: 'forged-checkpoint',
        line,
        checkpoint: at,
        message: `Checkpoint ${at}: it does not follow the previous checkpoint`,
      });
    }
    previousHash = record.hash;
    checkpoints.set(at, record);
  }
  result.checkpoints = checkpoints.size;

  // Each stream's chain, and each event under its checkpoint.
  const byStream = new Map<string, { line: number; event: RecordedEvent; proof?: InclusionProof }[]>(
    header.streams.map((s) => [s.streamId, []]),
  );
  for (const { line, record } of records) {
    if (record.record !== 'event') continue;
    result.events += 1;
    const entry = { line, event: record.event, ...(record.proof ? { proof: record.proof } : {}) };
    const streamEntries = byStream.get(record.event.streamId);
    if (!streamEntries) {
      problems.push({
        kind: 'inserted',
        line,
        streamId: record.event.streamId,
        eventId: record.event.eventId,
        message: `Line ${line}: event ${record.event.eventId} belongs to a stream the header does not list`,
      });
      continue;
    }
    streamEntries.push(entry);
    if (!record.proof) {
      result.uncovered += 1;
      continue;
    }
    const { checkpoint: sequence, leafIndex, treeSize, path } = record.proof;
    const checkpoint = checkpoints.get(sequence);
    if (checkpoint?.count === treeSize && verifyInclusion(record.event.hash, leafIndex, treeSize, path, checkpoint.merkleRoot)) {
      result.covered += 1;
    } else {
      problems.push({
        kind: 'not-signed',
        line,
        streamId: record.event.streamId,
        version: record.event.version,
        eventId: record.event.eventId,
        checkpoint: sequence,
        message: `Line ${line}: event ${record.event.eventId} (stream "${record.event.streamId}" version ${record.event.version}) is not the event checkpoint ${sequence} signed at leaf ${leafIndex}`,
      });
    }
  }
  const heads = new Map(header.streams.map((s) => [s.streamId, { version: s.version, lastHash: s.lastHash }]));
  for (const [streamId, entries] of byStream) {
    entries.sort((a, b) => a.event.version - b.event.version);
    const diagnosis = diagnoseStream(
      streamId,
      entries.map((e) => e.event),
      heads.get(streamId),
    );
    if (diagnosis.firstBreak) {
      const { kind, version, eventId, message } = diagnosis.firstBreak;
      const line = entries.find((e) => e.event.eventId === eventId)?.line;
      problems.push({
        kind,
        streamId,
        version,
        ...(eventId ? { eventId } : {}),
        ...(line ? { line } : {}),
        message: line ? `Line ${line}: ${message}` : message,
      });
    }
  }
  result.streams = byStream.size;
  result.ok = problems.length === 0;
  return result;
}
