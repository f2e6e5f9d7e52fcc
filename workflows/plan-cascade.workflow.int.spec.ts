import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { planStreamId, type PlanDraft } from '#domain';
import { createEventStore } from '#persistence';
import { demoPlan } from '#persistence/dev';
import { createMigratedDataSource } from '../test/support/database.js';
import { PlanStream } from '../test/support/driven-streams.js';
import { runWorker } from '../test/support/worker.js';
import { closePlanUpdate } from './messages.js';
import { CASCADE_BATCH, type planWorkflow } from './plan.workflow.js';

/**
 * A cascade to 500 units on the real dev server: every unit gets its task (in batches of CASCADE_BATCH, each run
 * continuing as new, so no run tracks more children than that, far below Temporal's 2,000), each exactly once;
 * closing then reaches all 500.
 */
const UNITS = 500;

describe('a cascade to 500 units', () => {
  let dataSource: DataSource;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let worker: { stop(): Promise<void> };
  const taskQueue = `cascade-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ({ dataSource } = await createMigratedDataSource('cascade'));
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await runWorker(nativeConnection, taskQueue, createEventStore(dataSource));
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await nativeConnection?.close();
    await connection?.close();
    await dataSource?.destroy();
  });

  const count = async (planId: string, type: string) =>
    Number(
      (
        await dataSource.query(`SELECT count(DISTINCT stream_id) AS n FROM events WHERE type = $1 AND metadata->>'correlationId' = $2`, [
          type,
          planId,
        ])
      )[0].n,
    );
  const waitFor = async (planId: string, type: string, expected: number) => {
    const deadline = Date.now() + 240_000;
    while ((await count(planId, type)) < expected) {
      if (Date.now() > deadline) throw new Error(`only ${await count(planId, type)} of ${expected} ${type}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  it('assigns every unit its task once, in batches across continued runs, and closes them all', async () => {
    const planId = randomUUID();
    const recipients = Array.from({ length: UNITS }, (_, i) => ({
      unitCode: `U${String(i + 1).padStart(3, '0')}`,
      role: 'implement' as const,
    }));
    const draft: PlanDraft = { ...demoPlan(), recipients };
    const store = createEventStore(dataSource);
    await new PlanStream(store, planId).create(draft);
    const client = new Client({ connection });
    const handle = await client.workflow.start<typeof planWorkflow>('planWorkflow', {
      workflowId: planStreamId(planId),
      taskQueue,
      args: [{ planId, launchedBy: 'can.bo@tinh', cascading: [], issuerKind: 'board' }],
    });

    await waitFor(planId, 'TaskAssigned', UNITS);
    const assigned = await dataSource.query(
      `SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events WHERE type = 'TaskAssigned' AND metadata->>'correlationId' = $1`,
      [planId],
    );
    expect(assigned[0]).toEqual({ events: String(UNITS), streams: String(UNITS) }); // each once
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId); // it continued as new
    expect(Math.ceil(UNITS / CASCADE_BATCH)).toBeGreaterThan(1);

    await handle.executeUpdate(closePlanUpdate, { args: [{ actor: { id: 'can.bo@tinh', role: 'board', unit: 'TINH' } }] });
    await waitFor(planId, 'TaskClosed', UNITS);
    expect(await count(planId, 'PlanClosed')).toBe(1);
  }, 300_000);
});
