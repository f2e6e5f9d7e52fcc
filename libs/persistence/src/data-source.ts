import { DataSource, type MixedList } from 'typeorm';
import { migrations } from './migrations.js';
import { readModelEntities } from './read-models/index.js';

export interface DataSourceOptions {
  url: string;
  /** Postgres `application_name`, shown in pg_stat_activity. */
  applicationName?: string;
  poolSize?: number;
  extraEntities?: MixedList<Function>;
}

/** The one TypeORM DataSource shape used by the API, the worker, the start command and the tests. Never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName ?? 'emulation-plan-engine',
    entities: [...readModelEntities, ...((options.extraEntities as Function[]) ?? [])],
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    extra: { max: options.poolSize ?? 10 },
    logging: ['error'],
  });
}

/** Opens the data source and applies pending migrations; returns the names of those it applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
