import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '#config';
import { PersistenceModule, type AuditKeys } from '#persistence';
import { CheckpointActivities, WORKER_AUDIT_KEYS } from './activities/checkpoint.activities.js';
import { PlanActivities } from './activities/plan.activities.js';
import { CHECKPOINT_INTERVAL_MINUTES, CheckpointScheduleService } from './checkpoint-schedule.service.js';
import { TemporalWorkerService, WORKER_OPTIONS, type WorkerOptions } from './temporal-worker.service.js';

@Module({})
export class WorkerModule {
  /** `audit`: the checkpoint key (AUDIT_SIGNING_KEY_FILE); without it, no periodic checkpoints. */
  static forRoot(config: ServiceConfig, audit?: AuditKeys): DynamicModule {
    const options: WorkerOptions = {
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      tls: config.TEMPORAL_TLS,
      apiKey: config.TEMPORAL_API_KEY,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    };
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL, name: 'worker' } }),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'worker' }),
      ],
      providers: [
        PlanActivities,
        CheckpointActivities,
        TemporalWorkerService,
        CheckpointScheduleService,
        { provide: WORKER_OPTIONS, useValue: options },
        { provide: WORKER_AUDIT_KEYS, useValue: audit },
        { provide: CHECKPOINT_INTERVAL_MINUTES, useValue: config.AUDIT_CHECKPOINT_MINUTES },
      ],
    };
  }
}
