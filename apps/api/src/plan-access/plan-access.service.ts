import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { checkWithinTimeFrame, parseInstant, vietnamDateOf, type PlanDraft, type RecordedPlan } from '#domain';
import { PlanEntity } from '#persistence';
import type { Actor } from '#workflows';
import { ScopeService, type AuthUser } from '../auth/index.js';
import { PlanDraftsService } from './plan-drafts.service.js';

/** The person acting, as the workflows record them. */
export const actorOf = (user: AuthUser): Actor => ({ id: user.id, role: user.role, unit: user.unit });

/**
 * A plan as the features that act on it reach it (plans, tasks, documents): from its row in the `plans` read model,
 * which every append to the plan's stream updates in its own transaction, so the row answers as folding the stream
 * would. The API folds the stream where it writes it (PlanDraftStream), and for the parent of a derived plan being
 * validated (PlanDraftsService.plan).
 */
@Injectable()
export class PlanAccess {
  constructor(
    @InjectRepository(PlanEntity) private readonly plans: Repository<PlanEntity>,
    private readonly scope: ScopeService,
    private readonly drafts: PlanDraftsService,
  ) {}

  /** The plan's state (its content as amended, its status, its implementers); 404 PLAN_NOT_FOUND when there is none. */
  async plan(planId: string): Promise<RecordedPlan> {
    const state = (await this.plans.findOneBy({ planId }))?.state;
    if (!state || state.status === 'none')
      throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return state;
  }

  /** The plan, for a person who acts for its issuing unit (403 otherwise): decisions on a plan and on its units' tasks are its issuer's. */
  async asIssuer(planId: string, user: AuthUser, action: string): Promise<{ actor: Actor; plan: RecordedPlan }> {
    const plan = await this.plan(planId);
    await this.scope.assertCanActFor(user, plan.draft.issuingUnit, action);
    return { actor: actorOf(user), plan };
  }

  /** A department's derived plan, pre-filled from the plan it implements as of today, for a person who acts for the department. */
  async derivedDraft(parentPlanId: string, unitCode: string, user: AuthUser): Promise<PlanDraft> {
    await this.scope.assertCanActFor(user, unitCode, 'draft its derived plan');
    return this.drafts.deriveFor(parentPlanId, unitCode, vietnamDateOf(new Date()));
  }
}

/** A new deadline as the workflows take it (UTC ISO), refused (400) outside the plan's time frame, the rule its milestones follow. */
export function extensionWithinPlan(dueAt: string, draft: PlanDraft): string {
  const instant = parseInstant(dueAt);
  checkWithinTimeFrame(instant, draft.timeFrame);
  return instant.toISOString();
}
