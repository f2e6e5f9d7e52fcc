import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * findCascade walks from a plan to the plans derived from it by their PlanCreated events' parentPlanId. Without this
 * index each level of that walk scanned the whole events table (bench/RESULTS.md, history: 115 ms per level at
 * 400,000 events, growing with the store); with it, a lookup per level. Partial: only PlanCreated rows are indexed.
 */
export class DerivedPlansIndex1763800005000 implements MigrationInterface {
  name = 'DerivedPlansIndex1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_derived_plans_idx ON events ((data->'draft'->>'parentPlanId')) WHERE type = 'PlanCreated'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX events_derived_plans_idx');
  }
}

export const auditMigrations = [DerivedPlansIndex1763800005000];
