// A workflow for test-server.int.spec.ts, bundled from this source file: import only @temporalio/workflow.
import { condition, sleep } from '@temporalio/workflow';

export interface SleepyResult {
  startedAt: number;
  wokeAt: number;
  /** What `condition(() => false, '30 days')` returned after the sleep: false when it timed out. */
  conditionMet: boolean;
  finishedAt: number;
}

/** Sleeps `days` days, then waits 30 days on a condition that never holds, reporting workflow time at each step. */
export async function sleepy(days: number): Promise<SleepyResult> {
  const startedAt = Date.now();
  await sleep(`${days} days`);
  const wokeAt = Date.now();
  const conditionMet = await condition(() => false, '30 days');
  return { startedAt, wokeAt, conditionMet, finishedAt: Date.now() };
}
