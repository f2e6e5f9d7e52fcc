import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  evolvePlan,
  evolveUnitTask,
  initialPlanState,
  initialUnitTaskState,
  type PlanEvent,
  type PlanState,
  type UnitTaskEvent,
  type UnitTaskState,
} from '#domain';
import type { InlineProjection, RecordedEvent } from '#event-store';
import { PlanEntity, PlanUnitTaskEntity } from './entities.js';

/**
 * A read model row is the domain state folded by the domain's own `evolve` (ARCHITECTURE.md decision 4),
 * so the live row and an auditor's as-of fold cannot disagree. Runs inside the append transaction.
 */
function foldingProjection<S, E extends { type: string }, Row extends ObjectLiteral>(spec: {
  name: string;
  handles: readonly E['type'][];
  entity: EntityTarget<Row>;
  key: (event: RecordedEvent) => Partial<Row>;
  fromRow: (row: Row) => S;
  initial: () => S;
  evolve: (state: S, event: E) => S;
  toRow: (state: S, version: number) => Row;
}): InlineProjection {
  return {
    name: spec.name,
    handles: spec.handles,
    async apply(events: RecordedEvent[], tx: EntityManager) {
      for (const event of events) {
        const repository = tx.getRepository(spec.entity);
        const row = await repository.findOneBy(spec.key(event) as never);
        const state = spec.evolve(row ? spec.fromRow(row) : spec.initial(), event as unknown as E);
        await repository.save(spec.toRow(state, event.version));
      }
    },
  };
}

const iso = (date: Date | null) => date?.toISOString();

export const planProjection = foldingProjection<PlanState, PlanEvent, PlanEntity>({
  name: 'plans',
  handles: ['PlanCreated', 'PlanLaunched'],
  entity: PlanEntity,
  key: (event) => ({ planId: (event.data as { planId: string }).planId }),
  initial: initialPlanState,
  evolve: evolvePlan,
  fromRow: (row) => ({
    status: row.status,
    planId: row.planId,
    numberSymbol: row.numberSymbol,
    title: row.title,
    issuingUnit: row.issuingUnit,
    recipients: row.recipients,
    deadline: row.deadline.toISOString(),
    launchedAt: iso(row.launchedAt),
  }),
  toRow: (state, version) => ({
    planId: state.planId!,
    numberSymbol: state.numberSymbol!,
    title: state.title!,
    issuingUnit: state.issuingUnit!,
    recipients: state.recipients,
    deadline: new Date(state.deadline!),
    status: state.status,
    launchedAt: state.launchedAt ? new Date(state.launchedAt) : null,
    version,
  }),
});

export const unitTaskProjection = foldingProjection<UnitTaskState, UnitTaskEvent, PlanUnitTaskEntity>({
  name: 'plan_unit_tasks',
  handles: ['AcknowledgementRequested', 'TaskAcknowledged', 'TaskDeadlineMissed'],
  entity: PlanUnitTaskEntity,
  key: (event) => {
    const { planId, unitCode } = event.data as { planId: string; unitCode: string };
    return { planId, unitCode };
  },
  initial: initialUnitTaskState,
  evolve: evolveUnitTask,
  fromRow: (row) => ({
    status: row.status,
    planId: row.planId,
    unitCode: row.unitCode,
    dueAt: row.dueAt.toISOString(),
    overdue: row.overdue,
    acknowledgedAt: iso(row.acknowledgedAt),
    late: row.late ?? undefined,
  }),
  toRow: (state, version) => ({
    planId: state.planId!,
    unitCode: state.unitCode!,
    status: state.status,
    dueAt: new Date(state.dueAt!),
    overdue: state.overdue,
    acknowledgedAt: state.acknowledgedAt ? new Date(state.acknowledgedAt) : null,
    late: state.late ?? null,
    version,
  }),
});

export const inlineProjections: InlineProjection[] = [planProjection, unitTaskProjection];
