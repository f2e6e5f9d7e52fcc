import { eventStoreMigrations } from '#event-store';
import { auditMigrations } from './audit/derived-plans-index.migration.js';
import { idempotencyMigrations } from './idempotency/idempotency-records.migration.js';
import { readModelMigrations } from './read-models/index.js';
import { unitMigrations } from './units/index.js';

/** Every schema change, in order. TypeORM orders them by the timestamp in their class names. */
export const migrations = [
  ...eventStoreMigrations,
  ...readModelMigrations,
  ...unitMigrations,
  ...auditMigrations,
  ...idempotencyMigrations,
];
