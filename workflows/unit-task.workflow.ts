import { condition, setHandler } from '@temporalio/workflow';
import { decideUnitTask, evolveUnitTask, initialUnitTaskState, unitTaskStreamId, type UnitTaskCommand, type UnitTaskEvent } from '#domain';
import { acknowledgeTaskUpdate, type UnitTaskWorkflowInput } from './messages.js';
import { decideOrReject, requireText } from './rejection.js';
import { StreamWriter } from './stream-writer.js';

const SYSTEM = 'system:workflow';
const now = () => new Date(Date.now()).toISOString();

/**
 * One recipient unit's task: assigned at launch, then acknowledged by the unit or marked missed at its deadline.
 * It stays open after acknowledgement: the lifecycle's later stages continue it, and a repeated acknowledgement
 * must meet the validator (a clear refusal), not a closed workflow.
 */
export async function unitTaskWorkflow(input: UnitTaskWorkflowInput): Promise<void> {
  let state = initialUnitTaskState();
  const writer = new StreamWriter(unitTaskStreamId(input.planId, input.unitCode), 'unit-task', input.planId);
  // Decide and apply synchronously, then persist: a concurrent update's validator already sees the new state.
  const apply = (command: UnitTaskCommand, actor: string) => {
    const events = decideOrReject(() => decideUnitTask(command, state));
    state = events.reduce(evolveUnitTask, state);
    return writer.append(events, actor);
  };

  // Registered before the first await, so an early update meets the validator ("not assigned yet"), not a missing handler.
  setHandler(
    acknowledgeTaskUpdate,
    async ({ actor }) => {
      await apply({ type: 'AcknowledgeTask', data: { now: now() } }, actor);
      return state;
    },
    {
      validator: ({ actor }) => {
        requireText(actor, 'actor');
        decideOrReject(() => decideUnitTask({ type: 'AcknowledgeTask', data: { now: now() } }, state));
      },
    },
  );

  state = (await writer.load<UnitTaskEvent>()).reduce(evolveUnitTask, state);
  await apply({ type: 'AssignTask', data: { planId: input.planId, unitCode: input.unitCode, dueAt: input.dueAt, now: now() } }, SYSTEM);

  const remaining = Date.parse(input.dueAt) - Date.now();
  const acknowledged = () => state.status === 'acknowledged';
  if (!(remaining > 0 && (await condition(acknowledged, remaining)))) {
    await apply({ type: 'DetectMissedDeadline', data: { now: now() } }, SYSTEM);
  }
  // Open until the plan closes (the lifecycle issue adds closing); a late acknowledgement is accepted and recorded as late.
  await condition(() => false);
}
