import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  deriveDraft,
  errorsOf,
  formatDate,
  implementersOf,
  isCalendarDate,
  isDomainError,
  PLAN_EVENT_TYPES,
  planDecider,
  planStreamId,
  ruleSetOn,
  validateDerived,
  validatePlan,
  warningsOf,
  type PlanContext,
  type PlanDraft,
  type PlanProblem,
  type PlanState,
} from '#domain';
import { EventStore } from '#event-store';
import { loadUnitHierarchy } from '#persistence';

/** "/KH-SGDĐT": the symbol is known, the number is given when the plan is signed. */
const UNNUMBERED = /^\/\S+$/;

/** A plan folded from its stream, with the content it was created with (as amended since). */
export interface StoredPlan {
  planId: string;
  status: PlanState['status'];
  draft: PlanDraft;
  version: number;
}

/**
 * Checks a PlanDraft against what was true on its issue date: the unit hierarchy then (unit_versions) and the rules
 * in force then (awards.ts), and for a derived plan against its parent as folded from the parent's stream. Pre-fills
 * derived plans.
 */
@Injectable()
export class PlanDraftsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  /**
   * Checks the draft as of its issue date; for a derived plan also against its parent (404 PLAN_NOT_FOUND
   * when the parent does not exist). Any error: 400 INVALID_PLAN with every error's message (each names its
   * field) and `problems` (errors and warnings, with field and code). Otherwise the warnings, for the response.
   */
  async validate(draft: PlanDraft): Promise<{ warnings: PlanProblem[] }> {
    const problems = await this.problemsOf(draft);
    const errors = errorsOf(problems);
    if (errors.length > 0) throw new BadRequestException({ code: 'INVALID_PLAN', message: errors.map((p) => p.message), problems });
    return { warnings: warningsOf(problems) };
  }

  /** Every problem, errors and warnings; throws only when the parent plan is missing (404). */
  async problemsOf(draft: PlanDraft): Promise<PlanProblem[]> {
    const context = await this.contextOn(draft.issuedOn);
    if ('problem' in context) return [context.problem];
    const problems = allowUnnumbered(draft, validatePlan(draft, context));
    if (draft.parentPlanId !== undefined) {
      const parent = await this.plan(draft.parentPlanId);
      if (parent.status === 'closed' || parent.status === 'cancelled') {
        problems.push(
          problem(
            'parentPlanId',
            'PARENT_NOT_OPEN',
            `parentPlanId: plan ${parent.draft.numberSymbol} is ${parent.status}; a derived plan implements an open plan`,
          ),
        );
      }
      problems.push(...validateDerived(draft, parent.draft, context));
    }
    return problems;
  }

  /**
   * The derived plan `unitCode` issues to implement `parentPlanId`, pre-filled (deriveDraft) as of `today`
   * (yyyy-mm-dd, Vietnam time: use vietnamDateOf(new Date())). 404 PLAN_NOT_FOUND without the parent, 400
   * NOT_A_RECIPIENT when the unit does not implement it, 400 UNIT_NOT_FOUND when the unit no longer exists
   * today, 409 PLAN_NOT_OPEN when the parent is closed or cancelled.
   */
  async deriveFor(parentPlanId: string, unitCode: string, today: string): Promise<PlanDraft> {
    if (!isCalendarDate(today))
      throw new BadRequestException({ code: 'INVALID_DATE', message: `today ("${today}") must be a date yyyy-mm-dd` });
    const parent = await this.plan(parentPlanId);
    const implementers = implementersOf(parent.draft);
    if (!implementers.includes(unitCode)) {
      throw new BadRequestException({
        code: 'NOT_A_RECIPIENT',
        message: `Unit ${unitCode} does not implement plan ${parent.draft.numberSymbol}; the units that do are ${implementers.join(', ') || 'none'}`,
      });
    }
    if (parent.status === 'closed' || parent.status === 'cancelled') {
      throw new ConflictException({
        code: 'PLAN_NOT_OPEN',
        message: `Plan ${parent.draft.numberSymbol} is ${parent.status}; there is nothing left to implement`,
      });
    }
    const units = await loadUnitHierarchy(this.dataSource, today);
    const unit = units.units.get(unitCode);
    if (!unit) {
      throw new BadRequestException({
        code: 'UNIT_NOT_FOUND',
        message: `Unit ${unitCode} does not exist on ${formatDate(today)} (it was reorganised after plan ${parent.draft.numberSymbol} was issued); the unit that took over its work derives the plan`,
      });
    }
    return deriveDraft(parent.draft, parentPlanId, unit, today, units);
  }

  /** A plan folded from its stream; 404 PLAN_NOT_FOUND when it does not exist. */
  async plan(planId: string): Promise<StoredPlan> {
    // Unknown (future) event types are passed over rather than erase the state.
    const { state, version } = await this.store.aggregateStream(planStreamId(planId), { ...planDecider, eventTypes: PLAN_EVENT_TYPES });
    if (state.status === 'none') throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return { planId, status: state.status, draft: state.draft, version };
  }

  /** Units and rules on the issue date, or the one problem that prevents knowing them. */
  private async contextOn(issuedOn: string): Promise<PlanContext | { problem: PlanProblem }> {
    if (!isCalendarDate(issuedOn))
      return { problem: problem('issuedOn', 'INVALID_DATE', `issuedOn ("${issuedOn ?? ''}") must be a date yyyy-mm-dd`) };
    try {
      return { ruleSet: ruleSetOn(issuedOn), units: await loadUnitHierarchy(this.dataSource, issuedOn) };
    } catch (error) {
      if (isDomainError(error)) return { problem: problem('issuedOn', error.code, `issuedOn (${formatDate(issuedOn)}): ${error.message}`) };
      throw error;
    }
  }
}

const problem = (field: string, code: string, message: string, severity: PlanProblem['severity'] = 'error'): PlanProblem => ({
  severity,
  field,
  code,
  message,
});

/** A plan is drafted before it is numbered: "/KH-SGDĐT" is a warning here, not the domain's NUMBER_SYMBOL error. */
function allowUnnumbered(draft: PlanDraft, problems: PlanProblem[]): PlanProblem[] {
  if (!UNNUMBERED.test(draft.numberSymbol)) return problems;
  return problems.map((p) =>
    p.field === 'numberSymbol' && p.code === 'NUMBER_SYMBOL'
      ? problem(
          'numberSymbol',
          'NOT_YET_NUMBERED',
          `numberSymbol ("${draft.numberSymbol}") has no number yet; add it (e.g. "27${draft.numberSymbol}") when the plan is signed`,
          'warning',
        )
      : p,
  );
}
