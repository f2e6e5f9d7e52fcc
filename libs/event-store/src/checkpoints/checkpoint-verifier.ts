import type { KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { BreakKind } from '../types.js';
import { scanChains } from '../verify-chains.js';
import { readCheckpointLeaves, readCheckpoints } from './checkpoint-rows.js';
import { decodeLeaves, leavesDigest, streamTag, type Leaf } from './leaves.js';
import { MerkleAccumulator } from './merkle.js';
import {
  checkpointBodyOf,
  checkpointHash,
  GENESIS_CHECKPOINT_HASH,
  loadVerifyingKey,
  verifyCheckpointSignature,
  type SignedCheckpoint,
} from './signing.js';

/** A chain break, or an event that no longer matches what a checkpoint signed; or a checkpoint that is itself wrong. */
export type ProblemKind = BreakKind | 'forged-checkpoint';

export interface VerificationProblem {
  kind: ProblemKind;
  streamId?: string;
  version?: number;
  eventId?: string;
  globalPosition?: string;
  /** The checkpoint whose signed record the event contradicts, or the checkpoint that is wrong. */
  checkpoint?: number;
  message: string;
  /** Further events of the same stream found wrong the same way (reported once, counted here). */
  more?: number;
}

export interface VerificationReport {
  ok: boolean;
  /** 'all', or the number of streams verified (a plan's subtree). */
  scope: 'all' | { streams: number };
  streams: number;
  events: number;
  checkpoints: {
    verified: number;
    lastSequence?: number;
    lastCreatedAt?: string;
    /** Events in scope under a checkpoint, and after the last one (chain-checked only, not yet signed). */
    covered: number;
    uncovered: number;
  };
  problems: VerificationProblem[];
}

export interface VerifyOptions {
  /** SPKI PEM (or a private key PEM) of the checkpoint key; its absence is reported, not ignored. */
  publicKeyPem: string;
  /** Only these streams (a plan's subtree); every stream when absent. */
  streams?: readonly string[];
  onProgress?: (progress: { phase: 'chains' | 'checkpoints'; done: number; total: number }) => void;
}

const PAGE = 10_000;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Verifies the store (or some streams of it) in one read-only snapshot, in two passes:
 *  1. every stream's hash chain, from the events' content (verify-chains.ts), naming the first break per stream;
 *  2. every signed checkpoint: its Ed25519 signature (key from outside the database), its link to the previous
 *     one, its leaf records against their signed digest and its Merkle root recomputed from them; then each event
 *     in scope against the leaf record the checkpoint holds for its position. This is what catches rows rewritten
 *     together with their chains: the event's hash is no longer the one signed.
 */
export async function verifyStore(dataSource: DataSource, options: VerifyOptions): Promise<VerificationReport> {
  const publicKey = loadVerifyingKey(options.publicKeyPem);
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    const only = options.streams ? [...new Set(options.streams)] : undefined;
    const total = await countEvents(tx, only);
    const problems: VerificationProblem[] = [];
    const brokenStreams = new Set<string>();
    const names = new Map<string, string>((only ?? []).map((streamId) => [streamTag(streamId), streamId]));

    const chains = await scanChains(
      tx,
      (result) => {
        names.set(streamTag(result.streamId), result.streamId);
        if (!result.firstBreak) return;
        brokenStreams.add(result.streamId);
        const { kind, version, eventId, globalPosition, message } = result.firstBreak;
        problems.push({
          kind,
          streamId: result.streamId,
          version,
          ...(eventId ? { eventId } : {}),
          ...(globalPosition ? { globalPosition } : {}),
          message,
        });
      },
      { ...(only ? { streams: only } : {}), onProgress: (done) => options.onProgress?.({ phase: 'chains', done, total }) },
    );

    const checked = await checkAgainstCheckpoints(tx, publicKey, only, names, brokenStreams, (done) =>
      options.onProgress?.({ phase: 'checkpoints', done, total }),
    );
    problems.push(...checked.problems);
    const lastCheckpoint = checked.checkpoints.at(-1);
    return {
      ok: problems.length === 0,
      scope: only ? { streams: only.length } : 'all',
      streams: chains.streams,
      events: chains.events,
      checkpoints: {
        verified: checked.checkpoints.length,
        ...(lastCheckpoint ? { lastSequence: lastCheckpoint.sequence, lastCreatedAt: lastCheckpoint.createdAt } : {}),
        covered: checked.covered,
        uncovered: total - checked.covered,
      },
      problems,
    };
  });
}

async function countEvents(tx: EntityManager, only: string[] | undefined): Promise<number> {
  const rows: { n: string }[] = await tx.query(
    `SELECT count(*)::text AS n FROM events ${only ? 'WHERE stream_id = ANY($1)' : ''}`,
    only ? [only] : [],
  );
  return Number(rows[0].n);
}

interface LightEvent {
  stream_id: string;
  version: number;
  event_id: string;
  position_text: string;
  xid_text: string;
  hash: string;
}

async function checkAgainstCheckpoints(
  tx: EntityManager,
  publicKey: KeyObject,
  only: string[] | undefined,
  names: Map<string, string>,
  brokenStreams: Set<string>,
  onProgress: (done: number) => void,
): Promise<{ checkpoints: SignedCheckpoint[]; covered: number; problems: VerificationProblem[] }> {
  const checkpoints = await readCheckpoints(tx);
  const problems: VerificationProblem[] = [];
  const firstPerStream = new Map<string, VerificationProblem>();
  /** One problem per stream and kind: a rewritten chain makes every later event of it differ. */
  const eventProblem = (problem: VerificationProblem) => {
    const key = `${problem.streamId}\u0000${problem.kind}`;
    const first = firstPerStream.get(key);
    if (first) first.more = (first.more ?? 0) + 1;
    else {
      firstPerStream.set(key, problem);
      problems.push(problem);
    }
  };
  const nameOf = (tag: string) => names.get(tag) ?? `(a stream no longer in the store, tag ${tag})`;

  const tags = only ? new Set(only.map(streamTag)) : undefined;
  const tree = new MerkleAccumulator();
  let previous: SignedCheckpoint | undefined;
  let covered = 0;
  for (const checkpoint of checkpoints) {
    const at = checkpoint.sequence;
    const forged = (message: string) =>
      problems.push({ kind: 'forged-checkpoint', checkpoint: at, message: `Checkpoint ${at}: ${message}` });
    const body = checkpointBodyOf(checkpoint);
    if (!verifyCheckpointSignature(body, checkpoint.signature, publicKey))
      forged(`the signature does not verify with the public key (key id "${checkpoint.keyId}")`);
    if (checkpointHash(body) !== checkpoint.hash) forged(`its stored hash ${short(checkpoint.hash)} is not the hash of its body`);
    if (checkpoint.sequence !== (previous?.sequence ?? 0) + 1) forged(`expected sequence ${(previous?.sequence ?? 0) + 1}`);
    if (checkpoint.previousHash !== (previous?.hash ?? GENESIS_CHECKPOINT_HASH))
      forged(`it does not link to the previous checkpoint's hash`);

    const encoded = await readCheckpointLeaves(tx, at);
    if (leavesDigest(encoded) !== checkpoint.leavesDigest) forged(`its leaf records do not match their signed digest`);
    const leaves = decodeLeaves(encoded);
    for (const leaf of leaves) tree.push(leaf.hash);
    if (tree.size !== checkpoint.count) forged(`it signs ${checkpoint.count} events but holds ${tree.size} leaves`);
    if (tree.root() !== checkpoint.merkleRoot)
      forged(`its leaves hash to Merkle root ${short(tree.root())}, not the signed ${short(checkpoint.merkleRoot)}`);
    if (leaves.at(-1)?.globalPosition !== checkpoint.lastPosition.globalPosition)
      forged(`its last leaf is not at its signed last position`);

    // The events in its range of the global order, against the leaf records it signed.
    const inScope = tags ? leaves.filter((leaf) => tags.has(leaf.streamTag)) : leaves;
    const byPosition = new Map<string, Leaf>(inScope.map((leaf) => [leaf.globalPosition, leaf]));
    const positionOfHash = new Map<string, string>(inScope.map((leaf) => [leaf.hash, leaf.globalPosition]));
    const from = previous?.lastPosition ?? { transactionId: '0', globalPosition: '0' };
    for await (const event of eventsBetween(tx, from, checkpoint.lastPosition, only)) {
      covered += 1;
      if (covered % PAGE === 0) onProgress(covered);
      const leaf = byPosition.get(event.position_text);
      byPosition.delete(event.position_text);
      if (leaf?.hash === event.hash && leaf.version === event.version) continue; // the usual case, kept cheap
      const where = {
        streamId: event.stream_id,
        version: event.version,
        eventId: event.event_id,
        globalPosition: event.position_text,
        checkpoint: at,
      };
      const stream = `Stream "${event.stream_id}" version ${event.version} (event ${event.event_id}, position ${event.position_text})`;
      if (!leaf) {
        eventProblem({
          kind: 'inserted',
          ...where,
          message: `${stream} lies within checkpoint ${at}'s range but was not there when it was signed; it was inserted`,
        });
      } else if (leaf.hash !== event.hash) {
        const movedFrom = positionOfHash.get(event.hash);
        if (movedFrom) {
          eventProblem({
            kind: 'reordered',
            ...where,
            message: `${stream} was signed in checkpoint ${at} at position ${movedFrom}; events were reordered`,
          });
        } else {
          const recomputed = brokenStreams.has(event.stream_id) ? '' : ' and its chain recomputed (the chain alone would not show it)';
          eventProblem({
            kind: 'altered',
            ...where,
            message: `${stream} has hash ${short(event.hash)}, but checkpoint ${at} signed ${short(leaf.hash)}: it was rewritten${recomputed}`,
          });
        }
      } else if (leaf.version !== event.version || leaf.streamTag !== streamTag(event.stream_id)) {
        eventProblem({
          kind: 'reordered',
          ...where,
          message: `${stream} was signed in checkpoint ${at} as version ${leaf.version} of ${nameOf(leaf.streamTag)}; events were reordered`,
        });
      }
    }
    for (const leaf of byPosition.values()) {
      eventProblem({
        kind: 'missing',
        streamId: nameOf(leaf.streamTag),
        version: leaf.version,
        globalPosition: leaf.globalPosition,
        checkpoint: at,
        message: `Stream "${nameOf(leaf.streamTag)}" version ${leaf.version} (position ${leaf.globalPosition}) was signed in checkpoint ${at} but is no longer stored; it was deleted`,
      });
    }
    onProgress(covered);
    previous = checkpoint;
  }
  return { checkpoints, covered, problems };
}

/** Events in (from, to] of the global order, optionally of some streams only, read a page at a time. */
async function* eventsBetween(
  tx: EntityManager,
  from: { transactionId: string; globalPosition: string },
  to: { transactionId: string; globalPosition: string },
  streams: string[] | undefined,
): AsyncGenerator<LightEvent> {
  for (let after = from; ;) {
    const rows: LightEvent[] = await tx.query(
      `SELECT stream_id, version, event_id, global_position::text AS position_text, transaction_id::text AS xid_text, hash
         FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)
          ${streams ? 'AND stream_id = ANY($6)' : ''}
        ORDER BY transaction_id, global_position LIMIT $5`,
      [after.transactionId, after.globalPosition, to.transactionId, to.globalPosition, PAGE, ...(streams ? [streams] : [])],
    );
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return;
    after = { transactionId: last.xid_text, globalPosition: last.position_text };
  }
}
