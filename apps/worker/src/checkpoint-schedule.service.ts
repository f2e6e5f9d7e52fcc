import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { connectionOptions } from '#temporal';
import type { AuditKeys } from '#persistence';
import { WORKER_AUDIT_KEYS } from './activities/checkpoint.activities.js';
import { WORKER_OPTIONS, type WorkerOptions } from './temporal-worker.service.js';

export const CHECKPOINT_INTERVAL_MINUTES = Symbol('CHECKPOINT_INTERVAL_MINUTES');

/** The schedule's id: one per task queue, so systems sharing a namespace (tests) keep their own. */
export const checkpointScheduleId = (taskQueue: string) => `audit-checkpoints-${taskQueue}`;

/**
 * Keeps a Temporal Schedule that signs a checkpoint every AUDIT_CHECKPOINT_MINUTES (visible, pausable and
 * triggerable in the Temporal UI); with no signing key there is none, and the log says so.
 */
@Injectable()
export class CheckpointScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CheckpointScheduleService.name);

  constructor(
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
    @Inject(WORKER_AUDIT_KEYS) private readonly keys: AuditKeys | undefined,
    @Inject(CHECKPOINT_INTERVAL_MINUTES) private readonly minutes: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.keys?.privateKeyPem) {
      this.logger.warn('AUDIT_SIGNING_KEY_FILE is not set: no periodic signed checkpoints');
      return;
    }
    const connection = await Connection.connect(connectionOptions(this.options));
    try {
      const client = new Client({ connection, namespace: this.options.namespace });
      const scheduleId = checkpointScheduleId(this.options.taskQueue);
      const spec = { intervals: [{ every: `${this.minutes} minutes` as const }] };
      try {
        await client.schedule.create({
          scheduleId,
          spec,
          action: {
            type: 'startWorkflow',
            workflowType: 'checkpointWorkflow',
            taskQueue: this.options.taskQueue,
            workflowId: `${scheduleId}-run`,
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await client.schedule.getHandle(scheduleId).update((schedule) => ({ ...schedule, spec }));
      }
      this.logger.log({ scheduleId, everyMinutes: this.minutes }, 'Signed checkpoints scheduled');
    } finally {
      await connection.close();
    }
  }
}
