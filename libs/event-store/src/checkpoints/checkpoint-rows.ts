import type { EntityManager } from 'typeorm';
import type { SignedCheckpoint } from './signing.js';

/** bigint/xid8 as text and the time formatted in SQL, so the signed ISO string does not depend on type parsers. */
export const CHECKPOINT_COLUMNS = `
  sequence::text AS sequence_text, count::text AS count_text,
  last_transaction_id::text AS last_xid_text, last_global_position::text AS last_position_text,
  merkle_root, leaves_digest, previous_hash,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at_iso,
  key_id, hash, signature`;

export interface CheckpointRow {
  sequence_text: string;
  count_text: string;
  last_xid_text: string;
  last_position_text: string;
  merkle_root: string;
  leaves_digest: string;
  previous_hash: string;
  created_at_iso: string;
  key_id: string;
  hash: string;
  signature: string;
}

export function toSignedCheckpoint(row: CheckpointRow): SignedCheckpoint {
  return {
    sequence: Number(row.sequence_text),
    count: Number(row.count_text),
    lastPosition: { transactionId: row.last_xid_text, globalPosition: row.last_position_text },
    merkleRoot: row.merkle_root,
    leavesDigest: row.leaves_digest,
    previousHash: row.previous_hash,
    createdAt: row.created_at_iso,
    keyId: row.key_id,
    hash: row.hash,
    signature: row.signature,
  };
}

export async function readCheckpoints(manager: EntityManager): Promise<SignedCheckpoint[]> {
  const rows: CheckpointRow[] = await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY sequence`);
  return rows.map(toSignedCheckpoint);
}

export async function readLatestCheckpoint(manager: EntityManager): Promise<(SignedCheckpoint & { frontier: string[] }) | undefined> {
  const rows: (CheckpointRow & { frontier: string[] })[] = await manager.query(
    `SELECT ${CHECKPOINT_COLUMNS}, frontier FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1`,
  );
  return rows[0] ? { ...toSignedCheckpoint(rows[0]), frontier: rows[0].frontier } : undefined;
}

export async function readCheckpointLeaves(manager: EntityManager, sequence: number): Promise<Buffer> {
  const rows: { leaves: Buffer }[] = await manager.query('SELECT leaves FROM audit_checkpoints WHERE sequence = $1', [sequence]);
  return rows[0]?.leaves ?? Buffer.alloc(0);
}
