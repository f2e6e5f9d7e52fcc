import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each Idempotency-Key was used for, per actor (subject, role and unit of the token): the request it is bound
 * to (its fingerprint: method, route, path parameters and a SHA-256 of the canonical body), the random claim of the
 * request that created the record (only it may free the key) and, once the action succeeded, its answer. The API
 * keeps a record for 24 hours (apps/api/src/common/idempotency) and deletes it afterwards.
 */
export class IdempotencyRecords1763800014004 implements MigrationInterface {
  name = 'IdempotencyRecords1763800014004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_records (
        actor_id text NOT NULL,
        key text NOT NULL,
        endpoint text NOT NULL,
        fingerprint text NOT NULL,
        claim uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        answer jsonb,
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query('CREATE INDEX idempotency_records_created_at_idx ON idempotency_records (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_records');
  }
}

export const idempotencyMigrations = [IdempotencyRecords1763800014004];
