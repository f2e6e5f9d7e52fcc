import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '#config';
import { PersistenceModule } from '#persistence';
import { PlanActivities } from './activities/plan.activities.js';
import { TemporalWorkerService, WORKER_OPTIONS, type WorkerOptions } from './temporal-worker.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: ServiceConfig): DynamicModule {
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
      providers: [PlanActivities, TemporalWorkerService, { provide: WORKER_OPTIONS, useValue: options }],
    };
  }
}
