import type { EntityManager } from 'typeorm';
import type { Checkpoint, EventMetadata, RecordedEvent } from './types.js';

/**
 * Columns as the store reads them. Positions and xids come back as text (they exceed 2^53), and the
 * time is formatted in SQL so the ISO string, which is hashed, does not depend on driver type parsers.
 * The converted columns get names of their own: ORDER BY resolves a bare name to an output column first,
 * so `global_position::text AS global_position` would silently sort positions as text ('10' < '9').
 */
export const EVENT_COLUMNS = `
  stream_id, version, global_position::text AS position_text, transaction_id::text AS xid_text,
  event_id, type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at_iso,
  prev_hash, hash`;

export interface EventRow {
  stream_id: string;
  version: number;
  position_text: string;
  xid_text: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at_iso: string;
  prev_hash: string;
  hash: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    version: row.version,
    globalPosition: row.position_text,
    transactionId: row.xid_text,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at_iso,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Before anything has been read: every real (xid, position) pair is greater. */
export const ORIGIN: Checkpoint = { transactionId: '0', globalPosition: '0' };

/**
 * Committed events after a checkpoint in (xid, position) order, stopping below the oldest transaction
 * still running. Positions are taken at insert but become visible at commit, so a reader that went past
 * a running transaction could skip its events for good; filtering on the pair, not the position alone,
 * is the Emmett PR #336 fix.
 */
export async function readAfter(manager: EntityManager, after: Checkpoint, limit: number): Promise<RecordedEvent[]> {
  const rows: EventRow[] = await manager.query(`SELECT ${EVENT_COLUMNS} ${COMMITTED_AFTER}`, [
    after.transactionId,
    after.globalPosition,
    limit,
  ]);
  return rows.map(toRecordedEvent);
}

const COMMITTED_AFTER = `FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id, global_position
  LIMIT $3`;

/** What a Merkle leaf needs of an event, in a checkpoint's order: see readAfter. */
export type LeafRow = Pick<EventRow, 'stream_id' | 'version' | 'position_text' | 'xid_text' | 'hash'>;

export async function readLeavesAfter(manager: EntityManager, after: Checkpoint, limit: number): Promise<LeafRow[]> {
  return manager.query(
    `SELECT stream_id, version, global_position::text AS position_text, transaction_id::text AS xid_text, hash ${COMMITTED_AFTER}`,
    [after.transactionId, after.globalPosition, limit],
  );
}
