import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { unitTaskStreamId, type SubmissionPayload, type UnitTaskState } from '#domain';
import { Repository } from 'typeorm';
import { UnitTaskEntity } from '#persistence';
import { conferUpdate, decideNomineeUpdate, decideUpdate, extendUpdate, submitUpdate } from '#workflows';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { executeUpdate, UPDATE_WAIT_MS } from '../common/workflow-calls.js';
import { actorOf, extensionWithinPlan, PlanAccess } from '../plan-access/plan-access.service.js';
import type { ConferDto, DecideDto, DecideNomineeDto, ExtendStageDto, SubmitDto } from './dto/task-actions.dto.js';

/**
 * A unit's task in a plan: the unit (or a unit above it) submits; the plan's issuer decides, confers and
 * extends (PlanAccess.asIssuer). Each action is an Update of the task's workflow, whose validator has the last word.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly access: PlanAccess,
    private readonly scope: ScopeService,
    private readonly temporal: Client,
    @InjectRepository(UnitTaskEntity) private readonly tasks: Repository<UnitTaskEntity>,
    @Inject(UPDATE_WAIT_MS) private readonly updateWaitMs: number,
  ) {}

  async submit(
    planId: string,
    unitCode: string,
    stageId: string,
    dto: SubmitDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<UnitTaskState> {
    await this.access.plan(planId);
    await this.scope.assertCanActFor(user, unitCode, `submit for ${unitCode}`);
    return this.update(planId, unitCode, submitUpdate, [{ actor: actorOf(user), stageId, payload: payloadOf(dto) }], idempotencyKey);
  }

  async decide(
    planId: string,
    unitCode: string,
    stageId: string,
    dto: DecideDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<UnitTaskState> {
    const { actor } = await this.access.asIssuer(planId, user, 'decide on a submission');
    return this.update(planId, unitCode, decideUpdate, [{ actor, stageId, decision: dto.decision, reason: dto.reason }], idempotencyKey);
  }

  async decideNominee(
    planId: string,
    unitCode: string,
    stageId: string,
    number: number,
    dto: DecideNomineeDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<UnitTaskState> {
    if (number < 1)
      throw new BadRequestException({ code: 'INVALID_INPUT', message: 'Nominees are numbered from 1, in the order submitted' });
    const { actor } = await this.access.asIssuer(planId, user, 'decide on a nominee');
    return this.update(
      planId,
      unitCode,
      decideNomineeUpdate,
      [{ actor, stageId, index: number - 1, decision: dto.decision, reason: dto.reason }],
      idempotencyKey,
    );
  }

  async confer(
    planId: string,
    unitCode: string,
    stageId: string,
    dto: ConferDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<UnitTaskState> {
    const { actor } = await this.access.asIssuer(planId, user, 'confer awards');
    return this.update(planId, unitCode, conferUpdate, [{ actor, stageId, reference: dto.reference }], idempotencyKey);
  }

  /** The unit's task does not know the plan's time frame; the extension is checked against it here (the plan's own rule). */
  async extend(
    planId: string,
    unitCode: string,
    stageId: string,
    dto: ExtendStageDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<UnitTaskState> {
    const { actor, plan } = await this.access.asIssuer(planId, user, 'extend a deadline');
    return this.update(
      planId,
      unitCode,
      extendUpdate,
      [{ actor, stageId, dueAt: extensionWithinPlan(dto.dueAt, plan.draft), reason: dto.reason }],
      idempotencyKey,
    );
  }

  private async update<Args extends [unknown, ...unknown[]]>(
    planId: string,
    unitCode: string,
    update: UpdateDefinition<UnitTaskState, Args>,
    args: Args,
    idempotencyKey?: string,
  ) {
    try {
      return await executeUpdate(this.temporal, unitTaskStreamId(planId, unitCode), update, args, {
        idempotencyKey,
        waitMs: this.updateWaitMs,
        notFound: `Unit ${unitCode} has no task in plan ${planId}: it is not one of its implementers, or the plan has not been launched`,
      });
    } catch (error) {
      // A closed or cancelled task's workflow has ended; say so rather than that it does not exist.
      const task = error instanceof NotFoundException ? await this.tasks.findOneBy({ planId, unitCode }) : null;
      if (task && task.status !== 'open')
        throw new ConflictException({
          code: 'TASK_NOT_OPEN',
          message: `The task of ${unitCode} is ${task.status}; nothing can be changed`,
        });
      throw error;
    }
  }
}

/** The one payload field the body carries; the stage's workflow checks that it is the kind the stage takes. */
function payloadOf(dto: SubmitDto): SubmissionPayload {
  const given = [
    dto.titles && ({ kind: 'registration', titles: dto.titles } as const),
    dto.summary !== undefined && ({ kind: 'report', summary: dto.summary } as const),
    dto.nominees && ({ kind: 'nomination', nominees: dto.nominees } as const),
  ].filter((payload) => !!payload);
  if (given.length !== 1) {
    throw new BadRequestException({
      code: 'ONE_SUBMISSION',
      message:
        'Give exactly one of titles (registration), summary (a review report) or nominees (nomination); a derived plan is submitted by launching it',
    });
  }
  return given[0];
}
