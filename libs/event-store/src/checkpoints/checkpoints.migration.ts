import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints over the events' global order. Append-only like the events table: PostgreSQL refuses
 * UPDATE, DELETE and TRUNCATE, and checks that each new row extends the sequence and the hash link. The
 * signature itself is checked only by the verifier, which holds the public key; the private key never
 * enters the database.
 */
export class AuditCheckpoints1763800004000 implements MigrationInterface {
  name = 'AuditCheckpoints1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        sequence             bigint PRIMARY KEY CHECK (sequence >= 1),
        count                bigint NOT NULL CHECK (count >= 1),
        last_transaction_id  xid8 NOT NULL,
        last_global_position bigint NOT NULL CHECK (last_global_position >= 1),
        merkle_root          text NOT NULL CHECK (merkle_root ~ '^[0-9a-f]{64}$'),
        -- The covered events' leaf records (leaves.ts), signed through leaves_digest.
        leaves               bytea NOT NULL,
        leaves_digest        text NOT NULL CHECK (leaves_digest ~ '^[0-9a-f]{64}$'),
        -- Not signed: the tree's right edge, so the next checkpoint costs only its new events (checked against merkle_root).
        frontier             text[] NOT NULL,
        previous_hash        text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
        -- Milliseconds only: the signed body carries an ISO string with ms precision.
        created_at           timestamptz NOT NULL CHECK (created_at = date_trunc('milliseconds', created_at)),
        key_id               text NOT NULL CHECK (key_id <> ''),
        hash                 text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        signature            text NOT NULL CHECK (signature <> '')
      )`);

    // Each checkpoint must follow the last one: next sequence, its hash, more events, a later position.
    await q.query(`
      CREATE FUNCTION audit_checkpoints_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous audit_checkpoints%ROWTYPE;
      BEGIN
        SELECT * INTO previous FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1;
        IF NOT FOUND THEN
          IF NEW.sequence <> 1 OR NEW.previous_hash <> repeat('0', 64) THEN
            RAISE EXCEPTION 'checkpoint %: the first checkpoint must have sequence 1 and the genesis previous_hash', NEW.sequence
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
        ELSIF NEW.sequence <> previous.sequence + 1 OR NEW.previous_hash <> previous.hash
           OR NEW.count <= previous.count
           OR (NEW.last_transaction_id, NEW.last_global_position) <= (previous.last_transaction_id, previous.last_global_position) THEN
          RAISE EXCEPTION 'checkpoint %: does not extend checkpoint % (sequence, previous_hash, count or position)',
            NEW.sequence, previous.sequence
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_check_link BEFORE INSERT ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_check_link()`);

    // event_store_refuse_change() comes from EventStoreSchema1763800000000.
    await q.query(`
      CREATE TRIGGER audit_checkpoints_refuse_change BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_refuse_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // DROP TABLE fires no DELETE/TRUNCATE trigger; reverting the migration is a deliberate, owner-only act.
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_check_link()`);
  }
}
