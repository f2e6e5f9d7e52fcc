import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { amendedDraft, launchOf, planStreamId, unitTaskStreamId, type PlanDraft, type PlanProblem, type PlanState } from '#domain';
import { EventStore, type RecordedEvent } from '#event-store';
import { loadUnitHierarchy } from '#persistence';
import { TEMPORAL_OPTIONS, type TemporalClientOptions } from '#temporal';
import { amendPlanUpdate, cancelPlanUpdate, closePlanUpdate, extendForAllUpdate, submitUpdate, type planWorkflow } from '#workflows';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { actorIdentityOf } from '../common/idempotency/idempotency.interceptor.js';
import { plainOf } from '../common/validation.js';
import { executeUpdate, unavailable, UPDATE_WAIT_MS } from '../common/workflow-calls.js';
import { actorOf, extensionWithinPlan, PlanAccess } from '../plan-access/plan-access.service.js';
import { PlanDraftsService } from '../plan-access/plan-drafts.service.js';
import type { CreatePlanDto } from './dto/create-plan.dto.js';
import type { AmendPlanDto, ExtendForAllDto } from './dto/plan-actions.dto.js';
import type { EventView, LaunchView } from './dto/plan-results.dto.js';
import { PlanDraftStream } from './plan-draft-stream.js';

/** Namespace of plan ids derived from (actor, Idempotency-Key), so a retried POST /plans finds its first plan. */
const PLAN_ID_NAMESPACE = '6f1c3b8e-4f7a-5d2e-9a41-1c0e7f3d2b90';

/**
 * A plan's life through the API: drafted here, its draft's stream written through PlanDraftStream, then run by its
 * workflow, which owns its stream from PlanLaunched on. Reads the plan from the `plans` read model (PlanAccess).
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly drafts: PlanDraftsService,
    private readonly draftStream: PlanDraftStream,
    private readonly access: PlanAccess,
    private readonly scope: ScopeService,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly temporalOptions: TemporalClientOptions,
    @Inject(UPDATE_WAIT_MS) private readonly updateWaitMs: number,
  ) {}

  /** Validates the draft against the units and rules of its date; PlanCreated is the first event of its stream. */
  async create(dto: CreatePlanDto, user: AuthUser, idempotencyKey?: string): Promise<{ planId: string; warnings: PlanProblem[] }> {
    const draft: PlanDraft = plainOf(dto);
    await this.scope.assertCanActFor(user, draft.issuingUnit, `issue plan ${draft.numberSymbol}`);
    const { warnings } = await this.drafts.validate(draft);
    // Keys belong to the actor identity, as the interceptor binds them: the same subject in another unit or role is another caller.
    const planId = idempotencyKey ? uuidv5(`${actorIdentityOf(user)}\n${idempotencyKey}`, PLAN_ID_NAMESPACE) : uuidv4();
    await this.draftStream.create(planId, draft, user.id);
    return { planId, warnings };
  }

  /**
   * Starts the plan's workflow under the plan's id; a second launch, even a concurrent one, starts nothing.
   * A derived plan is first recorded as its department's submission in the parent plan (which also checks that
   * the department has that task), and its units' approved higher nominations go up through that task. That
   * submission is made here, not by the plan's workflow: a workflow cannot send an Update to another workflow, and
   * the parent task's refusal must reach the person launching.
   */
  async launch(planId: string, user: AuthUser): Promise<LaunchView> {
    const { draft, status } = await this.access.plan(planId);
    await this.scope.assertCanActFor(user, draft.issuingUnit, `launch plan ${draft.numberSymbol}`);
    const workflowId = planStreamId(planId);
    if (status !== 'draft') return { planId, workflowId, started: false };
    // A draft recorded before today's checks (e.g. unbounded timers) is refused here rather than run by workflows that would fail.
    await this.drafts.validate(draft);
    const launch = launchOf(draft, await loadUnitHierarchy(this.dataSource, draft.issuedOn));
    if (launch.parentTaskId) {
      await executeUpdate(
        this.temporal,
        launch.parentTaskId,
        submitUpdate,
        [{ actor: actorOf(user), stageId: 'derived-plan', payload: { kind: 'derived-plan', derivedPlanId: planId } }],
        {
          idempotencyKey: `derived-plan:${planId}`,
          waitMs: this.updateWaitMs,
          notFound: `Unit ${draft.issuingUnit} has no running task in the parent plan; launch the parent plan first`,
        },
      );
    }
    try {
      await this.temporal.workflow.start<typeof planWorkflow>('planWorkflow', {
        workflowId,
        taskQueue: this.temporalOptions.taskQueue,
        args: [{ planId, launchedBy: user.id, ...launch }],
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
  async amend(planId: string, dto: AmendPlanDto, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const { reason, ...changes } = plainOf(dto);
    const { actor, plan } = await this.access.asIssuer(planId, user, 'amend the plan');
    await this.drafts.validate(amendedDraft(plan.draft, changes));
    return executeUpdate(
      this.temporal,
      planStreamId(planId),
      amendPlanUpdate,
      [{ actor, changes, reason }],
      this.notLaunched(planId, idempotencyKey),
    );
  }

  async extendForAll(planId: string, dto: ExtendForAllDto, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const { actor, plan } = await this.access.asIssuer(planId, user, 'extend a deadline for all units');
    const input = { actor, stageId: dto.stageId, dueAt: extensionWithinPlan(dto.dueAt, plan.draft), reason: dto.reason };
    return executeUpdate(this.temporal, planStreamId(planId), extendForAllUpdate, [input], this.notLaunched(planId, idempotencyKey));
  }

  async close(planId: string, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const { actor } = await this.access.asIssuer(planId, user, 'close the plan');
    return executeUpdate(this.temporal, planStreamId(planId), closePlanUpdate, [{ actor }], this.notLaunched(planId, idempotencyKey));
  }

  /** A launched plan is cancelled by its workflow; a draft, which no workflow owns yet, through PlanDraftStream. */
  async cancel(planId: string, reason: string, user: AuthUser, idempotencyKey?: string): Promise<PlanState> {
    const plan = await this.draftStream.read(planId);
    await this.scope.assertCanActFor(user, plan.state.draft.issuingUnit, 'cancel the plan');
    if (plan.state.status !== 'draft') {
      return executeUpdate(
        this.temporal,
        planStreamId(planId),
        cancelPlanUpdate,
        [{ actor: actorOf(user), reason }],
        this.notLaunched(planId, idempotencyKey),
      );
    }
    return this.draftStream.cancel(plan, reason, user.id);
  }

  /** The plan's history from the event store: its stream and its visible units' streams, in global order. */
  async events(planId: string, user: AuthUser): Promise<EventView[]> {
    const { draft, implementers } = await this.access.plan(planId);
    await this.scope.assertCanSeeAny(user, [draft.issuingUnit, ...implementers], `plan ${draft.numberSymbol}`);
    const visible = await this.scope.visibleUnits(user);
    const streams = new Set([
      planStreamId(planId),
      ...implementers.filter((u) => visible === 'all' || visible.has(u)).map((u) => unitTaskStreamId(planId, u)),
    ]);
    const events = await this.store.readCorrelated(planId);
    return events.filter((event) => streams.has(event.streamId)).map(toEventView);
  }

  private notLaunched(planId: string, idempotencyKey?: string) {
    return {
      idempotencyKey,
      waitMs: this.updateWaitMs,
      notFound: `Plan ${planId} is not running: it is a draft (changed by creating it anew), or closed or cancelled`,
    };
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
