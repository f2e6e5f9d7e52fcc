import type { MigrationInterface } from 'typeorm';
import { AuditCheckpoints1763800004000 } from './checkpoints/checkpoints.migration.js';
import { EventStoreSchema1763800000000 } from './schema.migration.js';

export * from './types.js';
export * from './errors.js';
export { canonicalJson, computeEventHash, envelopeOf, GENESIS_HASH, type EventEnvelope } from './hashing.js';
export { checkpointOf, parseCheckpoint, serializeCheckpoint } from './checkpoint.js';
export { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows.js';
export { EventStore, isRecordedEventOf, type EventStoreOptions, type StreamRange } from './event-store.js';
export { Subscription, type SubscriptionOptions } from './subscription.js';
export { diagnoseStream, type StreamHead } from './verification.js';
export { CHAIN_SCAN_PAGE, scanChains, type ChainScanOptions } from './verify-chains.js';
export * from './checkpoints/index.js';
export { EventStoreSchema1763800000000 };

/** Picked up by libs/persistence's migration list. */
export const eventStoreMigrations: (new () => MigrationInterface)[] = [EventStoreSchema1763800000000, AuditCheckpoints1763800004000];
export * from './bundle/bundle.js';
