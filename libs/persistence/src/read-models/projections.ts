import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import {
  currentStage,
  derivedPlanOf,
  displayStage,
  ESCALATION_LEVELS,
  isOverdue,
  PLAN_EVENT_TYPES,
  planDecider,
  UNIT_TASK_EVENT_TYPES,
  unitTaskDecider,
  type EscalationLevel,
  type PlanState,
  type UnitTaskEvent,
  type UnitTaskState,
} from '#domain';
import { isRecordedEventOf, type Evolver, type InlineProjection, type RecordedEvent } from '#event-store';
import { PlanEntity, UnitTaskEntity, type PlanRow, type UnitTaskRow } from './entities.js';
import { applyInboxChanges, inboxChanges } from './inbox.js';

/** An inline projection whose rows can also be folded in memory, from the first event: what an as-of view uses. */
export interface FoldingProjection<Written> extends InlineProjection {
  /** The rows the projection would write after exactly these events (each stream's, from its first, in order). */
  rowsOf(events: readonly RecordedEvent[]): Written[];
}

/** One event folded into a row's state, with the state before it: what reactions (the inbox) derive from. */
export interface FoldStep<S, E extends { type: string }, K> {
  event: RecordedEvent & E;
  key: K;
  before: S;
  after: S;
}

/**
 * A read model row is the domain state folded by the domain's own `evolve` (docs/ARCHITECTURE.md, decision 4), so the
 * live row and an auditor's as-of fold cannot disagree. The row keeps the whole state (`state` jsonb), which is
 * what the next event is folded onto; its other columns are copies for queries. Runs inside the append
 * transaction. A batch (always one stream) loads each row once, folds every event, and writes the row once;
 * `react` sees every single step, in order. `Written` is the row as written: the entity's columns but those
 * PostgreSQL generates.
 */
export function foldingProjection<
  S,
  E extends { type: string },
  K extends Record<string, string> & FindOptionsWhere<Row>,
  Row extends ObjectLiteral,
  Written extends QueryDeepPartialEntity<Row>,
>(spec: {
  name: string;
  /** The stream's fold: the domain's decider, with the type names of its events. */
  fold: Evolver<S, E>;
  entity: EntityTarget<Row>;
  /** The row's primary key, from the event's stream; undefined skips the event (not a stream of this model). */
  key: (event: RecordedEvent) => K | undefined;
  fromRow: (row: Row) => S;
  toRow: (state: S, event: RecordedEvent, key: K) => Written;
  react?: (step: FoldStep<S, E, K>, tx: EntityManager) => Promise<void>;
}): FoldingProjection<Written> {
  const { fold } = spec;
  return {
    name: spec.name,
    handles: Object.keys(fold.eventTypes),
    rowsOf(events: readonly RecordedEvent[]): Written[] {
      const rows = new Map<string, { key: K; state: S; last: RecordedEvent }>();
      for (const event of events) {
        if (!isRecordedEventOf(fold.eventTypes, event)) continue;
        const key = spec.key(event);
        if (!key) continue;
        const id = JSON.stringify(key);
        const state = fold.evolve(rows.get(id)?.state ?? fold.initialState(), event);
        rows.set(id, { key, state, last: event });
      }
      return [...rows.values()].map(({ key, state, last }) => spec.toRow(state, last, key));
    },
    async apply(events: RecordedEvent[], tx: EntityManager) {
      const repository = tx.getRepository(spec.entity);
      const rows = new Map<string, { key: K; state: S; existed: boolean; last?: RecordedEvent }>();
      for (const event of events) {
        const key = spec.key(event);
        if (!key || !isRecordedEventOf(fold.eventTypes, event)) continue;
        const id = JSON.stringify(key);
        let entry = rows.get(id);
        if (!entry) {
          const row = await repository.findOneBy(key);
          entry = { key, state: row ? spec.fromRow(row) : fold.initialState(), existed: row !== null };
          rows.set(id, entry);
        }
        const before = entry.state;
        entry.state = fold.evolve(before, event);
        entry.last = event;
        await spec.react?.({ event, key, before, after: entry.state }, tx);
      }
      for (const { key, state, existed, last } of rows.values()) {
        if (!last) continue;
        const row = spec.toRow(state, last, key);
        if (existed) await repository.update(key, row);
        else await repository.insert(row);
      }
    },
  };
}

/** `plan:<planId>` or `plan:<planId>:unit:<unitCode>` (ids.ts), or undefined for any other stream. */
export function parseStreamId(streamId: string): { planId: string; unitCode?: string } | undefined {
  const unit = /^plan:(.+):unit:([^:]+)$/.exec(streamId);
  if (unit) return { planId: unit[1], unitCode: unit[2] };
  const plan = /^plan:(.+)$/.exec(streamId);
  return plan && !plan[1].includes(':unit:') ? { planId: plan[1] } : undefined;
}

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

export const planProjection = foldingProjection({
  name: 'plans',
  fold: { ...planDecider, eventTypes: PLAN_EVENT_TYPES },
  entity: PlanEntity,
  key: (event) => {
    const ids = parseStreamId(event.streamId);
    return ids && !ids.unitCode ? { planId: ids.planId } : undefined;
  },
  fromRow: (row) => row.state,
  toRow: planRow,
});

function planRow(state: PlanState, event: RecordedEvent, { planId }: { planId: string }): PlanRow {
  const draft = state.status === 'none' ? undefined : state.draft;
  return {
    planId,
    parentPlanId: draft?.parentPlanId ?? null,
    numberSymbol: draft?.numberSymbol ?? '',
    title: draft?.title ?? '',
    issuingUnit: draft?.issuingUnit ?? '',
    status: state.status,
    launchedAt: date('launchedAt' in state ? state.launchedAt : undefined),
    state,
    version: event.version,
    updatedAt: new Date(event.recordedAt),
  };
}

/**
 * The stage a person is shown: the one displayStage names (the latest opened, not yet accepted), else, while the
 * unit is between stages ('execution'), the next pending one; none once the task is completed, closed or cancelled.
 */
/** The highest level of the escalation ladder any stage stands at. */
export function highestEscalation(state: UnitTaskState): EscalationLevel | null {
  if (state.status === 'unassigned') return null;
  const reached = Math.max(-1, ...state.stages.map((stage) => (stage.escalation ? ESCALATION_LEVELS.indexOf(stage.escalation) : -1)));
  return ESCALATION_LEVELS[reached] ?? null;
}

export function unitTaskRow(state: UnitTaskState, event: RecordedEvent, key: { planId: string; unitCode: string }): UnitTaskRow {
  const shown = currentStage(state);
  return {
    planId: key.planId,
    unitCode: key.unitCode,
    issuerUnit: state.status === 'unassigned' ? '' : state.issuerUnit,
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
export const unitTaskProjection = foldingProjection<
  UnitTaskState,
  UnitTaskEvent,
  { planId: string; unitCode: string },
  UnitTaskEntity,
  UnitTaskRow
>({
  name: 'unit_tasks',
  fold: { ...unitTaskDecider, eventTypes: UNIT_TASK_EVENT_TYPES },
  entity: UnitTaskEntity,
  key: (event) => {
    const ids = parseStreamId(event.streamId);
    return ids?.unitCode ? { planId: ids.planId, unitCode: ids.unitCode } : undefined;
  },
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
