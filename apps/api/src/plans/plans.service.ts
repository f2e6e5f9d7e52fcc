import { BadRequestException, ConflictException, GatewayTimeoutException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Client,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { In, Repository } from 'typeorm';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { decidePlan, initialPlanState, parseDeadline, planStreamId, unitTaskStreamId } from '#domain';
import { EventIdConflictError, EventStore, type RecordedEvent } from '#event-store';
import { PlanEntity, PlanUnitTaskEntity, UnitEntity } from '#persistence';
import { TEMPORAL_OPTIONS, type TemporalClientOptions } from '#temporal';
import { acknowledgeTaskUpdate, type planWorkflow } from '#workflows';
import { ScopeService, type AuthUser } from '../auth/index.js';
import type { CreatePlanDto } from './dto/create-plan.dto.js';
import type { AcknowledgementView, EventView, LaunchView, PlanView, UnitTaskView } from './dto/plan.view.js';

/** Namespace of plan ids derived from (actor, Idempotency-Key), so a retried POST /plans finds its first plan. */
const PLAN_ID_NAMESPACE = '6f1c3b8e-4f7a-5d2e-9a41-1c0e7f3d2b90';
/** How long an HTTP caller waits for a workflow to confirm an update before being told to check back. */
const UPDATE_WAIT_MS = 15_000;
const GRPC_UNAVAILABLE = 14;

@Injectable()
export class PlansService {
  constructor(
    private readonly store: EventStore,
    private readonly scope: ScopeService,
    private readonly temporal: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly temporalOptions: TemporalClientOptions,
    @InjectRepository(PlanEntity) private readonly plans: Repository<PlanEntity>,
    @InjectRepository(PlanUnitTaskEntity) private readonly tasks: Repository<PlanUnitTaskEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
  ) {}

  /** A draft plan: PlanCreated is the first event of the plan's stream, before any workflow owns it. */
  async create(dto: CreatePlanDto, user: AuthUser, idempotencyKey?: string): Promise<PlanView> {
    await this.requireUnits({ issuingUnit: [dto.issuingUnit], recipients: dto.recipients });
    await this.scope.assertCanActFor(user, dto.issuingUnit, `issue plan ${dto.numberSymbol}`);
    // A plan directs units below its issuer; the person issuing it acts for the issuer and so for them.
    for (const recipient of dto.recipients) await this.scope.assertCanActFor(user, recipient, `send plan ${dto.numberSymbol} to ${recipient}`);
    const actor = user.id;
    const planId = idempotencyKey ? uuidv5(`${actor}\n${idempotencyKey}`, PLAN_ID_NAMESPACE) : uuidv4();
    const streamId = planStreamId(planId);
    const events = decidePlan(
      { type: 'CreatePlan', data: { ...dto, planId, recipients: [...dto.recipients], deadline: parseDeadline(dto.deadline).toISOString() } },
      initialPlanState(),
    );
    try {
      // The id `<stream>/1` makes a retry with the same key and body a no-op that returns the same plan.
      await this.store.append(
        streamId,
        events.map((event, i) => ({ ...event, eventId: `${streamId}/${i + 1}`, metadata: { actor, correlationId: planId } })),
        { expectedVersion: 'any', streamType: 'plan' },
      );
    } catch (error) {
      if (error instanceof EventIdConflictError) {
        throw new ConflictException({ code: 'IDEMPOTENCY_KEY_REUSED', message: `This Idempotency-Key already created plan ${planId} with different content; use a new key for a new plan` });
      }
      throw error;
    }
    return this.view(planId, user);
  }

  /** The plan as this person may see it: only the units in their scope. */
  async view(planId: string, user: AuthUser): Promise<PlanView> {
    const plan = await this.findVisiblePlan(planId, user);
    const visible = await this.scope.visibleUnits(user);
    const [tasks, units] = await Promise.all([this.tasks.findBy({ planId }), this.units.findBy({ code: In(plan.recipients) })]);
    const byUnit = new Map(tasks.map((task) => [task.unitCode, task]));
    const names = new Map(units.map((unit) => [unit.code, unit.name]));
    return {
      planId: plan.planId,
      numberSymbol: plan.numberSymbol,
      title: plan.title,
      issuingUnit: plan.issuingUnit,
      deadline: plan.deadline.toISOString(),
      status: plan.status,
      launchedAt: plan.launchedAt?.toISOString(),
      version: plan.version,
      units: plan.recipients.filter((unitCode) => visible === 'all' || visible.has(unitCode)).map((unitCode): UnitTaskView => {
        const task = byUnit.get(unitCode);
        return {
          unitCode,
          unitName: names.get(unitCode) ?? unitCode,
          status: task?.status ?? (plan.status === 'launched' ? 'unassigned' : 'not-launched'),
          dueAt: task?.dueAt.toISOString(),
          overdue: task?.overdue ?? false,
          acknowledgedAt: task?.acknowledgedAt?.toISOString(),
          late: task?.late ?? undefined,
        };
      }),
    };
  }

  /**
   * Starts the plan's workflow under the plan's id. A second launch, even a concurrent one, starts nothing;
   * a launch after a failed run starts a new run, which picks up where the failed one stopped.
   */
  async launch(planId: string, user: AuthUser): Promise<LaunchView> {
    const plan = await this.findPlan(planId);
    await this.scope.assertCanActFor(user, plan.issuingUnit, `launch plan ${plan.numberSymbol}`);
    const workflowId = planStreamId(planId);
    try {
      await this.temporal.workflow.start<typeof planWorkflow>('planWorkflow', {
        workflowId,
        taskQueue: this.temporalOptions.taskQueue,
        args: [{ planId, launchedBy: user.id }],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      return { planId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { planId, workflowId, started: false };
      throw unavailable(error);
    }
  }

  /** The unit acknowledges its task through the Update of the unit's workflow; its validator refuses a second one. */
  async acknowledge(planId: string, unitCode: string, user: AuthUser, idempotencyKey?: string): Promise<AcknowledgementView> {
    const plan = await this.findVisiblePlan(planId, user);
    const actor = user.id;
    if (!plan.recipients.includes(unitCode)) {
      throw new NotFoundException({
        code: 'UNIT_NOT_IN_PLAN',
        message: `Unit ${unitCode} is not a recipient of plan ${plan.numberSymbol}; its recipients are ${plan.recipients.join(', ')}`,
      });
    }
    await this.scope.assertCanActFor(user, unitCode, 'acknowledge the task');
    if (plan.status !== 'launched') {
      throw new ConflictException({ code: 'PLAN_NOT_LAUNCHED', message: `Plan ${plan.numberSymbol} has not been launched yet` });
    }
    try {
      const state = await this.temporal.withDeadline(Date.now() + UPDATE_WAIT_MS, () =>
        this.temporal.workflow.getHandle(unitTaskStreamId(planId, unitCode)).executeUpdate(acknowledgeTaskUpdate, { args: [{ actor }], updateId: idempotencyKey }),
      );
      return { planId, unitCode, status: state.status, dueAt: state.dueAt!, overdue: state.overdue, acknowledgedAt: state.acknowledgedAt!, late: state.late! };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const { type, message } = error.cause;
        throw type === 'INVALID_INPUT' ? new BadRequestException({ code: type, message }) : new ConflictException({ code: type ?? 'REJECTED', message });
      }
      if (error instanceof WorkflowNotFoundError) throw await this.taskNotRunning(planId, unitCode);
      if (isGrpcDeadlineError(error)) {
        throw new GatewayTimeoutException({
          code: 'NOT_CONFIRMED_YET',
          message: `The acknowledgement was not confirmed within ${UPDATE_WAIT_MS / 1000} s and may still be recorded: check GET /plans/${planId}, or retry with the same Idempotency-Key`,
        });
      }
      throw unavailable(error);
    }
  }

  /** The plan's history from the event store: its own stream and its units' streams, in global order. */
  async events(planId: string, user: AuthUser): Promise<EventView[]> {
    const plan = await this.findVisiblePlan(planId, user);
    const visible = await this.scope.visibleUnits(user);
    const streams = new Set([planStreamId(planId), ...plan.recipients.filter((u) => visible === 'all' || visible.has(u)).map((u) => unitTaskStreamId(planId, u))]);
    const events = await this.store.readCorrelated(planId);
    return events.filter((event) => streams.has(event.streamId)).map(toEventView);
  }

  /** A plan the person may see: one issued in their scope or sent to a unit in it (404 otherwise, as if absent). */
  private async findVisiblePlan(planId: string, user: AuthUser): Promise<PlanEntity> {
    const plan = await this.findPlan(planId);
    await this.scope.assertCanSeeAny(user, [plan.issuingUnit, ...plan.recipients], `plan ${plan.numberSymbol}`);
    return plan;
  }

  private async findPlan(planId: string): Promise<PlanEntity> {
    const plan = await this.plans.findOneBy({ planId });
    if (!plan) throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return plan;
  }

  /** Every code must name a known unit; the message names the field and the unknown codes. */
  private async requireUnits(fields: Record<string, string[]>): Promise<void> {
    const codes = Object.values(fields).flat();
    const known = new Set((await this.units.findBy({ code: In(codes) })).map((unit) => unit.code));
    const problems = Object.entries(fields)
      .map(([field, values]) => [field, [...new Set(values.filter((code) => !known.has(code)))]] as const)
      .filter(([, unknown]) => unknown.length > 0)
      .map(([field, unknown]) => `${field} names unknown unit(s) ${unknown.join(', ')}; GET /units lists the known ones`);
    if (problems.length > 0) throw new BadRequestException({ code: 'UNKNOWN_UNIT', message: problems });
  }

  private async taskNotRunning(planId: string, unitCode: string) {
    const assigned = await this.tasks.existsBy({ planId, unitCode });
    return assigned
      ? new ConflictException({ code: 'TASK_NOT_RUNNING', message: `The task of ${unitCode} is not running; launch the plan again to restart it` })
      : new ConflictException({ code: 'TASK_NOT_ASSIGNED', message: `The task of ${unitCode} is being assigned; try again in a moment` });
  }
}

/** A Temporal outage is a 503 that says nothing changed; anything else stays unexpected. */
function unavailable(error: unknown): unknown {
  const grpc = [error, (error as { cause?: unknown })?.cause].find(isGrpcServiceError);
  if (grpc?.code === GRPC_UNAVAILABLE || isGrpcDeadlineError(error)) {
    return new ServiceUnavailableException({ code: 'TEMPORAL_UNAVAILABLE', message: 'The workflow engine is unreachable; nothing was changed, try again later' });
  }
  return error;
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
