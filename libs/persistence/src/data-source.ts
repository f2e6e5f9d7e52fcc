import { DataSource, type DataSourceOptions as TypeOrmOptions } from 'typeorm';
import { migrations } from './migrations.js';
import { readModelEntities } from './read-models/index.js';

export interface DataSourceOptions {
  url: string;
  /** Postgres `application_name`, shown in pg_stat_activity. */
  applicationName?: string;
}

/** The one TypeORM configuration used by the API, the worker, the start command and the tests. Never `synchronize`. */
export function dataSourceOptions(options: DataSourceOptions): TypeOrmOptions {
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName ?? 'emulation-plan-engine',
    entities: readModelEntities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
  };
}

export const createDataSource = (options: DataSourceOptions) => new DataSource(dataSourceOptions(options));

/** Opens the data source and applies pending migrations; returns the names of those it applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
