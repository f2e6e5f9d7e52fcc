import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { decidePlan, evolvePlan, initialPlanState, planStreamId, unitTaskStreamId, type PlanEvent } from '#domain';
import type { PlanWorkflowInput } from './messages.js';
import { decideOrReject } from './rejection.js';
import { StreamWriter } from './stream-writer.js';
import { unitTaskWorkflow } from './unit-task.workflow.js';

/**
 * A launched plan: records the launch, then starts one unit-task child per recipient, each with a
 * deterministic id. Idempotent, so that a new run after a failed one finishes the job without repeating it.
 */
export async function planWorkflow({ planId, launchedBy }: PlanWorkflowInput): Promise<void> {
  const writer = new StreamWriter(planStreamId(planId), 'plan', planId);
  const state = (await writer.load<PlanEvent>()).reduce(evolvePlan, initialPlanState());
  const events = decideOrReject(() => decidePlan({ type: 'LaunchPlan', data: { planId, now: new Date(Date.now()).toISOString() } }, state));
  await writer.append(events, launchedBy);
  const plan = events.reduce(evolvePlan, state);

  await Promise.all(
    plan.recipients.map((unitCode) =>
      startChild(unitTaskWorkflow, {
        workflowId: unitTaskStreamId(planId, unitCode),
        args: [{ planId, unitCode, dueAt: plan.deadline! }],
        // Units' tasks outlive this run; cancelling a plan will reach them explicitly (the lifecycle issue).
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }).catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // started by an earlier run
      }),
    ),
  );
}
