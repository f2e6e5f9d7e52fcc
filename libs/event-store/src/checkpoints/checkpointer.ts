import type { DataSource } from 'typeorm';
import { EventStoreError } from '../errors.js';
import { ORIGIN, readLeavesAfter } from '../rows.js';
import type { Checkpoint } from '../types.js';
import { readLatestCheckpoint } from './checkpoint-rows.js';
import { encodeLeaves, leavesDigest, streamTag, type Leaf } from './leaves.js';
import { MerkleAccumulator } from './merkle.js';
import {
  checkpointHash,
  GENESIS_CHECKPOINT_HASH,
  loadSigningKey,
  signCheckpoint,
  type CheckpointBody,
  type SignedCheckpoint,
} from './signing.js';

/** Keyspace of the two-key advisory lock held while a checkpoint is made ("EVCP"), apart from the store's. */
const CHECKPOINT_LOCK_NAMESPACE = 0x45564350;
const CHECKPOINT_LOCK_KEY = 0;
const READ_PAGE = 10_000;

export interface CheckpointerOptions {
  /** PKCS#8 PEM Ed25519 key, configured outside the database. */
  privateKeyPem: string;
  /** Which key signed, so verifiers can pick the public key after a rotation. */
  keyId: string;
  clock?: () => Date;
}

/** The history already under a checkpoint no longer matches it; the checkpointer refuses to sign on top. */
export class CheckpointIntegrityError extends EventStoreError {
  constructor(
    readonly sequence: number,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointIntegrityError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Writes signed checkpoints over the global (transaction id, global position) order. Only committed
 * events below xmin are covered (as store.readAll reads), so the covered prefix of the order can never change
 * afterwards; a later checkpoint always covers a strict extension of an earlier one. It signs only what is new:
 * checking that older events still match their checkpoints is the verifier's job (checkpoint-verifier.ts).
 */
export class Checkpointer {
  private readonly signingKey;
  private readonly keyId: string;
  private readonly clock: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    options: CheckpointerOptions,
  ) {
    if (!options.keyId) throw new EventStoreError('keyId must not be empty');
    this.signingKey = loadSigningKey(options.privateKeyPem);
    this.keyId = options.keyId;
    this.clock = options.clock ?? (() => new Date());
  }

  /** A new signed checkpoint, or null when no event was committed since the last one. */
  async createCheckpoint(): Promise<SignedCheckpoint | null> {
    return this.dataSource.transaction(async (tx) => {
      // One checkpointer at a time; the lock goes with the transaction, so a crash cannot leave it held.
      await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [CHECKPOINT_LOCK_NAMESPACE, CHECKPOINT_LOCK_KEY]);
      const previous = await readLatestCheckpoint(tx);
      const tree = previous ? MerkleAccumulator.fromFrontier(previous.count, previous.frontier) : new MerkleAccumulator();
      if (previous && tree.root() !== previous.merkleRoot) {
        throw new CheckpointIntegrityError(
          previous.sequence,
          `The stored frontier of checkpoint ${previous.sequence} does not reproduce its signed Merkle root; refusing to extend it`,
        );
      }

      // Only the events since the last checkpoint: the tree's frontier stands for everything before them.
      const leaves: Leaf[] = [];
      const tags = new Map<string, string>(); // far fewer streams than events: hash each stream id once
      const tagOf = (streamId: string) => {
        let tag = tags.get(streamId);
        if (tag === undefined) tags.set(streamId, (tag = streamTag(streamId)));
        return tag;
      };
      let after: Checkpoint = previous?.lastPosition ?? ORIGIN;
      for (;;) {
        const page = await readLeavesAfter(tx, after, READ_PAGE);
        for (const row of page) {
          leaves.push({ globalPosition: row.position_text, streamTag: tagOf(row.stream_id), version: row.version, hash: row.hash });
          tree.push(row.hash);
        }
        const last = page.at(-1);
        if (last) after = { transactionId: last.xid_text, globalPosition: last.position_text };
        if (page.length < READ_PAGE) break;
      }
      if (leaves.length === 0) return null;

      const encoded = encodeLeaves(leaves);
      const body: CheckpointBody = {
        sequence: (previous?.sequence ?? 0) + 1,
        count: tree.size,
        lastPosition: after,
        merkleRoot: tree.root(),
        leavesDigest: leavesDigest(encoded),
        previousHash: previous?.hash ?? GENESIS_CHECKPOINT_HASH,
        createdAt: new Date(Math.floor(this.clock().getTime())).toISOString(),
        keyId: this.keyId,
      };
      const signed: SignedCheckpoint = { ...body, hash: checkpointHash(body), signature: signCheckpoint(body, this.signingKey) };
      await tx.query(
        `INSERT INTO audit_checkpoints
           (sequence, count, last_transaction_id, last_global_position, merkle_root, leaves, leaves_digest, frontier,
            previous_hash, created_at, key_id, hash, signature)
         VALUES ($1, $2, $3::xid8, $4::bigint, $5, $6, $7, $8, $9, $10::timestamptz, $11, $12, $13)`,
        [
          signed.sequence,
          signed.count,
          signed.lastPosition.transactionId,
          signed.lastPosition.globalPosition,
          signed.merkleRoot,
          encoded,
          signed.leavesDigest,
          tree.frontier(),
          signed.previousHash,
          signed.createdAt,
          signed.keyId,
          signed.hash,
          signed.signature,
        ],
      );
      return signed;
    });
  }
}
