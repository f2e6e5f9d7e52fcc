import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, ServiceConfig } from '#config';
import { loadAuditKeys } from '#persistence';
import { installTemporalRuntime } from '#temporal';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfig(ServiceConfig);
  installTemporalRuntime(config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, loadAuditKeys()), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
