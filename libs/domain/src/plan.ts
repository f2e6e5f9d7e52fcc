import { extendDeadline } from './deadline-schedule.js';
import { DomainError } from './errors.js';
import type { PlanEvent } from './events.js';
import type { Checks } from './limits.js';
import { amendedDraft, amendmentErrors, type PlanAmendment, type PlanDraft } from './plan-model.js';
import { planStageDeadlines } from './unit-stages.js';

/**
 * A plan's own life: drafted, launched to the units that implement it, amended, its deadlines extended for all
 * units, then closed or cancelled. Its content is validated against the unit hierarchy and the rules in force
 * (plan-model.ts) before CreatePlan; this decider guards the life cycle.
 */
export type PlanStatus = 'none' | 'draft' | 'launched' | 'closed' | 'cancelled';

export interface PlanState {
  status: PlanStatus;
  planId?: string;
  draft?: PlanDraft;
  launchedAt?: string;
  /** The recipients that implement the plan, each with a task. */
  implementers: string[];
  /** Deadlines extended for all units, by stage id: a task started later (a long cascade) gets them too. */
  extensions: Record<string, string>;
}

export type PlanCommand =
  | { type: 'CreatePlan'; data: { planId: string; draft: PlanDraft } }
  | { type: 'LaunchPlan'; data: { planId: string; now: string } }
  | { type: 'AmendPlan'; data: { changes: PlanAmendment; reason: string; now: string } }
  | { type: 'ExtendForAll'; data: { stageId: string; dueAt: string; reason: string; now: string } }
  | { type: 'ClosePlan'; data: { now: string } }
  | { type: 'CancelPlan'; data: { reason: string; now: string } };

export const initialPlanState = (): PlanState => ({ status: 'none', implementers: [], extensions: {} });

export const implementersOf = (draft: PlanDraft) => draft.recipients.filter((r) => r.role === 'implement').map((r) => r.unitCode);

/**
 * With `checks` 'new-input' (the default) the amendment and extension commands are held to the product's bounds; a
 * workflow handler passes 'recorded' (see Checks), its update validator having applied them to every new command.
 */
export function decidePlan(command: PlanCommand, state: PlanState, checks: Checks = 'new-input'): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan':
      if (state.status !== 'none') throw new DomainError('PLAN_EXISTS', `Plan ${command.data.planId} already exists`);
      return [{ type: 'PlanCreated', data: command.data }];
    case 'LaunchPlan':
      if (state.status === 'none') throw new DomainError('PLAN_NOT_FOUND', `Plan ${command.data.planId} does not exist`);
      if (state.status !== 'draft') return []; // launching twice is harmless
      return [{ type: 'PlanLaunched', data: { planId: command.data.planId, launchedAt: command.data.now, implementers: implementersOf(state.draft!) } }];
  }
  if (state.status !== 'draft' && state.status !== 'launched') {
    throw new DomainError('PLAN_NOT_OPEN', state.status === 'none' ? 'This plan does not exist' : `This plan is ${state.status}; nothing can be changed`);
  }
  switch (command.type) {
    case 'AmendPlan': {
      const reason = requireReason(command.data.reason, 'An amendment');
      if (Object.keys(command.data.changes).length === 0) throw new DomainError('EMPTY_AMENDMENT', 'An amendment must change the title, the targets or the quotas');
      // The API validates the amended plan in full first; this keeps whatever else reaches the workflow out of the record.
      // Amendments accepted before these checks existed are not re-judged when their history replays.
      const errors = checks === 'new-input' ? amendmentErrors(state.draft!, command.data.changes) : [];
      if (errors.length > 0) throw new DomainError('INVALID_AMENDMENT', errors.map((p) => p.message).join('; '));
      return [{ type: 'PlanAmended', data: { changes: command.data.changes, reason, amendedAt: command.data.now } }];
    }
    case 'ExtendForAll': {
      if (state.status !== 'launched') throw new DomainError('PLAN_NOT_LAUNCHED', 'Deadlines are extended for the units of a launched plan');
      const { stageId, now } = command.data;
      // Checked here, so that the plan never records an extension its units would refuse.
      const deadlines = planStageDeadlines(state.draft!);
      const current = state.extensions[stageId] ?? deadlines[stageId];
      if (!current) throw new DomainError('UNKNOWN_STAGE', `This plan has no stage "${stageId}"; its stages are ${Object.keys(deadlines).join(', ')}`);
      const { deadline, reason } = extendDeadline(current, command.data.dueAt, command.data.reason, { now, timeFrame: state.draft!.timeFrame, checks });
      return [{ type: 'DeadlinesExtended', data: { stageId, dueAt: deadline, reason, extendedAt: now } }];
    }
    case 'ClosePlan':
      if (state.status !== 'launched') throw new DomainError('PLAN_NOT_LAUNCHED', 'Only a launched plan can be closed; a draft can be cancelled');
      return [{ type: 'PlanClosed', data: { closedAt: command.data.now } }];
    case 'CancelPlan':
      return [{ type: 'PlanCancelled', data: { reason: requireReason(command.data.reason, 'A cancellation'), cancelledAt: command.data.now } }];
  }
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated':
      return { ...state, status: 'draft', planId: event.data.planId, draft: event.data.draft, implementers: implementersOf(event.data.draft) };
    case 'PlanLaunched':
      return { ...state, status: 'launched', launchedAt: event.data.launchedAt, implementers: event.data.implementers };
    case 'PlanAmended':
      return { ...state, draft: amendedDraft(state.draft!, event.data.changes) };
    case 'DeadlinesExtended':
      return { ...state, extensions: { ...state.extensions, [event.data.stageId]: event.data.dueAt } };
    case 'PlanClosed':
      return { ...state, status: 'closed' };
    case 'PlanCancelled':
      return { ...state, status: 'cancelled' };
  }
}

function requireReason(reason: string | undefined, what: string): string {
  if (!reason?.trim()) throw new DomainError('REASON_REQUIRED', `${what} needs a reason that the units can read`);
  return reason.trim();
}
