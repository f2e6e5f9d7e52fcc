import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import {
  decidePlan,
  escalationOf,
  evolvePlan,
  initialPlanState,
  planStreamId,
  remindersOf,
  stagesFor,
  unitTaskStreamId,
  type PlanCommand,
  type PlanEvent,
} from '#domain';
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
  type Actor,
  type PlanWorkflowInput,
} from './messages.js';
import { decideOrReject, refuse, requireText } from './rejection.js';
import { StreamWriter } from './stream-writer.js';
import { unitLifecycleWorkflow } from './unit-lifecycle.workflow.js';

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
  const writer = new StreamWriter(planStreamId(input.planId), 'plan', input.planId);
  let state = initialPlanState();
  // The product's bounds (limits.ts) judge new commands only, in the update validators; a handler decides with
  // 'recorded' checks. Validators do not run on replay, so an amendment or extension accepted before a bound existed
  // replays exactly as recorded, and a new one cannot reach its handler without passing its validator. Chosen over
  // patched(): no marker in every history, and no branch to deprecate when the bounds next change.
  const apply = (command: PlanCommand, actor: string) => {
    const events = decideOrReject(() => decidePlan(command, state, 'recorded'));
    state = events.reduce(evolvePlan, state);
    return writer.append(events, actor);
  };
  const now = () => new Date(Date.now()).toISOString();
  const validate = (actor: Actor, command: () => PlanCommand) => {
    requireText(actor?.id, 'actor.id');
    if (actor.role === 'auditor') refuse('READ_ONLY', 'An auditor can read everything and change nothing');
    decideOrReject(() => decidePlan(command(), state));
  };
  let started = input.started ?? 0;
  /** Tells every unit's task started so far, a batch at a time; a task that is gone is logged, not fatal. */
  const tellUnits = async <Args extends unknown[]>(signal: SignalDefinition<Args>, ...args: Args) => {
    const units = state.implementers.slice(0, started);
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

  setHandler(
    amendPlanUpdate,
    async ({ actor, changes, reason }) => {
      await apply({ type: 'AmendPlan', data: { changes, reason, now: now() } }, actor.id);
      if (state.status === 'launched') await tellUnits(planAmendedSignal, { actor: actor.id, reason, quotas: changes.quotas });
      return state;
    },
    { validator: ({ actor, changes, reason }) => validate(actor, () => ({ type: 'AmendPlan', data: { changes, reason, now: now() } })) },
  );
  setHandler(
    extendForAllUpdate,
    async ({ actor, stageId, dueAt, reason }) => {
      await apply({ type: 'ExtendForAll', data: { stageId, dueAt, reason, now: now() } }, actor.id);
      await tellUnits(deadlineExtendedSignal, { actor: actor.id, stageId, dueAt, reason });
      return state;
    },
    { validator: ({ actor, stageId, dueAt, reason }) => validate(actor, () => ({ type: 'ExtendForAll', data: { stageId, dueAt, reason, now: now() } })) },
  );
  const close = async (actor: string) => {
    await apply({ type: 'ClosePlan', data: { now: now() } }, actor);
    await tellUnits(planClosedSignal, { actor });
  };
  const cancel = async (actor: string, reason: string) => {
    await apply({ type: 'CancelPlan', data: { reason, now: now() } }, actor);
    await tellUnits(planCancelledSignal, { actor, reason });
  };
  setHandler(closePlanUpdate, async ({ actor }) => (await close(actor.id), state), {
    validator: ({ actor }) => validate(actor, () => ({ type: 'ClosePlan', data: { now: now() } })),
  });
  setHandler(cancelPlanUpdate, async ({ actor, reason }) => (await cancel(actor.id, reason!), state), {
    validator: ({ actor, reason }) => validate(actor, () => ({ type: 'CancelPlan', data: { reason: reason ?? '', now: now() } })),
  });
  // A derived plan ends with its parent; the parent's issuer is the actor. Async, so that the workflow waits
  // (allHandlersFinished) until its own units have been told; it waits for this run to have loaded its stream.
  let loaded = false;
  setHandler(parentPlanEndedSignal, async ({ actor, ending, reason }) => {
    await condition(() => loaded);
    if (state.status !== 'launched' || !state.draft?.parentPlanId) return;
    await (ending === 'closed' ? close(actor) : cancel(actor, `The parent plan was cancelled: ${reason}`));
  });

  state = (await writer.load<PlanEvent>()).reduce(evolvePlan, state);
  await apply({ type: 'LaunchPlan', data: { planId: input.planId, now: now() } }, input.launchedBy);
  loaded = true;
  if (!state.launchedAt) return; // cancelled before it could be launched: nothing to start
  const draft = state.draft!;
  const launchedAt = state.launchedAt!;
  // Held to what can be represented only (not the product's bounds), so a plan launched under earlier bounds still
  // starts its tasks; one whose timers cannot be represented fails with its reason, not forever.
  const stagesOf = (unitCode: string) =>
    decideOrReject(() => stagesFor(draft, unitCode, input.cascading.includes(unitCode), launchedAt)).map((stage) => ({ ...stage, dueAt: state.extensions[stage.id] ?? stage.dueAt }));

  // A plan closed or cancelled while its cascade is under way starts no more tasks.
  while (started < state.implementers.length && state.status === 'launched') {
    const batch = state.implementers.slice(started, started + CASCADE_BATCH);
    await Promise.all(
      batch.map((unitCode) =>
        startChild(unitLifecycleWorkflow, {
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
    if (started < state.implementers.length && state.status === 'launched') await continueAfter(input, started);
  }

  // Then the plan lives until closed or cancelled, continuing as new when its history grows long.
  await condition(() => state.status === 'closed' || state.status === 'cancelled' || workflowInfo().continueAsNewSuggested);
  if (state.status === 'launched') await continueAfter(input, started);
  await condition(allHandlersFinished);
  await writer.drained();

  async function continueAfter(current: PlanWorkflowInput, started: number): Promise<never> {
    await condition(allHandlersFinished);
    await writer.drained();
    return continueAsNew<typeof planWorkflow>({ ...current, started });
  }
}
