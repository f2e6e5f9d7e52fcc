import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventStore } from '#event-store';
import { dataSourceOptions, type DataSourceOptions } from './data-source.js';
import { createEventStore } from './event-store.factory.js';

/** The DataSource and the EventStore (with its inline read models) for a Nest app. Migrations are not run here. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(options))],
      providers: [{ provide: EventStore, useFactory: (dataSource: DataSource) => createEventStore(dataSource), inject: [DataSource] }],
      exports: [EventStore, TypeOrmModule],
    };
  }
}
