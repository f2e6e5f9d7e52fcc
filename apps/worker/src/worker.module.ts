import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '#config';
import { PersistenceModule } from '#persistence';
import { PlanActivities } from './activities/plan.activities.js';
import { TemporalWorkerService, WORKER_OPTIONS, type WorkerOptions } from './temporal-worker.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: ServiceConfig, overrides: Partial<WorkerOptions> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL, name: 'worker' } }),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'worker' }),
      ],
      providers: [
        PlanActivities,
        TemporalWorkerService,
        {
          provide: WORKER_OPTIONS,
          useValue: { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, ...overrides },
        },
      ],
    };
  }
}
