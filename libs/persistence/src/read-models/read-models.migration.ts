import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadModels1763800001000 implements MigrationInterface {
  name = 'ReadModels1763800001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE units (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('board', 'department', 'division')),
        parent_code text REFERENCES units(code)
      )`);
    await queryRunner.query(`
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
    await queryRunner.query(`
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE plan_unit_tasks');
    await queryRunner.query('DROP TABLE plans');
    await queryRunner.query('DROP TABLE units');
  }
}
