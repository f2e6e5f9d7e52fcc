/** Applies pending migrations to DATABASE_URL: `npm run migrate`. */
import 'reflect-metadata';
import { ConfigError, loadConfig, ServiceConfig } from '#config';
import { createDataSource, migrate } from '#persistence';

try {
  const { DATABASE_URL } = loadConfig(ServiceConfig, { TEMPORAL_ADDRESS: 'unused:7233', ...process.env });
  const dataSource = createDataSource({ url: DATABASE_URL, applicationName: 'migrate' });
  const applied = await migrate(dataSource);
  await dataSource.destroy();
  console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
