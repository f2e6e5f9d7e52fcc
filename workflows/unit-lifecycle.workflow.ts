import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  checkNominations,
  decideDue,
  decideLifecycle,
  derivedPlanOf,
  evolveLifecycle,
  initialLifecycleState,
  nextWakeUp,
  planStreamId,
  unitTaskStreamId,
  type LifecycleCommand,
  type LifecycleEvent,
  type Nominee,
  type NomineeAssessment,
  type SubmissionPayload,
} from '#domain';
import {
  conferUpdate,
  decideNomineeUpdate,
  deadlineExtendedSignal,
  decideUpdate,
  extendUpdate,
  nominationsReceivedSignal,
  parentPlanEndedSignal,
  planAmendedSignal,
  planCancelledSignal,
  planClosedSignal,
  submitUpdate,
  type Actor,
  type UnitLifecycleInput,
} from './messages.js';
import { decideOrReject, refuse, requireText } from './rejection.js';
import { StreamWriter } from './stream-writer.js';

const SYSTEM = 'system:workflow';
const now = () => new Date(Date.now()).toISOString();

/**
 * One unit's task in a plan for its whole life: stages opened, submitted, accepted or returned; reminders
 * and the escalation ladder on durable timers; extensions; nominations decided, conferred or forwarded up;
 * closed or cancelled with the plan. State is the fold of the unit's stream, so a new run (continue-as-new,
 * or a restart after a failure) resumes from the event store.
 */
export async function unitLifecycleWorkflow(input: UnitLifecycleInput): Promise<void> {
  let state = initialLifecycleState();
  let changed = false;
  const writer = new StreamWriter(unitTaskStreamId(input.planId, input.unitCode), 'unit-task', input.planId);

  // Decide and apply synchronously, then persist: a concurrent update's validator already sees the new state.
  // With 'recorded' checks: the product's bounds judge new commands in the update validators (and, for an extension
  // for all, in the plan's), which do not run on replay; a history accepted under earlier bounds replays unchanged.
  const apply = (command: LifecycleCommand, actor: string): Promise<LifecycleEvent[]> => {
    const events = decideOrReject(() => decideLifecycle(command, state, 'recorded'));
    state = events.reduce(evolveLifecycle, state);
    changed = true;
    return writer.append(events, actor).then(() => events);
  };
  const validate = (actor: Actor, as: 'unit' | 'issuer', command: () => LifecycleCommand) => {
    requireText(actor?.id, 'actor.id');
    if (actor.role === 'auditor') refuse('READ_ONLY', 'An auditor can read everything and change nothing');
    // Whoever submits for the unit cannot also decide on it; the API has checked scopes on the hierarchy.
    if (as === 'issuer' && actor.unit === input.unitCode) refuse('NOT_THE_ISSUER', `Unit ${input.unitCode} cannot decide on its own submission; the issuer ${input.issuerUnit} does`);
    decideOrReject(() => decideLifecycle(command(), state));
  };

  // Quota and authority of each nominee, decided here from the plan's rules so that no caller can vouch for them.
  const submit = (stageId: string, payload: SubmissionPayload): LifecycleCommand => ({
    type: 'Submit',
    data: { stageId, payload, assessments: payload.kind === 'nomination' ? assess(payload.nominees) : undefined, now: now() },
  });
  const assess = (nominees: Nominee[]): NomineeAssessment[] =>
    checkNominations(nominees, { ...state.rules!, date: state.rules!.ruleDate }).map((check) =>
      check.outcome === 'error' ? { error: check.errors.map((e) => e.message).join('; ') } : { route: check.outcome === 'decide-here' ? 'decide-here' : check.to === 'parent' ? 'forward' : 'central' },
    );
  setHandler(submitUpdate, async ({ actor, stageId, payload }) => (await apply(submit(stageId, payload), actor.id), state), {
    validator: ({ actor, stageId, payload }) => validate(actor, 'unit', () => submit(stageId, payload)),
  });
  setHandler(decideUpdate, async ({ actor, stageId, decision, reason }) => (await apply({ type: 'Decide', data: { stageId, decision, reason, now: now() } }, actor.id), state), {
    validator: ({ actor, stageId, decision, reason }) => validate(actor, 'issuer', () => ({ type: 'Decide', data: { stageId, decision, reason, now: now() } })),
  });
  setHandler(decideNomineeUpdate, async ({ actor, stageId, index, decision, reason }) => (await apply({ type: 'DecideNominee', data: { stageId, index, decision, reason, now: now() } }, actor.id), state), {
    validator: ({ actor, stageId, index, decision, reason }) => validate(actor, 'issuer', () => ({ type: 'DecideNominee', data: { stageId, index, decision, reason, now: now() } })),
  });
  setHandler(
    conferUpdate,
    async ({ actor, stageId, reference }) => {
      const events = await apply({ type: 'Confer', data: { stageId, reference, hasParentLevel: input.parentTaskId !== undefined, now: now() } }, actor.id);
      await forwardUp(events);
      return state;
    },
    { validator: ({ actor, stageId, reference }) => validate(actor, 'issuer', () => ({ type: 'Confer', data: { stageId, reference, hasParentLevel: input.parentTaskId !== undefined, now: now() } })) },
  );
  setHandler(extendUpdate, async ({ actor, stageId, dueAt, reason }) => (await apply({ type: 'Extend', data: { stageId, dueAt, reason, now: now() } }, actor.id), state), {
    validator: ({ actor, stageId, dueAt, reason }) => validate(actor, 'issuer', () => ({ type: 'Extend', data: { stageId, dueAt, reason, now: now() } })),
  });
  // Signals come from other workflows: nobody waits for an answer, so a refusal is logged rather than failing this
  // task. They wait until this run has loaded its stream and been assigned, so that none meets an empty state.
  let ready = false;
  const applySignal = async (command: LifecycleCommand, actor: string) => {
    await condition(() => ready);
    try {
      await apply(command, actor);
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      log.warn('Signal refused', { command: command.type, reason: error.message });
    }
  };
  setHandler(nominationsReceivedSignal, ({ fromUnit, nominees }) => applySignal({ type: 'ReceiveNominations', data: { fromUnit, nominees, now: now() } }, `system:forwarded-from:${fromUnit}`));
  setHandler(planAmendedSignal, ({ actor, reason, quotas }) => applySignal({ type: 'ReceiveAmendment', data: { reason, quotas, now: now() } }, actor));
  setHandler(deadlineExtendedSignal, ({ actor, stageId, dueAt, reason }) => applySignal({ type: 'Extend', data: { stageId, dueAt, reason, now: now() } }, actor));
  // Closing or cancelling reaches every level below: this unit's derived plan ends with it.
  const end = async (ending: 'closed' | 'cancelled', actor: string, reason?: string) => {
    await applySignal(ending === 'closed' ? { type: 'Close', data: { now: now() } } : { type: 'Cancel', data: { reason: reason!, now: now() } }, actor);
    const derived = derivedPlanOf(state);
    if (!derived) return;
    await getExternalWorkflowHandle(planStreamId(derived))
      .signal(parentPlanEndedSignal, { actor, ending, reason })
      .catch((error: unknown) => log.warn('Derived plan not reachable', { derived, error: String(error) }));
  };
  setHandler(planClosedSignal, ({ actor }) => end('closed', actor));
  setHandler(planCancelledSignal, ({ actor, reason }) => end('cancelled', actor, reason));

  /** Approved nominations above the issuer's authority become nominations received by the issuer's own task one level up. */
  async function forwardUp(events: LifecycleEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'NominationsForwarded' || event.data.to !== 'parent' || !input.parentTaskId) continue;
      const stage = state.stages.find((s) => s.id === event.data.stageId)!;
      const nominees = event.data.indexes.map((i) => {
        const { nomineeKind, name, award, achievement } = stage.nominees![i]!;
        return { nomineeKind, name, award, achievement };
      });
      // The decision stands even if the level above cannot be told now; say so loudly in the worker's log.
      await getExternalWorkflowHandle(input.parentTaskId)
        .signal(nominationsReceivedSignal, { fromUnit: input.unitCode, nominees })
        .catch((error: unknown) => log.error('Forwarded nominations not delivered', { parentTaskId: input.parentTaskId, error: String(error) }));
    }
  }

  state = (await writer.load<LifecycleEvent>()).reduce(evolveLifecycle, state);
  await apply({ type: 'Assign', data: { planId: input.planId, unitCode: input.unitCode, issuerUnit: input.issuerUnit, rules: input.rules, stages: input.stages, now: now() } }, SYSTEM);
  ready = true;

  while (state.status === 'open') {
    // The timer path holds the policy to its form and its instants to REPRESENTABLE_INSTANTS, never to the product's
    // bounds, so no later bound fails a running task; what cannot be represented fails it with its reason, once.
    const timed = decideOrReject(() => decideDue(state, input.policy, Date.now()));
    if (timed.length > 0) {
      state = timed.reduce(evolveLifecycle, state);
      await writer.append(timed, SYSTEM);
    }
    const wake = decideOrReject(() => nextWakeUp(state, input.policy, Date.now()));
    changed = false;
    const woken = () => changed || state.status !== 'open';
    await (wake === undefined ? condition(woken) : condition(woken, wake - Date.now()));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await writer.drained();
      await continueAsNew<typeof unitLifecycleWorkflow>(input);
    }
  }
  await condition(allHandlersFinished); // includes passing a closing on to the derived plan
  await writer.drained();
}
