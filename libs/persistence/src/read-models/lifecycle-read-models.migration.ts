import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replaces the walking skeleton's read models (`plans` with one deadline, `plan_unit_tasks` with an
 * acknowledgement) by the lifecycle's: `plans`, `unit_tasks` and `inbox_items`. The new tables start empty: the
 * skeleton's events (old PlanCreated shape, AcknowledgementRequested…) cannot be folded by the new domain, and the
 * databases that held them keep only throw-away data. `rebuildReadModels` refills them from the event store.
 *
 * Plan ids are text, not uuid: the domain does not constrain them, and a read model must never refuse an event
 * that the event store accepted (the projection runs in the append transaction).
 */
export class LifecycleReadModels1763800003000 implements MigrationInterface {
  name = 'LifecycleReadModels1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plan_unit_tasks');
    await q.query('DROP TABLE plans');
    await q.query(`
      CREATE TABLE plans (
        plan_id text PRIMARY KEY,
        parent_plan_id text,
        number_symbol text NOT NULL,
        title text NOT NULL,
        issuing_unit text NOT NULL,
        status text NOT NULL,
        launched_at timestamptz,
        state jsonb NOT NULL,
        document jsonb GENERATED ALWAYS AS (state -> 'draft') STORED,
        implementers jsonb GENERATED ALWAYS AS (state -> 'implementers') STORED,
        version int NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX plans_parent_idx ON plans (parent_plan_id, issuing_unit) WHERE parent_plan_id IS NOT NULL');
    await q.query('CREATE INDEX plans_issuing_unit_idx ON plans (issuing_unit)');

    await q.query(`
      CREATE TABLE unit_tasks (
        plan_id text NOT NULL,
        unit_code text NOT NULL,
        issuer_unit text NOT NULL,
        status text NOT NULL,
        stage text NOT NULL,
        overdue boolean NOT NULL,
        escalation text CHECK (escalation IN ('unit', 'head', 'board')),
        stage_id text,
        stage_status text,
        due_at timestamptz,
        returned_reason text,
        derived_plan_id text,
        state jsonb NOT NULL,
        stages jsonb GENERATED ALWAYS AS (state -> 'stages') STORED,
        version int NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (plan_id, unit_code)
      )`);
    await q.query('CREATE INDEX unit_tasks_unit_idx ON unit_tasks (unit_code)');
    await q.query('CREATE INDEX unit_tasks_derived_plan_idx ON unit_tasks (derived_plan_id) WHERE derived_plan_id IS NOT NULL');
    await q.query('CREATE INDEX unit_tasks_overdue_idx ON unit_tasks (plan_id) WHERE overdue');

    await q.query(`
      CREATE TABLE inbox_items (
        id uuid PRIMARY KEY,
        plan_id text NOT NULL,
        unit_code text NOT NULL,
        addressee_unit text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('unit', 'head', 'issuer')),
        kind text NOT NULL CHECK (kind IN ('submit', 'resubmit', 'decide', 'overdue')),
        stage_id text,
        stage_kind text,
        message text NOT NULL,
        reason text,
        due_at timestamptz,
        overdue boolean NOT NULL DEFAULT false,
        escalation text CHECK (escalation IN ('unit', 'head', 'board')),
        reminded_at timestamptz,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution text,
        source_event_id text NOT NULL
      )`);
    // The inbox query: open items of a set of addressees, by due date.
    await q.query('CREATE INDEX inbox_items_open_idx ON inbox_items (addressee_unit, due_at) WHERE resolved_at IS NULL');
    // The projection: open items of one task (and stage).
    await q.query('CREATE INDEX inbox_items_task_idx ON inbox_items (plan_id, unit_code, stage_id) WHERE resolved_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox_items');
    await q.query('DROP TABLE unit_tasks');
    await q.query('DROP TABLE plans');
    // The skeleton's tables, as ReadModels1763800001000 created them (empty).
    await q.query(`
      CREATE TABLE plans (
        plan_id uuid PRIMARY KEY,
        number_symbol text NOT NULL,
        title text NOT NULL,
        issuing_unit text NOT NULL,
        recipients jsonb NOT NULL,
        deadline timestamptz NOT NULL,
        status text NOT NULL,
        launched_at timestamptz,
        version int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plan_unit_tasks (
        plan_id uuid NOT NULL REFERENCES plans(plan_id),
        unit_code text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        overdue boolean NOT NULL,
        acknowledged_at timestamptz,
        late boolean,
        version int NOT NULL,
        PRIMARY KEY (plan_id, unit_code)
      )`);
  }
}
