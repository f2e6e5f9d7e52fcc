import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { decidePlan, evolvePlan, planStreamId, unitTaskStreamId } from '#domain';
import type { Activities } from './activities.js';
import type { PlanWorkflowInput } from './messages.js';
import { StreamWriter } from './stream-writer.js';
import { unitTaskWorkflow } from './unit-task.workflow.js';

const { loadPlan } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/**
 * A launched plan: records the launch, then starts one unit-task child per recipient, each with a
 * deterministic id. The API starts this workflow under the plan's id with a reuse policy that refuses
 * a second run, so launching twice starts nothing new.
 */
export async function planWorkflow({ planId, launchedBy }: PlanWorkflowInput): Promise<void> {
  const { state, version } = await loadPlan(planId);
  const writer = new StreamWriter(planStreamId(planId), 'plan', version, planId);
  const events = decidePlan({ type: 'LaunchPlan', data: { planId, now: new Date(Date.now()).toISOString() } }, state);
  await writer.append(events, launchedBy);
  const plan = events.reduce(evolvePlan, state);

  await Promise.all(
    plan.recipients.map((unitCode) =>
      startChild(unitTaskWorkflow, {
        workflowId: unitTaskStreamId(planId, unitCode),
        args: [{ planId, unitCode, dueAt: plan.deadline! }],
        // Units' tasks outlive this run; cancelling a plan will reach them explicitly (the lifecycle issue).
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
}
