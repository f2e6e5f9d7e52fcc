import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { connectionOptions, type TemporalConnectionSettings } from './connection.js';

export interface TemporalClientOptions extends TemporalConnectionSettings {
  taskQueue: string;
}

export const TEMPORAL_OPTIONS = Symbol('TEMPORAL_OPTIONS');

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Provides a Temporal `Client` to the API. The connection is lazy, so the API starts (and /health says why) while Temporal is down. */
@Global()
@Module({})
export class TemporalClientModule {
  static forRoot(options: TemporalClientOptions): DynamicModule {
    return {
      module: TemporalClientModule,
      providers: [
        { provide: TEMPORAL_OPTIONS, useValue: options },
        { provide: Connection, useFactory: () => Connection.lazy(connectionOptions(options)) },
        {
          provide: Client,
          useFactory: (connection: Connection) => new Client({ connection, namespace: options.namespace }),
          inject: [Connection],
        },
        ConnectionCloser,
      ],
      exports: [Client, Connection, TEMPORAL_OPTIONS],
    };
  }
}
