import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectionOptions, requireWorkflowBundle, type TemporalConnectionSettings } from '#temporal';
import { CheckpointActivities } from './activities/checkpoint.activities.js';
import { PlanActivities } from './activities/plan.activities.js';

export interface WorkerOptions extends TemporalConnectionSettings {
  taskQueue: string;
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
    private readonly checkpoints: CheckpointActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { namespace, taskQueue } = this.options;
    this.connection = await NativeConnection.connect(connectionOptions(this.options));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      workflowBundle: requireWorkflowBundle(),
      activities: { ...this.activities.bound(), ...this.checkpoints.bound() },
    });
    this.running = this.worker.run().catch((error: unknown) => {
      // A process that no longer polls must not look alive: exit, and let the supervisor restart it.
      this.logger.error({ err: error }, 'Temporal worker stopped with an error; exiting');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log({ address: this.options.address, namespace, taskQueue }, 'Temporal worker polling');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
