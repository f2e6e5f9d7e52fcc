import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The day "today" is for the current view: Vietnamese calendar date, whatever the session's time zone. */
const VIETNAM_TODAY = `(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * Effective-dated units. The history lives in `unit_versions` (key: code and valid_from); `units`
 * becomes a view of the versions in force today, with the columns it had, so every reader and writer
 * of `units` (UnitEntity: the scope service, GET /units, the demo data) works unchanged. The existing rows
 * become versions valid from 1900-01-01 with no end: units without recorded history. A row inserted
 * through the view becomes a version with no end that starts with its parent's current version (1900-01-01
 * for a board), so that its parent is in force for all of it; updates and deletes through the view change
 * the version in force today (the view is automatically updatable for those).
 *
 * The self-referencing foreign key of `units` becomes a deferred constraint trigger: a version's parent
 * must be in force (by one or more of its versions) for the whole of the child's validity. No two
 * versions of one code may overlap (an exclusion constraint; btree_gist is a trusted extension since
 * PostgreSQL 13, so the database owner may create it). Kind ranks and cycles are checked by the domain
 * (validateUnitVersions) in saveUnitVersions.
 */
export class UnitValidity1763800002000 implements MigrationInterface {
  name = 'UnitValidity1763800002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query(`
      CREATE TABLE unit_versions (
        code text NOT NULL,
        valid_from date NOT NULL DEFAULT '1900-01-01',
        valid_to date,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('board', 'department', 'division')),
        parent_code text,
        PRIMARY KEY (code, valid_from),
        CONSTRAINT unit_versions_valid_to_after_valid_from CHECK (valid_to IS NULL OR valid_to > valid_from),
        CONSTRAINT unit_versions_not_own_parent CHECK (parent_code IS DISTINCT FROM code),
        CONSTRAINT unit_versions_no_overlap EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to) WITH &&)
      )`);
    await queryRunner.query('CREATE INDEX unit_versions_parent_code ON unit_versions (parent_code)');
    await queryRunner.query(`
      INSERT INTO unit_versions (code, valid_from, valid_to, name, kind, parent_code)
      SELECT code, DATE '1900-01-01', NULL, name, kind, parent_code FROM units`);
    await queryRunner.query('DROP TABLE units');
    await queryRunner.query(`
      CREATE VIEW units AS
      SELECT code, name, kind, parent_code
        FROM unit_versions
       WHERE valid_from <= ${VIETNAM_TODAY} AND (valid_to IS NULL OR valid_to > ${VIETNAM_TODAY})`);

    await queryRunner.query(`
      CREATE FUNCTION units_insert_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO unit_versions (code, valid_from, name, kind, parent_code)
        VALUES (
          NEW.code,
          COALESCE(
            (SELECT valid_from FROM unit_versions
              WHERE code = NEW.parent_code AND valid_from <= ${VIETNAM_TODAY} AND (valid_to IS NULL OR valid_to > ${VIETNAM_TODAY})),
            DATE '1900-01-01'),
          NEW.name, NEW.kind, NEW.parent_code);
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER units_insert_version INSTEAD OF INSERT ON units FOR EACH ROW EXECUTE FUNCTION units_insert_version()',
    );

    // Checks the versions of the changed code (their parent must cover them) and the versions whose
    // parent is the changed code (it must still cover them). Deferred, so a batch may come in any order.
    await queryRunner.query(`
      CREATE FUNCTION unit_versions_check_parents() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text[] := ARRAY[]::text[];
        bad record;
      BEGIN
        IF TG_OP <> 'DELETE' THEN changed := changed || NEW.code; END IF;
        IF TG_OP <> 'INSERT' THEN changed := changed || OLD.code; END IF;
        SELECT child.code, child.valid_from, child.valid_to, child.parent_code INTO bad
          FROM unit_versions child
         WHERE child.parent_code IS NOT NULL
           AND (child.code = ANY (changed) OR child.parent_code = ANY (changed))
           AND NOT COALESCE(
                 (SELECT range_agg(daterange(parent.valid_from, parent.valid_to)) FROM unit_versions parent WHERE parent.code = child.parent_code)
                   @> daterange(child.valid_from, child.valid_to),
                 false)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'Unit % (version from %): its parent % is not in force for the whole of that version (until %)',
            bad.code, to_char(bad.valid_from, 'DD/MM/YYYY'), bad.parent_code, COALESCE(to_char(bad.valid_to, 'DD/MM/YYYY'), 'no end')
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER unit_versions_parent_in_force
        AFTER INSERT OR UPDATE OR DELETE ON unit_versions
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION unit_versions_check_parents()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW units');
    await queryRunner.query('DROP FUNCTION units_insert_version()');
    await queryRunner.query(`
      CREATE TABLE units (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('board', 'department', 'division')),
        parent_code text REFERENCES units(code)
      )`);
    // Only today's structure survives: the table cannot hold history.
    await queryRunner.query(`
      INSERT INTO units (code, name, kind, parent_code)
      SELECT code, name, kind, parent_code FROM unit_versions
       WHERE valid_from <= ${VIETNAM_TODAY} AND (valid_to IS NULL OR valid_to > ${VIETNAM_TODAY})`);
    await queryRunner.query('DROP TABLE unit_versions');
    await queryRunner.query('DROP FUNCTION unit_versions_check_parents()');
  }
}
