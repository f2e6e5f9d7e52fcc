import 'reflect-metadata';
import { ConfigError, loadConfig, ServiceConfig } from '#config';
import { loadAuditKeys } from '#persistence';
import { loadAuthOptions } from './auth/index.js';
import { createApi } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfig(ServiceConfig);
  const app = await createApi(config, loadAuthOptions(), loadAuditKeys());
  await app.listen(config.PORT, config.HOST);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
