import type { EntityManager } from 'typeorm';
import { isEventOf, PLAN_EVENT_TYPES, planStreamId, type PlanEvent } from '#domain';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type RecordedEvent } from '#event-store';
import { occurredAt, ownTime, type DataByType, type OwnTimes } from '../read-models/event-times.js';

/** A plan and the plans derived from it at every level, as its events say (not the read models an auditor checks). */
export interface Cascade {
  rootPlanId: string;
  /** Root first, then each level's derived plans. */
  plans: { planId: string; parentPlanId?: string }[];
  /** Every stream of the cascade: each plan's stream and its units' task streams. */
  streams: string[];
}

const MAX_DEPTH = 12;

/** undefined when the plan was never created. */
export async function findCascade(manager: EntityManager, rootPlanId: string): Promise<Cascade | undefined> {
  const rows: { plan_id: string; parent_plan_id: string | null; depth: number }[] = await manager.query(
    `WITH RECURSIVE cascade(plan_id, parent_plan_id, depth) AS (
       SELECT data->>'planId', data->'draft'->>'parentPlanId', 0 FROM events WHERE stream_id = $1 AND type = 'PlanCreated'
       UNION
       SELECT e.data->>'planId', e.data->'draft'->>'parentPlanId', c.depth + 1
         FROM events e JOIN cascade c ON e.type = 'PlanCreated' AND e.data->'draft'->>'parentPlanId' = c.plan_id
        WHERE c.depth < $2
     )
     SELECT plan_id, parent_plan_id, min(depth) AS depth FROM cascade GROUP BY plan_id, parent_plan_id ORDER BY depth, plan_id`,
    [planStreamId(rootPlanId), MAX_DEPTH],
  );
  if (rows.length === 0) return undefined;
  const plans = rows.map((row) => ({
    planId: row.plan_id,
    ...(row.parent_plan_id && row.plan_id !== rootPlanId ? { parentPlanId: row.parent_plan_id } : {}),
  }));
  // Task streams: those that exist, and those the plan's launch named (so a stream deleted whole is still in scope).
  const streams: { stream_id: string }[] = await manager.query(
    `SELECT stream_id FROM event_streams WHERE split_part(stream_id, ':unit:', 1) = ANY($1)
     UNION
     SELECT e.stream_id || ':unit:' || unit FROM events e, jsonb_array_elements_text(e.data->'implementers') AS unit
      WHERE e.stream_id = ANY($1) AND e.type = 'PlanLaunched'
     ORDER BY 1`,
    [plans.map((plan) => planStreamId(plan.planId))],
  );
  return { rootPlanId, plans, streams: streams.map((row) => row.stream_id) };
}

/** Every event of the cascade's streams in global order. */
export async function readCascadeEvents(manager: EntityManager, cascade: Cascade): Promise<RecordedEvent[]> {
  const rows: EventRow[] = await manager.query(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1) ORDER BY transaction_id, global_position`,
    [cascade.streams],
  );
  return rows.map(toRecordedEvent);
}

/** Each plan event's own time; PlanCreated has none but its recording. */
const PLAN_OCCURRED_AT: OwnTimes<DataByType<PlanEvent>> = {
  PlanCreated: () => undefined,
  PlanLaunched: (data) => data.launchedAt,
  PlanAmended: (data) => data.amendedAt,
  DeadlinesExtended: (data) => data.extendedAt,
  PlanClosed: (data) => data.closedAt,
  PlanCancelled: (data) => data.cancelledAt,
};

/**
 * When it happened in the plan's life: the domain's own instant (a timer's in time-skipped tests too), which is
 * what "as of a date" means to an auditor; the recording time when the event has none.
 */
export function eventTime(event: RecordedEvent): Date {
  const own = isEventOf(PLAN_EVENT_TYPES, event) ? ownTime(PLAN_OCCURRED_AT, event) : undefined;
  return typeof own === 'string' ? new Date(own) : occurredAt(event);
}
