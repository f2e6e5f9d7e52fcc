import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '#config';
import { AuthModule, type AuthOptions } from './auth/index.js';
import { PersistenceModule, type AuditKeys } from '#persistence';
import { TemporalClientModule } from '#temporal';
import { AuditModule } from './audit/audit.module.js';
import { JsonDepthMiddleware } from './common/json-depth.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { RateLimitModule } from './common/rate-limits.js';
import { WorkflowCallsModule } from './common/workflow-calls.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HealthModule } from './health/health.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { PlansModule } from './plans/plans.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UnitsModule } from './units/units.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: ServiceConfig, auth: AuthOptions, audit: AuditKeys | undefined): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { level: config.LOG_LEVEL, name: 'api', redact: ['req.headers.authorization'], quietReqLogger: true },
        }),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'api' }),
        // Before AuthModule: global guards run in the order of their modules, and the limiter must count a request
        // before authentication refuses it, or a flood of missing or bad tokens would never be throttled.
        RateLimitModule.forRoot(config.RATE_LIMIT_PER_10S),
        AuthModule.forRoot(auth),
        TemporalClientModule.forRoot({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          tls: config.TEMPORAL_TLS,
          apiKey: config.TEMPORAL_API_KEY,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
        }),
        WorkflowCallsModule.forRoot(config.UPDATE_WAIT_SECONDS),
        IdempotencyModule,
        HealthModule,
        PlansModule,
        DocumentsModule,
        TasksModule,
        InboxModule,
        UnitsModule,
        AuditModule.forRoot(audit),
        WebModule.forRoot(),
      ],
    };
  }

  /** Module middleware runs after the body parser (registered in createApi) and before every guard, interceptor and pipe. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonDepthMiddleware).forRoutes('{*path}');
  }
}
