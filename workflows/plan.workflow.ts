import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import {
  escalationOf,
  PLAN_EVENT_TYPES,
  planDecider,
  planStreamId,
  remindersOf,
  stagesFor,
  unitTaskStreamId,
  type PlanCommand,
  type PlanEvent,
  type PlanState,
  type RecordedPlan,
} from '#domain';
import { DeciderWorkflow } from './decider-workflow.js';
import {
  amendPlanUpdate,
  cancelPlanUpdate,
  closePlanUpdate,
  deadlineExtendedSignal,
  extendForAllUpdate,
  parentPlanEndedSignal,
  planAmendedSignal,
  planCancelledSignal,
  planClosedSignal,
  type PlanWorkflowInput,
} from './messages.js';
import { decideOrReject } from './rejection.js';
import { UNIT_TASK_WORKFLOW_TYPE, type unitTaskWorkflow } from './unit-task.workflow.js';

/**
 * Children started per run. Temporal tracks at most 2,000 pending children per run; each batch is followed by
 * continue-as-new, so a run never tracks more than this many, and a cascade to thousands of units works.
 */
export const CASCADE_BATCH = 200;
/** Signals sent to the units at a time, when the plan closes, is cancelled, amended or extended. */
const SIGNAL_BATCH = 100;

/**
 * A launched plan: records the launch, starts one task per implementing unit (deterministic ids, in batches),
 * then serves its issuer's updates — amend, extend for all, close, cancel — and passes each to every unit.
 * Idempotent: a new run after a failure or a continue-as-new resumes from the plan's stream.
 */
export async function planWorkflow(input: PlanWorkflowInput): Promise<void> {
  const plan = new DeciderWorkflow<PlanState, PlanCommand, PlanEvent>({
    decider: planDecider,
    eventTypes: PLAN_EVENT_TYPES,
    streamId: planStreamId(input.planId),
    streamType: 'plan',
    correlationId: input.planId,
  });
  let started = input.started ?? 0;
  /** Tells every unit's task started so far, a batch at a time; a task that is gone is logged, not fatal. */
  const tellUnits = async <Args extends unknown[]>(signal: SignalDefinition<Args>, ...args: Args) => {
    const units = recorded(plan.state).implementers.slice(0, started);
    for (let i = 0; i < units.length; i += SIGNAL_BATCH) {
      await Promise.all(
        units.slice(i, i + SIGNAL_BATCH).map((unit) =>
          getExternalWorkflowHandle(unitTaskStreamId(input.planId, unit))
            .signal(signal, ...args)
            .catch((error: unknown) => log.warn('Unit task not reachable', { unit, error: String(error) })),
        ),
      );
    }
  };
  const close = async (actor: string) => {
    await plan.apply({ type: 'ClosePlan', data: {} }, actor);
    await tellUnits(planClosedSignal, { actor });
  };
  const cancel = async (actor: string, reason: string) => {
    await plan.apply({ type: 'CancelPlan', data: { reason } }, actor);
    await tellUnits(planCancelledSignal, { actor, reason });
  };

  plan.onUpdate(amendPlanUpdate, {
    command: ({ changes, reason }) => ({ type: 'AmendPlan', data: { changes, reason } }),
    then: async (_, { actor, changes, reason }) => {
      if (plan.state.status === 'launched') await tellUnits(planAmendedSignal, { actor: actor.id, reason, quotas: changes.quotas });
    },
  });
  plan.onUpdate(extendForAllUpdate, {
    command: ({ stageId, dueAt, reason }) => ({ type: 'ExtendForAll', data: { stageId, dueAt, reason } }),
    then: (_, { actor, stageId, dueAt, reason }) => tellUnits(deadlineExtendedSignal, { actor: actor.id, stageId, dueAt, reason }),
  });
  plan.onUpdate(closePlanUpdate, {
    command: () => ({ type: 'ClosePlan', data: {} }),
    then: (_, { actor }) => tellUnits(planClosedSignal, { actor: actor.id }),
  });
  plan.onUpdate(cancelPlanUpdate, {
    command: ({ reason }) => ({ type: 'CancelPlan', data: { reason: reason ?? '' } }),
    then: (_, { actor, reason }) => tellUnits(planCancelledSignal, { actor: actor.id, reason: reason ?? '' }),
  });
  // A derived plan ends with its parent; the parent's issuer is the actor. Async, so that the workflow waits
  // (allHandlersFinished) until its own units have been told; it waits for this run to have loaded its stream.
  setHandler(parentPlanEndedSignal, async ({ actor, ending, reason }) => {
    await plan.whenReady();
    const { state } = plan;
    if (state.status !== 'launched' || !state.draft.parentPlanId) return;
    await (ending === 'closed' ? close(actor) : cancel(actor, `The parent plan was cancelled: ${reason}`));
  });

  await plan.load();
  await plan.apply({ type: 'LaunchPlan', data: { planId: input.planId } }, input.launchedBy);
  plan.ready();
  const launched = plan.state;
  // Cancelled before it could be launched: nothing to start.
  if (launched.status === 'none' || launched.status === 'draft' || launched.launchedAt === undefined) return;
  const { draft, launchedAt } = launched;
  // Held to what can be represented only (not the product's bounds), so a plan launched under earlier bounds still
  // starts its tasks; one whose timers cannot be represented fails with its reason, not forever.
  const stagesOf = (unitCode: string) =>
    decideOrReject(() => stagesFor(draft, unitCode, input.cascading.includes(unitCode), launchedAt)).map((stage) => ({
      ...stage,
      dueAt: recorded(plan.state).extensions[stage.id] ?? stage.dueAt,
    }));

  // A plan closed or cancelled while its cascade is under way starts no more tasks. Functions, not narrowed values:
  // the state changes while the workflow awaits.
  const implementers = () => recorded(plan.state).implementers;
  const running = () => plan.state.status === 'launched';
  while (started < implementers().length && running()) {
    const batch = implementers().slice(started, started + CASCADE_BATCH);
    await Promise.all(
      batch.map((unitCode) =>
        startChild<typeof unitTaskWorkflow>(UNIT_TASK_WORKFLOW_TYPE, {
          workflowId: unitTaskStreamId(input.planId, unitCode),
          args: [
            {
              planId: input.planId,
              unitCode,
              issuerUnit: draft.issuingUnit,
              stages: stagesOf(unitCode),
              policy: { reminders: remindersOf(draft), escalation: escalationOf(draft) },
              rules: { quotas: draft.quotas, issuerKind: input.issuerKind, ruleDate: draft.issuedOn },
              parentTaskId: input.parentTaskId,
            },
          ],
          // Tasks outlive this run (continue-as-new); closing and cancelling reach them by signal.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }).catch((error: unknown) => {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // started by an earlier run
        }),
      ),
    );
    started += batch.length;
    if (started < implementers().length && running()) await plan.continueAsNew<typeof planWorkflow>({ ...input, started });
  }

  // Then the plan lives until closed or cancelled, continuing as new when its history grows long.
  await condition(() => !running() || workflowInfo().continueAsNewSuggested);
  if (running()) await plan.continueAsNew<typeof planWorkflow>({ ...input, started });
  await plan.finished();
}

/** The plan once its stream is loaded: created, at least (LaunchPlan refuses a plan that does not exist). */
function recorded(state: PlanState): RecordedPlan {
  if (state.status === 'none') throw new Error('The plan was read before its stream was loaded');
  return state;
}
