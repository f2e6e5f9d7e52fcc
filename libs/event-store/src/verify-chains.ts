import type { EntityManager } from 'typeorm';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows.js';
import type { RecordedEvent, StreamVerification } from './types.js';
import { diagnoseStream, type StreamHead } from './verification.js';

/** Rows per page of the scan; the benchmark's baseline reads with the same page. */
export const CHAIN_SCAN_PAGE = 5000;

export interface ChainScanOptions {
  /** Only these streams (a plan's subtree); every stream when absent. */
  streams?: readonly string[];
  /** Called after each page with the events checked so far. */
  onProgress?: (eventsChecked: number) => void;
}

/**
 * Reads the streams one after another in (stream id, version) order, a page at a time, so that memory holds one
 * stream and one page, and diagnoses each (verification.ts). Streams that exist only as a stream row, or only as
 * events (their row deleted), are included. Run it inside one REPEATABLE READ transaction so a concurrent append
 * cannot look like a break.
 */
export async function scanChains(
  manager: EntityManager,
  onStream: (result: StreamVerification) => void,
  options: ChainScanOptions = {},
): Promise<{ streams: number; events: number }> {
  const only = options.streams ? [...new Set(options.streams)] : undefined;
  const headRows: { stream_id: string; version: number; last_hash: string }[] = await manager.query(
    `SELECT stream_id, version, last_hash FROM event_streams ${only ? 'WHERE stream_id = ANY($1)' : ''}`,
    only ? [only] : [],
  );
  const heads = new Map<string, StreamHead>(headRows.map((h) => [h.stream_id, { version: h.version, lastHash: h.last_hash }]));
  const seen = new Set<string>();
  let events = 0;
  let streams = 0;
  const report = (streamId: string, streamEvents: RecordedEvent[]) => {
    streams += 1;
    onStream(diagnoseStream(streamId, streamEvents, heads.get(streamId)));
  };
  let current: { streamId: string; events: RecordedEvent[] } | undefined;
  const finish = () => {
    if (!current) return;
    seen.add(current.streamId);
    report(current.streamId, current.events);
  };

  for (let after = { streamId: '', version: 0 }; ;) {
    const rows: EventRow[] = await manager.query(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (stream_id, version) > ($1, $2) ${only ? 'AND stream_id = ANY($4)' : ''}
        ORDER BY stream_id, version LIMIT $3`,
      [after.streamId, after.version, CHAIN_SCAN_PAGE, ...(only ? [only] : [])],
    );
    for (const row of rows) {
      if (current?.streamId !== row.stream_id) {
        finish();
        current = { streamId: row.stream_id, events: [] };
      }
      current.events.push(toRecordedEvent(row));
    }
    events += rows.length;
    options.onProgress?.(events);
    const last = rows.at(-1);
    if (rows.length < CHAIN_SCAN_PAGE || !last) break;
    after = { streamId: last.stream_id, version: last.version };
  }
  finish();
  // Stream rows whose events are all gone; and, for a named scope, streams that never existed are simply empty.
  for (const streamId of only ?? heads.keys()) {
    if (!seen.has(streamId)) report(streamId, []);
  }
  return { streams, events };
}
