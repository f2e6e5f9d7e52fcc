import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '#temporal';
import { PlanActivities } from './activities/plan.activities.js';

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests bundle once per run); bundled at start-up when absent. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
}

export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

/** Runs the Temporal worker for the lifetime of the Nest context and drains it on shutdown. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
    private readonly activities: PlanActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue } = this.options;
    this.connection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      workflowBundle: this.options.workflowBundle ?? (await bundleWorkflows()),
      activities: {
        appendEvents: this.activities.appendEvents.bind(this.activities),
        loadPlan: this.activities.loadPlan.bind(this.activities),
      },
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => this.logger.error({ err: error }, 'Temporal worker stopped with an error'));
    this.logger.log({ address, namespace, taskQueue }, 'Temporal worker polling');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
