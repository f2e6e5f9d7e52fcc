import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { decidePlan, initialPlanState, parseDeadline, planStreamId, unitTaskStreamId, type UnitTaskState } from '#domain';
import { EventStore, type RecordedEvent } from '#event-store';
import { PlanEntity, PlanUnitTaskEntity, UnitEntity } from '#persistence';
import { TEMPORAL_OPTIONS, type TemporalClientOptions } from '#temporal';
import { acknowledgeTaskUpdate, planWorkflowId } from '#workflows';
import type { CreatePlanDto } from './dto/create-plan.dto.js';
import type { EventView, LaunchView, PlanView, UnitTaskView } from './dto/plan.view.js';

@Injectable()
export class PlansService {
  constructor(
    private readonly store: EventStore,
    private readonly temporal: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly temporalOptions: TemporalClientOptions,
    @InjectRepository(PlanEntity) private readonly plans: Repository<PlanEntity>,
    @InjectRepository(PlanUnitTaskEntity) private readonly tasks: Repository<PlanUnitTaskEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
  ) {}

  /** A draft plan: PlanCreated is the first event of the plan's stream, before any workflow owns it. */
  async create(dto: CreatePlanDto, actor: string): Promise<PlanView> {
    const codes = [dto.issuingUnit, ...dto.recipients];
    const known = new Set((await this.units.findBy({ code: In(codes) })).map((u) => u.code));
    const unknown = [...new Set(codes.filter((code) => !known.has(code)))];
    if (unknown.length > 0) {
      throw new NotFoundException({ code: 'UNKNOWN_UNIT', message: `Unknown unit code(s): ${unknown.join(', ')}; see GET /units` });
    }
    const planId = randomUUID();
    const events = decidePlan(
      {
        type: 'CreatePlan',
        data: { ...dto, planId, recipients: [...dto.recipients], deadline: parseDeadline(dto.deadline).toISOString() },
      },
      initialPlanState(),
    );
    await this.store.append(
      planStreamId(planId),
      events.map((event) => ({ ...event, eventId: randomUUID(), metadata: { actor, correlationId: planId } })),
      { expectedVersion: 'no-stream', streamType: 'plan' },
    );
    return this.get(planId);
  }

  async get(planId: string): Promise<PlanView> {
    const plan = await this.findPlan(planId);
    const [tasks, units] = await Promise.all([
      this.tasks.findBy({ planId }),
      this.units.findBy({ code: In(plan.recipients) }),
    ]);
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
      units: plan.recipients.map((unitCode): UnitTaskView => {
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

  /** Starts the plan's workflow under a deterministic id; a second launch, even a concurrent one, starts nothing. */
  async launch(planId: string, actor: string): Promise<LaunchView> {
    const plan = await this.findPlan(planId);
    const workflowId = planWorkflowId(planId);
    if (plan.status === 'launched') return { planId, workflowId, started: false };
    try {
      await this.temporal.workflow.start('planWorkflow', {
        workflowId,
        taskQueue: this.temporalOptions.taskQueue,
        args: [{ planId, launchedBy: actor }],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { planId, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { planId, workflowId, started: false };
      throw this.temporalUnavailable(error);
    }
  }

  /** The unit acknowledges its task, through the Update of the unit's workflow; its validator refuses a second one. */
  async acknowledge(planId: string, unitCode: string, actor: string, idempotencyKey?: string): Promise<UnitTaskState> {
    const plan = await this.findPlan(planId);
    if (!plan.recipients.includes(unitCode)) {
      throw new NotFoundException({
        code: 'UNIT_NOT_IN_PLAN',
        message: `Unit ${unitCode} is not a recipient of plan ${plan.numberSymbol}; its recipients are ${plan.recipients.join(', ')}`,
      });
    }
    if (plan.status !== 'launched') {
      throw new ConflictException({ code: 'PLAN_NOT_LAUNCHED', message: `Plan ${plan.numberSymbol} has not been launched yet` });
    }
    try {
      return await this.temporal.workflow
        .getHandle(unitTaskStreamId(planId, unitCode))
        .executeUpdate(acknowledgeTaskUpdate, { args: [{ actor }], updateId: idempotencyKey });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw new ConflictException({ code: error.cause.type ?? 'REJECTED', message: error.cause.message });
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new ConflictException({ code: 'TASK_NOT_ASSIGNED', message: `The task of ${unitCode} is being assigned; try again in a moment` });
      }
      throw this.temporalUnavailable(error);
    }
  }

  /** The plan's history from the event store: its own stream and its units' streams, in global order. */
  async events(planId: string): Promise<EventView[]> {
    await this.findPlan(planId);
    const events = await this.store.readCorrelated(planId);
    return events.map(toEventView);
  }

  private async findPlan(planId: string): Promise<PlanEntity> {
    const plan = await this.plans.findOneBy({ planId });
    if (!plan) throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return plan;
  }

  private temporalUnavailable(error: unknown): unknown {
    const message = error instanceof Error ? error.message : String(error);
    if (/UNAVAILABLE|ECONNREFUSED|deadline/i.test(message)) {
      return new ServiceUnavailableException({ code: 'TEMPORAL_UNAVAILABLE', message: 'The workflow engine is unreachable; nothing was changed, try again later' });
    }
    return error;
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
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}
