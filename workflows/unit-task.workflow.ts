import { condition, getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import {
  checkNominations,
  decideDue,
  derivedPlanOf,
  nextWakeUp,
  planStreamId,
  WORKFLOW_ACTOR,
  UNIT_TASK_EVENT_TYPES,
  unitTaskDecider,
  unitTaskStreamId,
  type CommandData,
  type Nominee,
  type NomineeAssessment,
  type SubmissionPayload,
  type UnitTaskCommand,
  type UnitTaskEvent,
  type UnitTaskState,
} from '#domain';
import { DeciderWorkflow } from './decider-workflow.js';
import {
  conferUpdate,
  deadlineExtendedSignal,
  decideNomineeUpdate,
  decideUpdate,
  extendUpdate,
  nominationsReceivedSignal,
  parentPlanEndedSignal,
  planAmendedSignal,
  planCancelledSignal,
  planClosedSignal,
  submitUpdate,
  type Actor,
  type UnitTaskInput,
} from './messages.js';
import { decideOrReject, refuse } from './rejection.js';

/**
 * The Temporal type under which this workflow is registered (workflows/index.ts) and started. Every recorded history
 * names it, so it keeps the name it was first released with; the code calls the concept a unit task.
 */
export const UNIT_TASK_WORKFLOW_TYPE = 'unitLifecycleWorkflow';

/**
 * One unit's task in a plan for its whole life: stages opened, submitted, accepted or returned; reminders
 * and the escalation ladder on durable timers; extensions; nominations decided, conferred or forwarded up;
 * closed or cancelled with the plan. State is the fold of the unit's stream, so a new run (continue-as-new,
 * or a restart after a failure) resumes from the event store.
 */
export async function unitTaskWorkflow(input: UnitTaskInput): Promise<void> {
  const task = new DeciderWorkflow<UnitTaskState, UnitTaskCommand, UnitTaskEvent>({
    decider: unitTaskDecider,
    eventTypes: UNIT_TASK_EVENT_TYPES,
    streamId: unitTaskStreamId(input.planId, input.unitCode),
    streamType: 'unit-task',
    correlationId: input.planId,
  });
  // Whoever submits for the unit cannot also decide on it; the API has checked scopes on the hierarchy.
  const issuerOnly = (actor: Actor) => {
    if (actor.unit === input.unitCode)
      refuse('NOT_THE_ISSUER', `Unit ${input.unitCode} cannot decide on its own submission; the issuer ${input.issuerUnit} does`);
  };

  task.onUpdate(submitUpdate, { command: ({ stageId, payload }) => submission(stageId, payload) });
  task.onUpdate(decideUpdate, {
    command: ({ stageId, decision, reason }) => ({ type: 'Decide', data: { stageId, decision, reason } }),
    authorize: issuerOnly,
  });
  task.onUpdate(decideNomineeUpdate, {
    command: ({ stageId, index, decision, reason }) => ({ type: 'DecideNominee', data: { stageId, index, decision, reason } }),
    authorize: issuerOnly,
  });
  task.onUpdate(conferUpdate, {
    command: ({ stageId, reference }) => ({
      type: 'Confer',
      data: { stageId, reference, hasParentLevel: input.parentTaskId !== undefined },
    }),
    authorize: issuerOnly,
    then: (events) => forwardUp(events),
  });
  task.onUpdate(extendUpdate, {
    command: ({ stageId, dueAt, reason }) => ({ type: 'Extend', data: { stageId, dueAt, reason } }),
    authorize: issuerOnly,
  });
  // Signals come from other workflows: nobody waits for an answer, so a refusal is logged rather than failing this
  // task. They wait until this run has loaded its stream and been assigned, so that none meets an empty state.
  task.onSignal(nominationsReceivedSignal, ({ fromUnit, nominees }) => ({
    command: { type: 'ReceiveNominations', data: { fromUnit, nominees } },
    actor: `system:forwarded-from:${fromUnit}`,
  }));
  task.onSignal(planAmendedSignal, ({ actor, reason, quotas }) => ({
    command: { type: 'ReceiveAmendment', data: { reason, quotas } },
    actor,
  }));
  task.onSignal(deadlineExtendedSignal, ({ actor, stageId, dueAt, reason }) => ({
    command: { type: 'Extend', data: { stageId, dueAt, reason } },
    actor,
  }));
  // Closing or cancelling reaches every level below: this unit's derived plan ends with it.
  task.onSignal(
    planClosedSignal,
    ({ actor }) => ({ command: { type: 'Close', data: {} }, actor }),
    ({ actor }) => endDerivedPlan({ actor, ending: 'closed' }),
  );
  task.onSignal(
    planCancelledSignal,
    ({ actor, reason }) => ({ command: { type: 'Cancel', data: { reason } }, actor }),
    ({ actor, reason }) => endDerivedPlan({ actor, ending: 'cancelled', reason }),
  );

  /** Quota and authority of each nominee, decided here from the plan's rules so that no caller can vouch for them. */
  function submission(stageId: string, payload: SubmissionPayload): CommandData<UnitTaskCommand> {
    return {
      type: 'Submit',
      data: { stageId, payload, assessments: payload.kind === 'nomination' ? assess(payload.nominees) : undefined },
    };
  }
  function assess(nominees: Nominee[]): NomineeAssessment[] | undefined {
    const { state } = task;
    if (state.status === 'unassigned') return undefined; // the decider refuses: the task is not assigned yet
    return checkNominations(nominees, { ...state.rules, date: state.rules.ruleDate }).map((check) =>
      check.outcome === 'error'
        ? { error: check.errors.map((e) => e.message).join('; ') }
        : { route: check.outcome === 'decide-here' ? 'decide-here' : check.to === 'parent' ? 'forward' : 'central' },
    );
  }

  async function endDerivedPlan(ended: { actor: string; ending: 'closed' | 'cancelled'; reason?: string }): Promise<void> {
    const derived = derivedPlanOf(task.state);
    if (!derived) return;
    await getExternalWorkflowHandle(planStreamId(derived))
      .signal(parentPlanEndedSignal, ended)
      .catch((error: unknown) => log.warn('Derived plan not reachable', { derived, error: String(error) }));
  }

  /** Approved nominations above the issuer's authority become nominations received by the issuer's own task one level up. */
  async function forwardUp(events: UnitTaskEvent[]): Promise<void> {
    const { state } = task;
    if (state.status === 'unassigned') return;
    for (const event of events) {
      if (event.type !== 'NominationsForwarded' || event.data.to !== 'parent' || !input.parentTaskId) continue;
      const { stageId, indexes } = event.data;
      const submitted = state.stages.find((s) => s.id === stageId)?.nominees ?? [];
      const nominees = indexes.flatMap((i) => {
        const nominee = submitted[i];
        return nominee
          ? [{ nomineeKind: nominee.nomineeKind, name: nominee.name, award: nominee.award, achievement: nominee.achievement }]
          : [];
      });
      // The decision stands even if the level above cannot be told now; say so loudly in the worker's log.
      await getExternalWorkflowHandle(input.parentTaskId)
        .signal(nominationsReceivedSignal, { fromUnit: input.unitCode, nominees })
        .catch((error: unknown) =>
          log.error('Forwarded nominations not delivered', { parentTaskId: input.parentTaskId, error: String(error) }),
        );
    }
  }

  await task.load();
  const { planId, unitCode, issuerUnit, rules, stages } = input;
  await task.apply({ type: 'Assign', data: { planId, unitCode, issuerUnit, rules, stages } }, WORKFLOW_ACTOR);
  task.ready();

  while (task.state.status === 'open') {
    // The timer path holds the policy to its form and its instants to REPRESENTABLE_INSTANTS, never to the product's
    // bounds, so no later bound fails a running task; what cannot be represented fails it with its reason, once.
    const timed = decideOrReject(() => decideDue(task.state, input.policy, Date.now()));
    if (timed.length > 0) await task.record(timed, WORKFLOW_ACTOR);
    const wake = decideOrReject(() => nextWakeUp(task.state, input.policy, Date.now()));
    const seen = task.changes;
    const woken = () => task.changes !== seen || task.state.status !== 'open';
    await (wake === undefined ? condition(woken) : condition(woken, wake - Date.now()));
    if (workflowInfo().continueAsNewSuggested) await task.continueAsNew<typeof unitTaskWorkflow>(input);
  }
  await task.finished(); // includes passing a closing on to the derived plan
}
