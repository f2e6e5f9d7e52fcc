import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store. PostgreSQL itself enforces what the store promises (gap-free versions,
 * chained prev_hash, no UPDATE/DELETE/TRUNCATE), so a bug or a stray script cannot break the chain
 * silently; only someone who bypasses triggers can, and verifyStream detects that.
 */
export class EventStoreSchema1763800000000 implements MigrationInterface {
  name = 'EventStoreSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_streams (
        stream_id   text PRIMARY KEY CHECK (stream_id <> ''),
        stream_type text,
        version     integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        last_hash   text NOT NULL DEFAULT repeat('0', 64) CHECK (last_hash ~ '^[0-9a-f]{64}$'),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    // Identity ALWAYS and the trigger below keep positions and xids as PostgreSQL assigned them.
    await q.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL REFERENCES event_streams (stream_id),
        version         integer NOT NULL CHECK (version >= 1),
        event_id        text NOT NULL CHECK (event_id <> ''),
        type            text NOT NULL CHECK (type <> ''),
        schema_version  integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL CHECK (jsonb_typeof(metadata) = 'object' AND metadata ? 'actor'),
        -- Milliseconds only: the hashed envelope carries an ISO string with ms precision.
        recorded_at     timestamptz NOT NULL CHECK (recorded_at = date_trunc('milliseconds', recorded_at)),
        prev_hash       text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
    // The subscribers' order (see readAll).
    await q.query(`CREATE INDEX events_transaction_order_idx ON events (transaction_id, global_position)`);
    await q.query(`
      CREATE INDEX events_correlation_idx ON events ((metadata->>'correlationId'), transaction_id, global_position)
        WHERE (metadata->>'correlationId') IS NOT NULL`);

    await q.query(`
      CREATE TABLE subscription_checkpoints (
        name            text PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);

    // Each new event must extend its stream's chain: next version, previous hash, time never going back.
    await q.query(`
      CREATE FUNCTION events_check_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous_version integer;
        previous_hash text;
        previous_recorded_at timestamptz;
      BEGIN
        IF NEW.transaction_id <> pg_current_xact_id() THEN
          RAISE EXCEPTION 'event %: transaction_id must be the writing transaction''s id', NEW.event_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        SELECT version, hash, recorded_at INTO previous_version, previous_hash, previous_recorded_at
          FROM events WHERE stream_id = NEW.stream_id ORDER BY version DESC LIMIT 1;
        IF NOT FOUND THEN
          previous_version := 0;
          previous_hash := repeat('0', 64);
        END IF;
        IF NEW.version <> previous_version + 1 THEN
          RAISE EXCEPTION 'event %: stream % is at version %, so the next version must be %, not %',
            NEW.event_id, NEW.stream_id, previous_version, previous_version + 1, NEW.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.prev_hash <> previous_hash THEN
          RAISE EXCEPTION 'event %: prev_hash does not match the hash of version % of stream %',
            NEW.event_id, previous_version, NEW.stream_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.recorded_at < previous_recorded_at THEN
          RAISE EXCEPTION 'event %: recorded_at % is earlier than version % of stream %',
            NEW.event_id, NEW.recorded_at, previous_version, NEW.stream_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER events_check_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_check_chain()`);

    // Statement-level, so even a statement that matches no row is refused.
    await q.query(`
      CREATE FUNCTION event_store_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event store is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Correct a mistake by appending a compensating event.';
      END $$`);
    await q.query(`
      CREATE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`
      CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`
      CREATE TRIGGER event_streams_refuse_change BEFORE DELETE OR TRUNCATE ON event_streams
        FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);

    // A stream head may only move forward, onto an event that exists, so it cannot be rewound to hide a tail.
    await q.query(`
      CREATE FUNCTION event_streams_check_head() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.stream_id <> OLD.stream_id OR NEW.version < OLD.version THEN
          RAISE EXCEPTION 'stream %: a stream head cannot be renamed or moved back (version % to %)',
            OLD.stream_id, OLD.version, NEW.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.version > 0 AND NOT EXISTS (
          SELECT 1 FROM events WHERE stream_id = NEW.stream_id AND version = NEW.version AND hash = NEW.last_hash
        ) THEN
          RAISE EXCEPTION 'stream %: head (version %, last_hash %) does not point at a stored event',
            NEW.stream_id, NEW.version, NEW.last_hash
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER event_streams_check_head BEFORE UPDATE ON event_streams
        FOR EACH ROW EXECUTE FUNCTION event_streams_check_head()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subscription_checkpoints`);
    // DROP TABLE fires no DELETE/TRUNCATE trigger; reverting the migration is a deliberate, owner-only act.
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE event_streams`);
    await q.query(`DROP FUNCTION event_streams_check_head()`);
    await q.query(`DROP FUNCTION event_store_refuse_change()`);
    await q.query(`DROP FUNCTION events_check_chain()`);
  }
}
