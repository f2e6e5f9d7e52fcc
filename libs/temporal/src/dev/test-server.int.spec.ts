import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../../../test/support/time-skipping.js';
import type { sleepy } from './test-fixtures/sleepy.workflow.js';

const DAY = 24 * 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    const started = Date.now();
    env = await createTimeSkippingEnv();
    console.log(`time-skipping environment ready in ${Date.now() - started} ms`);
  }, 600_000); // with an empty cache this first fetches the server from Maven Central

  afterAll(() => env?.teardown());

  it('passes 200 days of sleep and a 30-day condition timeout in workflow time', async () => {
    const taskQueue = `sleepy-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      // The bundler compiles this TypeScript source itself (swc); the fixture imports only @temporalio/workflow.
      workflowsPath: fileURLToPath(new URL('./test-fixtures/sleepy.workflow.ts', import.meta.url)),
    });

    const started = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof sleepy>('sleepy', { args: [200], taskQueue, workflowId: taskQueue }),
    );
    const wallMs = Date.now() - started;
    const workflowDays = (result.finishedAt - result.startedAt) / DAY;
    console.log(`time-skipping: ${workflowDays.toFixed(1)} days of workflow time in ${wallMs} ms of wall time`);

    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(200 * DAY);
    expect(result.conditionMet).toBe(false);
    expect(result.finishedAt - result.wokeAt).toBeGreaterThanOrEqual(30 * DAY);
  }, 120_000); // includes bundling the workflow
});
