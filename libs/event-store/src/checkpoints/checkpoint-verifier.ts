import type { DataSource } from 'typeorm';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../rows.js';
import type { RecordedEvent } from '../types.js';
import { ChainVerifier } from '../verification.js';
import { readCheckpoints } from './checkpoint-rows.js';
import { merkleRoot } from './merkle.js';
import { checkpointBodyOf, checkpointHash, GENESIS_CHECKPOINT_HASH, loadVerifyingKey, verifyCheckpointSignature } from './signing.js';

export type CheckpointProblemKind = 'signature' | 'link' | 'count' | 'root' | 'position' | 'chain';

export interface CheckpointProblem {
  /** The checkpoint concerned; for a 'chain' problem, the first checkpoint covering the broken event (if any). */
  checkpoint?: number;
  /** For a 'chain' problem: the stream whose hash chain is broken. */
  streamId?: string;
  kind: CheckpointProblemKind;
  message: string;
}

export interface CheckpointVerification {
  ok: boolean;
  checkpoints: number;
  events: number;
  /** Events in the global order after the last checkpoint: chain-checked, but not yet under any signature. */
  uncovered: number;
  problems: CheckpointProblem[];
}

const PAGE = 5000;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Checks every signed checkpoint against the stored events, in one REPEATABLE READ snapshot:
 *  - the Ed25519 signature over the checkpoint's body (and its stored hash), with a key from outside the database;
 *  - the link to the previous checkpoint (sequence, previous hash);
 *  - the count and last position against the global order;
 *  - the Merkle root recomputed from the stored event hashes;
 *  - and every stream's hash chain recomputed from the envelopes (ChainVerifier).
 * Someone who rewrites an event and recomputes its chain either changes its stored hash (the Merkle root of
 * every covering checkpoint no longer matches) or keeps it (the event no longer hashes to it: a chain break).
 */
export async function verifyAgainstCheckpoints(dataSource: DataSource, publicKeyPem: string): Promise<CheckpointVerification> {
  const publicKey = loadVerifyingKey(publicKeyPem);
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    const checkpoints = await readCheckpoints(tx);
    const heads: { stream_id: string; version: number; last_hash: string }[] = await tx.query(
      'SELECT stream_id, version, last_hash FROM event_streams',
    );

    // Global order (every committed event visible in the snapshot; the covered prefix of it cannot move).
    const events: RecordedEvent[] = [];
    for (let after = { xid: '0', position: '0' }; ; ) {
      const rows: EventRow[] = await tx.query(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          ORDER BY transaction_id, global_position LIMIT $3`,
        [after.xid, after.position, PAGE],
      );
      for (const row of rows) events.push(toRecordedEvent(row));
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = { xid: last.xid_text, position: last.position_text };
    }

    const problems: CheckpointProblem[] = [];
    const coveringCheckpoint = (index: number): number | undefined => checkpoints.find((c) => c.count > index)?.sequence;

    // 1. Per-checkpoint checks.
    let previousHash = GENESIS_CHECKPOINT_HASH;
    let previousSequence = 0;
    let previousCount = 0;
    for (const checkpoint of checkpoints) {
      const at = checkpoint.sequence;
      const report = (kind: CheckpointProblemKind, message: string) => problems.push({ checkpoint: at, kind, message });
      const body = checkpointBodyOf(checkpoint);

      if (!verifyCheckpointSignature(body, checkpoint.signature, publicKey)) {
        report('signature', `Checkpoint ${at}: the signature does not verify against the public key (key id "${checkpoint.keyId}")`);
      }
      const recomputedHash = checkpointHash(body);
      if (recomputedHash !== checkpoint.hash) {
        report('link', `Checkpoint ${at}: stored hash ${short(checkpoint.hash)} but its body hashes to ${short(recomputedHash)}`);
      }
      if (checkpoint.sequence !== previousSequence + 1) {
        report('link', `Checkpoint ${at}: expected sequence ${previousSequence + 1} after checkpoint ${previousSequence}`);
      }
      if (checkpoint.previousHash !== previousHash) {
        report('link', `Checkpoint ${at}: previous hash ${short(checkpoint.previousHash)} is not the hash of the previous checkpoint (${short(previousHash)})`);
      }

      const countOk = Number.isSafeInteger(checkpoint.count) && checkpoint.count > previousCount && checkpoint.count <= events.length;
      if (!countOk) {
        report(
          'count',
          `Checkpoint ${at}: covers ${checkpoint.count} events, but ` +
            (checkpoint.count > events.length
              ? `only ${events.length} are stored; events were deleted`
              : `the previous checkpoint already covered ${previousCount}`),
        );
      }
      if (checkpoint.count >= 1 && checkpoint.count <= events.length) {
        const last = events[checkpoint.count - 1]!;
        const { transactionId, globalPosition } = checkpoint.lastPosition;
        if (last.transactionId !== transactionId || last.globalPosition !== globalPosition) {
          report(
            'position',
            `Checkpoint ${at}: its ${checkpoint.count}th event should be at (${transactionId}, ${globalPosition}) ` +
              `but is at (${last.transactionId}, ${last.globalPosition}); events were inserted or removed`,
          );
        }
        // TODO(perf): O(count) per checkpoint; an incremental (compact range) tree would make this linear overall.
        const root = merkleRoot(events.slice(0, checkpoint.count).map((e) => e.hash));
        if (root !== checkpoint.merkleRoot) {
          report('root', `Checkpoint ${at}: the ${checkpoint.count} covered events hash to Merkle root ${short(root)}, not the signed ${short(checkpoint.merkleRoot)}`);
        }
      }

      previousHash = checkpoint.hash;
      previousSequence = checkpoint.sequence;
      previousCount = Math.max(previousCount, Number.isSafeInteger(checkpoint.count) ? checkpoint.count : 0);
    }

    // 2. Every stream's chain, from the envelopes.
    const byStream = new Map<string, { verifier: ChainVerifier; events: { event: RecordedEvent; index: number }[] }>();
    events.forEach((event, index) => {
      let entry = byStream.get(event.streamId);
      if (!entry) byStream.set(event.streamId, (entry = { verifier: new ChainVerifier(event.streamId), events: [] }));
      entry.events.push({ event, index });
    });
    for (const head of heads) {
      if (!byStream.has(head.stream_id)) byStream.set(head.stream_id, { verifier: new ChainVerifier(head.stream_id), events: [] });
    }
    const headOf = new Map(heads.map((h) => [h.stream_id, { version: h.version, lastHash: h.last_hash }]));
    for (const [streamId, { verifier, events: streamEvents }] of byStream) {
      streamEvents.sort((a, b) => a.event.version - b.event.version);
      for (const { event } of streamEvents) verifier.check(event);
      const result = verifier.finish(headOf.get(streamId));
      if (result.firstBreak) {
        const broken = streamEvents.find(({ event }) => event.version === result.firstBreak!.version);
        const problem: CheckpointProblem = { streamId, kind: 'chain', message: result.firstBreak.message };
        const covering = broken ? coveringCheckpoint(broken.index) : undefined;
        if (covering !== undefined) problem.checkpoint = covering;
        problems.push(problem);
      }
    }

    const covered = checkpoints.length ? Math.min(previousCount, events.length) : 0;
    return {
      ok: problems.length === 0,
      checkpoints: checkpoints.length,
      events: events.length,
      uncovered: events.length - covered,
      problems,
    };
  });
}
