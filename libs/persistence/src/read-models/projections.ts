import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import {
  currentStage,
  derivedPlanOf,
  displayStage,
  evolveLifecycle,
  evolvePlan,
  initialLifecycleState,
  initialPlanState,
  isOverdue,
  type EscalationLevel,
  type LifecycleEvent,
  type LifecycleState,
  type PlanEvent,
  type PlanState,
} from '#domain';
import type { InlineProjection, RecordedEvent } from '#event-store';
import { PlanEntity, UnitTaskEntity } from './entities.js';
import { applyInboxChanges, inboxChanges, LIFECYCLE_EVENT_TYPES } from './inbox.js';

/** An inline projection whose rows can also be folded in memory, from the first event: what an as-of view uses. */
export interface FoldingProjection<Row> extends InlineProjection {
  /** The rows the projection would hold after exactly these events (each stream's, from its first, in order). */
  rowsOf(events: readonly RecordedEvent[]): Partial<Row>[];
}

/** One event folded into a row's state, with the state before it: what reactions (the inbox) derive from. */
export interface FoldStep<S, K> {
  event: RecordedEvent;
  key: K;
  before: S;
  after: S;
}

/**
 * A read model row is the domain state folded by the domain's own `evolve` (ARCHITECTURE.md decision 4), so the
 * live row and an auditor's as-of fold cannot disagree. The row keeps the whole state (`state` jsonb), which is
 * what the next event is folded onto; its other columns are copies for queries. Runs inside the append
 * transaction. A batch (always one stream) loads each row once, folds every event, and writes the row once;
 * `react` sees every single step, in order.
 */
export function foldingProjection<S, E extends { type: string }, K extends Record<string, string>, Row extends ObjectLiteral>(spec: {
  name: string;
  handles: readonly E['type'][];
  entity: EntityTarget<Row>;
  /** The row's primary key, from the event's stream; undefined skips the event (not a stream of this model). */
  key: (event: RecordedEvent) => K | undefined;
  initial: () => S;
  evolve: (state: S, event: E) => S;
  fromRow: (row: Row) => S;
  toRow: (state: S, event: RecordedEvent, key: K) => Partial<Row>;
  react?: (step: FoldStep<S, K>, tx: EntityManager) => Promise<void>;
}): FoldingProjection<Row> {
  return {
    name: spec.name,
    handles: spec.handles,
    rowsOf(events: readonly RecordedEvent[]): Partial<Row>[] {
      const rows = new Map<string, { key: K; state: S; last: RecordedEvent }>();
      for (const event of events) {
        const key = spec.handles.includes(event.type as E['type']) ? spec.key(event) : undefined;
        if (!key) continue;
        const id = JSON.stringify(key);
        const state = spec.evolve(rows.get(id)?.state ?? spec.initial(), event as unknown as E);
        rows.set(id, { key, state, last: event });
      }
      return [...rows.values()].map(({ key, state, last }) => spec.toRow(state, last, key));
    },
    async apply(events: RecordedEvent[], tx: EntityManager) {
      const repository = tx.getRepository(spec.entity);
      const rows = new Map<string, { key: K; state: S; existed: boolean; last?: RecordedEvent }>();
      for (const event of events) {
        const key = spec.key(event);
        if (!key) continue;
        const id = JSON.stringify(key);
        let entry = rows.get(id);
        if (!entry) {
          const row = await repository.findOneBy(key as unknown as FindOptionsWhere<Row>);
          entry = { key, state: row ? spec.fromRow(row) : spec.initial(), existed: row !== null };
          rows.set(id, entry);
        }
        const before = entry.state;
        entry.state = spec.evolve(before, event as unknown as E);
        entry.last = event;
        await spec.react?.({ event, key, before, after: entry.state }, tx);
      }
      for (const { key, state, existed, last } of rows.values()) {
        if (!last) continue;
        const row = spec.toRow(state, last, key);
        if (existed) await repository.update(key as unknown as FindOptionsWhere<Row>, row as never);
        else await repository.insert(row as never);
      }
    },
  };
}

/** `plan:<planId>` or `plan:<planId>:unit:<unitCode>` (ids.ts), or undefined for any other stream. */
export function parseStreamId(streamId: string): { planId: string; unitCode?: string } | undefined {
  const unit = /^plan:(.+):unit:([^:]+)$/.exec(streamId);
  if (unit) return { planId: unit[1]!, unitCode: unit[2]! };
  const plan = /^plan:(.+)$/.exec(streamId);
  return plan && !plan[1]!.includes(':unit:') ? { planId: plan[1]! } : undefined;
}

/** Every event type of a plan stream (exhaustive: the compiler checks the keys against PlanEvent). */
export const PLAN_EVENT_TYPES = Object.keys({
  PlanCreated: true,
  PlanLaunched: true,
  PlanAmended: true,
  DeadlinesExtended: true,
  PlanClosed: true,
  PlanCancelled: true,
} as const satisfies Record<PlanEvent['type'], true>) as Array<PlanEvent['type']>;

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

export const planProjection = foldingProjection<PlanState, PlanEvent, { planId: string }, PlanEntity>({
  name: 'plans',
  handles: PLAN_EVENT_TYPES,
  entity: PlanEntity,
  key: (event) => {
    const ids = parseStreamId(event.streamId);
    return ids && !ids.unitCode ? { planId: ids.planId } : undefined;
  },
  initial: initialPlanState,
  evolve: evolvePlan,
  fromRow: (row) => row.state,
  toRow: (state, event, { planId }) => ({
    planId,
    parentPlanId: state.draft?.parentPlanId ?? null,
    numberSymbol: state.draft?.numberSymbol ?? '',
    title: state.draft?.title ?? '',
    issuingUnit: state.draft?.issuingUnit ?? '',
    status: state.status,
    launchedAt: date(state.launchedAt),
    state,
    version: event.version,
    updatedAt: new Date(event.recordedAt),
  }),
});

const LEVELS: readonly EscalationLevel[] = ['unit', 'head', 'board'];

/**
 * The stage a person is shown: the one displayStage names (the latest opened, not yet accepted), else, while the
 * unit is between stages ('execution'), the next pending one; none once the task is completed, closed or cancelled.
 */
/** The highest level of the escalation ladder any stage stands at. */
export function highestEscalation(state: LifecycleState): EscalationLevel | null {
  const reached = Math.max(-1, ...state.stages.map((stage) => (stage.escalation ? LEVELS.indexOf(stage.escalation) : -1)));
  return reached >= 0 ? LEVELS[reached]! : null;
}

export function unitTaskRow(state: LifecycleState, event: RecordedEvent, key: { planId: string; unitCode: string }): Omit<UnitTaskEntity, 'stages'> {
  const shown = currentStage(state);
  return {
    planId: key.planId,
    unitCode: key.unitCode,
    issuerUnit: state.issuerUnit ?? '',
    status: state.status,
    stage: displayStage(state),
    overdue: isOverdue(state),
    escalation: highestEscalation(state),
    stageId: shown?.id ?? null,
    stageStatus: shown?.status ?? null,
    dueAt: shown ? new Date(shown.dueAt) : null,
    returnedReason: shown?.status === 'returned' ? (shown.returnReason ?? null) : null,
    derivedPlanId: derivedPlanOf(state) ?? null,
    state,
    version: event.version,
    updatedAt: new Date(event.recordedAt),
  };
}

/** unit_tasks, and the inbox items derived from each step of the same fold (inbox.ts). */
export const unitTaskProjection = foldingProjection<LifecycleState, LifecycleEvent, { planId: string; unitCode: string }, UnitTaskEntity>({
  name: 'unit_tasks',
  handles: LIFECYCLE_EVENT_TYPES,
  entity: UnitTaskEntity,
  key: (event) => {
    const ids = parseStreamId(event.streamId);
    return ids?.unitCode ? { planId: ids.planId, unitCode: ids.unitCode } : undefined;
  },
  initial: initialLifecycleState,
  evolve: evolveLifecycle,
  fromRow: (row) => row.state,
  toRow: unitTaskRow,
  react: async ({ event, key, before, after }, tx) => {
    const step = { event, planId: key.planId, unitCode: key.unitCode, before, after };
    await applyInboxChanges(step, inboxChanges(step), tx);
  },
});

/** Registered with the event store (event-store.factory.ts): whoever appends keeps the read models consistent. */
export const inlineProjections: InlineProjection[] = [planProjection, unitTaskProjection];

/** The tables the inline projections write; `rebuildReadModels` empties and refills them. */
export const PROJECTED_TABLES = ['plans', 'unit_tasks', 'inbox_items'] as const;
