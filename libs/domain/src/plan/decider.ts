import { extendDeadline } from '../deadline-schedule.js';
import type { Command, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { planStageDeadlines } from '../unit-task/stages.js';
import { amendedDraft, type PlanAmendment, type PlanDraft } from './draft.js';
import { amendmentErrors } from './validation.js';
import type { PlanEvent } from './events.js';

/**
 * A plan's own life: drafted, launched to the units that implement it, amended, its deadlines extended for all
 * units, then closed or cancelled. Its content is validated against the unit hierarchy and the rules in force
 * (plan/draft.ts) before CreatePlan; this decider guards the life cycle.
 */
interface PlanContent {
  planId: string;
  draft: PlanDraft;
  /** The recipients that implement the plan, each with a task. */
  implementers: string[];
  /** Deadlines extended for all units, by stage id: a task started later (a long cascade) gets them too. */
  extensions: Record<string, string>;
}

export type PlanState =
  | { status: 'none' }
  | (PlanContent & { status: 'draft' })
  | (PlanContent & { status: 'launched'; launchedAt: string })
  /** A draft can be cancelled, so an ended plan may never have been launched. */
  | (PlanContent & { status: 'closed' | 'cancelled'; launchedAt?: string });

export type PlanStatus = PlanState['status'];
/** A plan that exists: created, whatever has happened to it since. */
export type RecordedPlan = Exclude<PlanState, { status: 'none' }>;

export type PlanCommand =
  | Command<'CreatePlan', { planId: string; draft: PlanDraft }>
  | Command<'LaunchPlan', { planId: string }>
  | Command<'AmendPlan', { changes: PlanAmendment; reason: string }>
  | Command<'ExtendForAll', { stageId: string; dueAt: string; reason: string }>
  | Command<'ClosePlan', Record<string, never>>
  | Command<'CancelPlan', { reason: string }>;

export const implementersOf = (draft: PlanDraft) => draft.recipients.filter((r) => r.role === 'implement').map((r) => r.unitCode);

/**
 * With `checks` 'new-input' (the default) the amendment and extension commands are held to the product's bounds; a
 * workflow handler passes 'recorded' (see Checks), its update validator having applied them to every new command.
 */
function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  const { now, checks = 'new-input' } = command.metadata;
  switch (command.type) {
    case 'CreatePlan':
      if (state.status !== 'none') throw new DomainError('PLAN_EXISTS', `Plan ${command.data.planId} already exists`);
      return [{ type: 'PlanCreated', data: command.data }];
    case 'LaunchPlan':
      if (state.status === 'none') throw new DomainError('PLAN_NOT_FOUND', `Plan ${command.data.planId} does not exist`);
      if (state.status !== 'draft') return []; // launching twice is harmless
      return [{ type: 'PlanLaunched', data: { planId: command.data.planId, launchedAt: now, implementers: implementersOf(state.draft) } }];
  }
  if (state.status !== 'draft' && state.status !== 'launched') {
    throw new DomainError(
      'PLAN_NOT_OPEN',
      state.status === 'none' ? 'This plan does not exist' : `This plan is ${state.status}; nothing can be changed`,
    );
  }
  switch (command.type) {
    case 'AmendPlan': {
      const reason = requireReason(command.data.reason, 'An amendment');
      if (Object.keys(command.data.changes).length === 0)
        throw new DomainError('EMPTY_AMENDMENT', 'An amendment must change the title, the targets or the quotas');
      // The API validates the amended plan in full first; this keeps whatever else reaches the workflow out of the record.
      // Amendments accepted before these checks existed are not re-judged when their history replays.
      const errors = checks === 'new-input' ? amendmentErrors(state.draft, command.data.changes) : [];
      if (errors.length > 0) throw new DomainError('INVALID_AMENDMENT', errors.map((p) => p.message).join('; '));
      return [{ type: 'PlanAmended', data: { changes: command.data.changes, reason, amendedAt: now } }];
    }
    case 'ExtendForAll': {
      if (state.status !== 'launched')
        throw new DomainError('PLAN_NOT_LAUNCHED', 'Deadlines are extended for the units of a launched plan');
      const { stageId } = command.data;
      // Checked here, so that the plan never records an extension its units would refuse.
      const deadlines = planStageDeadlines(state.draft);
      const current = state.extensions[stageId] ?? deadlines[stageId];
      if (!current)
        throw new DomainError('UNKNOWN_STAGE', `This plan has no stage "${stageId}"; its stages are ${Object.keys(deadlines).join(', ')}`);
      const { deadline, reason } = extendDeadline(current, command.data.dueAt, command.data.reason, {
        now,
        timeFrame: state.draft.timeFrame,
        checks,
      });
      return [{ type: 'DeadlinesExtended', data: { stageId, dueAt: deadline, reason, extendedAt: now } }];
    }
    case 'ClosePlan':
      if (state.status !== 'launched')
        throw new DomainError('PLAN_NOT_LAUNCHED', 'Only a launched plan can be closed; a draft can be cancelled');
      return [{ type: 'PlanClosed', data: { closedAt: now } }];
    case 'CancelPlan':
      return [{ type: 'PlanCancelled', data: { reason: requireReason(command.data.reason, 'A cancellation'), cancelledAt: now } }];
  }
}

/** An event that needs a created plan, folded into none, leaves the state as it is: it cannot be in a valid stream. */
function evolve(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanCreated') {
    // Keys in the order earlier releases wrote them: API answers and read-model rows stay byte for byte the same.
    return {
      status: 'draft',
      implementers: implementersOf(event.data.draft),
      extensions: {},
      planId: event.data.planId,
      draft: event.data.draft,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PlanLaunched':
      return { ...state, status: 'launched', launchedAt: event.data.launchedAt, implementers: event.data.implementers };
    case 'PlanAmended':
      return { ...state, draft: amendedDraft(state.draft, event.data.changes) };
    case 'DeadlinesExtended':
      return { ...state, extensions: { ...state.extensions, [event.data.stageId]: event.data.dueAt } };
    case 'PlanClosed':
      return { ...state, status: 'closed' };
    case 'PlanCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

function requireReason(reason: string | undefined, what: string): string {
  if (!reason?.trim()) throw new DomainError('REASON_REQUIRED', `${what} needs a reason that the units can read`);
  return reason.trim();
}

/** The plan's content as amended; none before it is created. */
export const draftOf = (state: PlanState): PlanDraft | undefined => (state.status === 'none' ? undefined : state.draft);
