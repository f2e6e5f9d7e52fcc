import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type InlineProjection, type RecordedEvent } from '#event-store';
import { inlineProjections, PROJECTED_TABLES } from './projections.js';

const PAGE = 1000;

export interface RebuildResult {
  /** Events read from the store. */
  events: number;
  /** Batches handed to the projections: one per (transaction, stream), as the appends wrote them. */
  batches: number;
}

/**
 * Empties the projected read models (plans, unit_tasks, inbox_items; not the units reference data) and replays every
 * event of the store through the inline projections, in global order, in one transaction, so readers see the old
 * read models until it commits. Events are grouped into the batches their appends wrote (same transaction and
 * stream), so each projection sees exactly what it saw live.
 *
 * Safe while the system runs: the tables are locked first, so an append that commits before the lock is in the
 * replay, and one that does not waits for the lock and applies its events on top of the rebuilt rows (projections
 * depend only on their own stream's events, so that order is enough).
 */
export async function rebuildReadModels(
  dataSource: DataSource,
  projections: readonly InlineProjection[] = inlineProjections,
): Promise<RebuildResult> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${PROJECTED_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    await tx.query(`TRUNCATE ${PROJECTED_TABLES.join(', ')}`);
    let events = 0;
    let batches = 0;
    let batch: RecordedEvent[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      batches += 1;
      await applyBatch(batch, projections, tx);
      batch = [];
    };
    for (let after = { xid: '0', position: '0' }; ;) {
      const rows: EventRow[] = await tx.query(
        `SELECT ${EVENT_COLUMNS}
           FROM events
          WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          ORDER BY transaction_id, global_position
          LIMIT $3`,
        [after.xid, after.position, PAGE],
      );
      for (const row of rows) {
        const event = toRecordedEvent(row);
        const previous = batch.at(-1);
        if (previous && (previous.transactionId !== event.transactionId || previous.streamId !== event.streamId)) await flush();
        batch.push(event);
        events += 1;
      }
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) break;
      after = { xid: last.xid_text, position: last.position_text };
    }
    await flush();
    return { events, batches };
  });
}

/** What EventStore.append does with a written batch. */
async function applyBatch(events: RecordedEvent[], projections: readonly InlineProjection[], tx: EntityManager): Promise<void> {
  for (const projection of projections) {
    const handled = events.filter((event) => projection.handles.includes(event.type));
    if (handled.length > 0) await projection.apply(handled, tx);
  }
}
