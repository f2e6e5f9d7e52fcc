import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import {
  amendedDraft,
  checkWithinTimeFrame,
  childrenOf,
  eventIdOf,
  parseInstant,
  PLAN_EVENT_TYPES,
  planDecider,
  planStreamId,
  unitOn,
  unitTaskStreamId,
  vietnamDateOf,
  type PlanAmendment,
  type PlanDraft,
  type PlanProblem,
  type PlanState,
  type RecordedPlan,
} from '#domain';
import { EventStore, type RecordedEvent } from '#event-store';
import { loadUnitHierarchy } from '#persistence';
import { TEMPORAL_OPTIONS, type TemporalClientOptions } from '#temporal';
import { amendPlanUpdate, cancelPlanUpdate, closePlanUpdate, extendForAllUpdate, submitUpdate, type Actor, type planWorkflow } from '#workflows';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { actorIdentityOf } from '../common/idempotency/idempotency.interceptor.js';
import { executeUpdate, unavailable, UPDATE_WAIT_MS } from '../common/workflow-calls.js';
import type { CreatePlanDto } from './dto/create-plan.dto.js';
import type { AmendPlanDto, ExtendForAllDto } from './dto/plan-actions.dto.js';
import type { EventView, LaunchView } from './dto/plan-results.dto.js';
import { PlanDraftsService } from './plan-drafts.service.js';

/** Namespace of plan ids derived from (actor, Idempotency-Key), so a retried POST /plans finds its first plan. */
const PLAN_ID_NAMESPACE = '6f1c3b8e-4f7a-5d2e-9a41-1c0e7f3d2b90';

export const actorOf = (user: AuthUser): Actor => ({ id: user.id, role: user.role, unit: user.unit });

/** A plan's life through the API: drafted here (its first event), then run by its workflow, which owns its stream. */
@Injectable()
export class PlansService {
  constructor(
    private readonly store: EventStore,
    private readonly scope: ScopeService,
    private readonly drafts: PlanDraftsService,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly temporalOptions: TemporalClientOptions,
    @Inject(UPDATE_WAIT_MS) private readonly updateWaitMs: number,
  ) {}

  /** Validates the draft against the units and rules of its date; PlanCreated is the first event of its stream. */
  async create(dto: CreatePlanDto, user: AuthUser, idempotencyKey?: string): Promise<{ planId: string; warnings: PlanProblem[] }> {
    const draft = this.drafts.toDraft(dto);
    await this.scope.assertCanActFor(user, draft.issuingUnit, `issue plan ${draft.numberSymbol}`);
    const { warnings } = await this.drafts.validate(draft);
    // Keys belong to the actor identity, as the interceptor binds them: the same subject in another unit or role is another caller.
    const planId = idempotencyKey ? uuidv5(`${actorIdentityOf(user)}\n${idempotencyKey}`, PLAN_ID_NAMESPACE) : uuidv4();
    const streamId = planStreamId(planId);
    const events = planDecider.decide({ type: 'CreatePlan', data: { planId, draft }, metadata: { now: new Date().toISOString(), actor: user.id } }, planDecider.initialState());
    // The operation id (actor, Idempotency-Key, request) fixes the plan id, and the event id `<stream>/1` makes a
    // retry of the same request a no-op that returns the same plan.
    await this.store.append(streamId, events.map((event, i) => ({ ...event, eventId: eventIdOf(streamId, i + 1), metadata: { actor: user.id, correlationId: planId } })), {
      expectedVersion: 'any',
      streamType: 'plan',
    });
    return { planId, warnings };
  }

  /** A department's derived plan, pre-filled from the plan it implements, for it to edit and create. */
  async derivedDraft(parentPlanId: string, unitCode: string, user: AuthUser): Promise<PlanDraft> {
    await this.scope.assertCanActFor(user, unitCode, 'draft its derived plan');
    return this.drafts.deriveFor(parentPlanId, unitCode, vietnamDateOf(new Date()));
  }

  /**
   * Starts the plan's workflow under the plan's id; a second launch, even a concurrent one, starts nothing.
   * A derived plan is first recorded as its department's submission in the parent plan (which also checks that
   * the department has that task), and its units' approved higher nominations go up through that task.
   */
  async launch(planId: string, user: AuthUser): Promise<LaunchView> {
    const { draft, status } = await this.load(planId);
    await this.scope.assertCanActFor(user, draft.issuingUnit, `launch plan ${draft.numberSymbol}`);
    const workflowId = planStreamId(planId);
    if (status !== 'draft') return { planId, workflowId, started: false };
    // A draft recorded before today's checks (e.g. unbounded timers) is refused here rather than run by workflows that would fail.
    await this.drafts.validate(draft);
    const units = await loadUnitHierarchy(this.dataSource, draft.issuedOn);
    const parentTaskId = draft.parentPlanId ? unitTaskStreamId(draft.parentPlanId, draft.issuingUnit) : undefined;
    if (parentTaskId) {
      await executeUpdate(this.temporal, parentTaskId, submitUpdate, [{ actor: actorOf(user), stageId: 'derived-plan', payload: { kind: 'derived-plan', derivedPlanId: planId } }], {
        idempotencyKey: `derived-plan:${planId}`,
        waitMs: this.updateWaitMs,
        notFound: `Unit ${draft.issuingUnit} has no running task in the parent plan; launch the parent plan first`,
      });
    }
    try {
      await this.temporal.workflow.start<typeof planWorkflow>('planWorkflow', {
        workflowId,
        taskQueue: this.temporalOptions.taskQueue,
        args: [
          {
            planId,
            launchedBy: user.id,
            cascading: draft.recipients.filter((r) => r.role === 'implement' && childrenOf(units, r.unitCode).length > 0).map((r) => r.unitCode),
            issuerKind: unitOn(units, draft.issuingUnit).kind,
            parentTaskId,
          },
        ],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      return { planId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { planId, workflowId, started: false };
      throw unavailable(error);
    }
  }

  /** The amended plan must pass the same validation as POST /plans, against the units and rules of its issue date. */
  amend(planId: string, dto: AmendPlanDto, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const changes: PlanAmendment = {
      ...(dto.title !== undefined ? { title: dto.title } : {}),
      ...(dto.targets !== undefined ? { targets: dto.targets.map((t) => ({ metric: t.metric, comparator: t.comparator, value: t.value, unit: t.unit, population: t.population })) } : {}),
      ...(dto.quotas !== undefined ? { quotas: dto.quotas.map((q) => ({ award: q.award, recipientKind: q.recipientKind, count: q.count })) } : {}),
    };
    return this.issuerUpdate(planId, user, 'amend the plan', async (actor, draft) => {
      await this.drafts.validate(amendedDraft(draft, changes));
      return executeUpdate(this.temporal, planStreamId(planId), amendPlanUpdate, [{ actor, changes, reason: dto.reason }], this.notLaunched(planId, idempotencyKey));
    });
  }

  extendForAll(planId: string, dto: ExtendForAllDto, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    return this.issuerUpdate(planId, user, 'extend a deadline for all units', (actor, draft) =>
      executeUpdate(
        this.temporal,
        planStreamId(planId),
        extendForAllUpdate,
        [{ actor, stageId: dto.stageId, dueAt: this.extensionWithinPlan(dto.dueAt, draft), reason: dto.reason }],
        this.notLaunched(planId, idempotencyKey),
      ),
    );
  }

  /** A new deadline as the workflows take it (UTC ISO), refused (400) outside the plan's time frame, the rule its milestones follow. */
  extensionWithinPlan(dueAt: string, draft: PlanDraft): string {
    const instant = parseInstant(dueAt);
    checkWithinTimeFrame(instant, draft.timeFrame);
    return instant.toISOString();
  }

  close(planId: string, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    return this.issuerUpdate(planId, user, 'close the plan', (actor) => executeUpdate(this.temporal, planStreamId(planId), closePlanUpdate, [{ actor }], this.notLaunched(planId, idempotencyKey)));
  }

  /** A launched plan is cancelled by its workflow; a draft, which no workflow owns yet, by appending here. */
  async cancel(planId: string, reason: string, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const { state, version } = await this.loadWithVersion(planId);
    await this.scope.assertCanActFor(user, state.draft.issuingUnit, 'cancel the plan');
    if (state.status !== 'draft') {
      return executeUpdate(this.temporal, planStreamId(planId), cancelPlanUpdate, [{ actor: actorOf(user), reason }], this.notLaunched(planId, idempotencyKey));
    }
    const streamId = planStreamId(planId);
    const events = planDecider.decide({ type: 'CancelPlan', data: { reason }, metadata: { now: new Date().toISOString(), actor: user.id } }, state);
    // The expected version makes a concurrent launch and this cancellation exclusive: one of them fails and says so.
    await this.store.append(streamId, events.map((event, i) => ({ ...event, eventId: eventIdOf(streamId, version + i + 1), metadata: { actor: user.id, reason, correlationId: planId } })), {
      expectedVersion: version,
      streamType: 'plan',
    });
    return events.reduce(planDecider.evolve, state);
  }

  /** The plan's history from the event store: its stream and its visible units' streams, in global order. */
  async events(planId: string, user: AuthUser): Promise<EventView[]> {
    const { draft, implementers } = await this.load(planId);
    await this.scope.assertCanSeeAny(user, [draft.issuingUnit, ...implementers], `plan ${draft.numberSymbol}`);
    const visible = await this.scope.visibleUnits(user);
    const streams = new Set([planStreamId(planId), ...implementers.filter((u) => visible === 'all' || visible.has(u)).map((u) => unitTaskStreamId(planId, u))]);
    const events = await this.store.readCorrelated(planId);
    return events.filter((event) => streams.has(event.streamId)).map(toEventView);
  }

  /** The plan's state folded from its stream: the store is the system of record. */
  async load(planId: string): Promise<RecordedPlan> {
    return (await this.loadWithVersion(planId)).state;
  }

  private async loadWithVersion(planId: string): Promise<{ state: RecordedPlan; version: number }> {
    const { state, version } = await this.store.aggregateStream(planStreamId(planId), { ...planDecider, eventTypes: PLAN_EVENT_TYPES });
    if (state.status === 'none') throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return { state, version };
  }

  private async issuerUpdate(planId: string, user: AuthUser, action: string, run: (actor: Actor, draft: PlanDraft) => Promise<PlanState>): Promise<PlanState> {
    const { draft } = await this.load(planId);
    await this.scope.assertCanActFor(user, draft.issuingUnit, action);
    return run(actorOf(user), draft);
  }

  private notLaunched(planId: string, idempotencyKey?: string) {
    return { idempotencyKey, waitMs: this.updateWaitMs, notFound: `Plan ${planId} is not running: it is a draft (changed by creating it anew), or closed or cancelled` };
  }
}

function toEventView(event: RecordedEvent): EventView {
  return {
    position: event.globalPosition,
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    actor: event.metadata.actor,
    reason: event.metadata.reason,
    causationId: event.metadata.causationId,
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}
