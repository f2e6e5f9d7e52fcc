import { DataSource } from 'typeorm';
import { eventStoreMigrations } from '#event-store';
import { createTestDatabase } from '../../../test/support/database.js';

describe('event store schema migration', () => {
  let dataSource: DataSource;

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('applies on an empty database, reverts completely, and applies again', async () => {
    const url = await createTestDatabase('es_schema');
    dataSource = new DataSource({ type: 'postgres', url, migrations: eventStoreMigrations, migrationsTableName: 'schema_migrations' });
    await dataSource.initialize();
    const objects = async () =>
      (
        await dataSource.query<{ name: string }[]>(
          `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'schema_migrations'
           UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`,
        )
      ).map((row) => row.name);

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
      'EventStoreSchema1763800000000',
      'AuditCheckpoints1763800004000',
    ]);
    expect(await objects()).toEqual([
      'audit_checkpoints',
      'audit_checkpoints_check_link',
      'event_store_refuse_change',
      'event_streams',
      'event_streams_check_head',
      'events',
      'events_check_chain',
      'subscription_checkpoints',
    ]);
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await objects()).toEqual([]);
    expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(2);
  });
});
