import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { planStreamId, type PlanDraft } from '#domain';
import { createEventStore } from '#persistence';
import { demoPlan } from '#persistence/dev';
import { requireWorkflowBundle } from '#temporal';
import type { planWorkflow } from '#workflows';
import { CASCADE_BATCH } from '../../workflows/plan.workflow.js';
import { PlanActivities } from '../../apps/worker/src/activities/plan.activities.js';
import type { emptyWorkflow } from '../empty.workflow.js';
import { measure, runConcurrently, versus, type Figure, type Scenario, type ScenarioContext, type ScenarioResult } from '../harness.js';
import { PlanStream } from '../../test/support/driven-streams.js';

const TITLE = 'cascade fan-out';
/** How often the store is asked how many units have their task. */
const POLL_MS = 50;
/** Empty workflows started (and awaited) at a time by the baseline's client. */
const BASELINE_CONCURRENCY = 32;
const TIMEOUT_PER_UNIT_MS = 500;

/**
 * A board launches a plan to N units: from the start of the plan's workflow until every unit's task workflow has
 * recorded its TaskAssigned event in the store (the production workflow bundle and activities, the store with its
 * inline projections). Against starting N workflows that do nothing, and waiting until they have completed, on the
 * same server in the same run.
 */
export async function runCascade({ dataSource, temporalAddress, sizes, progress, log }: ScenarioContext): Promise<ScenarioResult> {
  if (!temporalAddress) throw new Error('The cascade scenario needs a Temporal server');
  const taskQueue = `bench-cascade-${randomUUID().slice(0, 8)}`;
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const store = createEventStore(dataSource);
  const workers = [
    await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: requireWorkflowBundle(),
      activities: new PlanActivities(store).bound(),
    }),
    // Bundled here from its source, as the test fixtures are; its own queue, so the two never wait on each other.
    await Worker.create({ connection: nativeConnection, taskQueue: `${taskQueue}-empty`, workflowsPath: emptyWorkflowPath() }),
  ];
  const running = workers.map((worker) => worker.run());
  try {
    const figures: Figure[] = [];
    for (const units of sizes.cascadeUnits) {
      const bar = progress(`fan-out to ${units} units`, units);
      const baseline = await measure(() =>
        runConcurrently(units, BASELINE_CONCURRENCY, async (i) => {
          await client.workflow.execute<typeof emptyWorkflow>('emptyWorkflow', {
            workflowId: `empty-${units}-${i}-${randomUUID()}`,
            taskQueue: `${taskQueue}-empty`,
          });
          bar.update(i + 1, `baseline: ${units} empty workflows`);
        }),
      );
      const planId = await createPlan(store, units);
      const cascade = await measure(async () => {
        await client.workflow.start<typeof planWorkflow>('planWorkflow', {
          workflowId: planStreamId(planId),
          taskQueue,
          args: [{ planId, launchedBy: 'can.bo@tinh', cascading: [], issuerKind: 'board' }],
        });
        await untilAssigned(dataSource, planId, units, (done) => bar.update(done, `cascade to ${units} units`));
      });
      bar.stop();
      const empty: Figure = {
        name: `baseline: ${units} empty workflows started and completed`,
        value: units / baseline.seconds,
        unit: 'workflows/s',
        seconds: baseline.seconds,
      };
      figures.push(empty, {
        name: `launch to all ${units} tasks assigned and recorded`,
        value: units / cascade.seconds,
        unit: 'units/s',
        seconds: cascade.seconds,
        baselines: [versus(empty, cascade.seconds)],
      });
      log(`${units} units: cascade ${cascade.seconds.toFixed(1)} s, ${units} empty workflows ${baseline.seconds.toFixed(1)} s`);
    }
    return {
      scenario: TITLE,
      parameters: {
        units: sizes.cascadeUnits.join(' / '),
        cascadeBatch: CASCADE_BATCH,
        baselineConcurrency: BASELINE_CONCURRENCY,
        pollMs: POLL_MS,
        cores: cpus().length,
      },
      figures,
      notes: [
        `Cascade: client.workflow.start(planWorkflow) of a created plan with N implementing units; the plan records its launch and starts the units' task workflows as children, ${CASCADE_BATCH} at a time, continuing as new after each batch; each task reads its stream and appends TaskAssigned and its first StageOpened through an activity (the store's inline projections fill the read models in the same transaction). Timed until the store holds N TaskAssigned events of the plan (polled every ${POLL_MS} ms).`,
        `Baseline: the client starts N workflows that return at once, ${BASELINE_CONCURRENCY} in flight, and waits for each to complete. One worker process (this one) and one Temporal dev server (in memory), on the same machine as PostgreSQL.`,
        'The plan is created before the clock starts (its PlanCreated event appended directly); the units need not exist in the unit hierarchy for a launch.',
      ],
    };
  } finally {
    for (const worker of workers) worker.shutdown();
    await Promise.all(running);
    await nativeConnection.close();
    await connection.close();
  }
}

export const cascadeScenario: Scenario = { id: 'cascade', title: TITLE, needsTemporal: true, run: runCascade };

/** The source next to this module: .ts under Jest, .js when built. */
function emptyWorkflowPath(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`../empty.workflow.${extension}`, import.meta.url));
}

async function createPlan(store: ReturnType<typeof createEventStore>, units: number): Promise<string> {
  const planId = randomUUID();
  const recipients = Array.from({ length: units }, (_, i) => ({
    unitCode: `U${String(i + 1).padStart(5, '0')}`,
    role: 'implement' as const,
  }));
  // Deadlines in the coming weeks, so no timer fires while the cascade is measured.
  const draft: PlanDraft = { ...demoPlan(), recipients };
  await new PlanStream(store, planId).create(draft);
  return planId;
}

async function untilAssigned(dataSource: DataSource, planId: string, units: number, onProgress: (done: number) => void): Promise<void> {
  const limitMs = 60_000 + units * TIMEOUT_PER_UNIT_MS;
  const started = Date.now();
  for (;;) {
    const [{ n }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE metadata->>'correlationId' = $1 AND type = 'TaskAssigned'`,
      [planId],
    );
    onProgress(n);
    if (n >= units) return;
    if (Date.now() - started > limitMs) throw new Error(`Only ${n} of ${units} units had their task after ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
