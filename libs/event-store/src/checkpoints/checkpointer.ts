import type { DataSource } from 'typeorm';
import { EventStoreError } from '../errors.js';
import type { EventStore } from '../event-store.js';
import type { Checkpoint } from '../types.js';
import { readLatestCheckpoint } from './checkpoint-rows.js';
import { merkleRoot } from './merkle.js';
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
const READ_PAGE = 1000;

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
 * events below xmin are covered (store.readAll), so the covered prefix of the order can never change
 * afterwards; a later checkpoint always covers a strict extension of an earlier one.
 */
export class Checkpointer {
  private readonly signingKey;
  private readonly keyId: string;
  private readonly clock: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
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

      // TODO(perf): this recomputes the tree from the first event every time, O(total events) per checkpoint.
      // Storing the right-edge subtree hashes (the "compact range") of the last checkpoint would make it O(new).
      const leaves: string[] = [];
      if (previous) {
        const rows: { hash: string }[] = await tx.query(
          `SELECT hash FROM events
            WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)
            ORDER BY transaction_id, global_position`,
          [previous.lastPosition.transactionId, previous.lastPosition.globalPosition],
        );
        for (const row of rows) leaves.push(row.hash);
        this.checkPrefix(previous, leaves);
      }

      let after: Checkpoint | undefined = previous?.lastPosition;
      let last: Checkpoint | undefined;
      for (;;) {
        const page = await this.store.readAll({ after, limit: READ_PAGE });
        for (const event of page.events) leaves.push(event.hash);
        if (page.events.length > 0) last = after = page.checkpoint;
        if (page.events.length < READ_PAGE) break;
      }
      if (!last) return null;

      const createdAt = new Date(Math.floor(this.clock().getTime())).toISOString();
      const body: CheckpointBody = {
        sequence: (previous?.sequence ?? 0) + 1,
        count: leaves.length,
        lastPosition: { transactionId: last.transactionId, globalPosition: last.globalPosition },
        merkleRoot: merkleRoot(leaves),
        previousHash: previous?.hash ?? GENESIS_CHECKPOINT_HASH,
        createdAt,
        keyId: this.keyId,
      };
      const signed: SignedCheckpoint = { ...body, hash: checkpointHash(body), signature: signCheckpoint(body, this.signingKey) };
      await tx.query(
        `INSERT INTO audit_checkpoints
           (sequence, count, last_transaction_id, last_global_position, merkle_root, previous_hash, created_at, key_id, hash, signature)
         VALUES ($1, $2, $3::xid8, $4::bigint, $5, $6, $7::timestamptz, $8, $9, $10)`,
        [
          signed.sequence,
          signed.count,
          signed.lastPosition.transactionId,
          signed.lastPosition.globalPosition,
          signed.merkleRoot,
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

  /** The events under the previous checkpoint must still be exactly what it signed. */
  private checkPrefix(previous: SignedCheckpoint, leaves: readonly string[]): void {
    if (leaves.length !== previous.count) {
      throw new CheckpointIntegrityError(
        previous.sequence,
        `Checkpoint ${previous.sequence} covers ${previous.count} events but ${leaves.length} are stored up to its position; refusing to extend it`,
      );
    }
    const root = merkleRoot(leaves);
    if (root !== previous.merkleRoot) {
      throw new CheckpointIntegrityError(
        previous.sequence,
        `The events covered by checkpoint ${previous.sequence} no longer hash to its Merkle root; refusing to extend it`,
      );
    }
  }
}
