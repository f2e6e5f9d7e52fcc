import { Worker, type NativeConnection } from '@temporalio/worker';
import type { EventStore } from '#event-store';
import { requireWorkflowBundle } from '#temporal';
import { PlanActivities } from '../../apps/worker/src/activities/plan.activities.js';

/** A Temporal worker as the worker app runs it (the built workflow bundle, the real activities), on a task queue of a test's own. */
export async function runWorker(connection: NativeConnection, taskQueue: string, store: EventStore): Promise<{ stop(): Promise<void> }> {
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: requireWorkflowBundle(),
    activities: new PlanActivities(store).bound(),
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}
