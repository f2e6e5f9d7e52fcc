import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { EventStoreError } from './errors.js';
import { readAfter } from './rows.js';
import type { RecordedEvent } from './types.js';

/** Keyspace of the two-key advisory locks held per subscription name ("EVSB"). */
const SUBSCRIPTION_LOCK_NAMESPACE = 0x45565342;

export interface SubscriptionOptions {
  /** Key of the checkpoint row; one name is one consumer. */
  name: string;
  /** Runs in the transaction that advances the checkpoint: its writes and the checkpoint commit together. */
  handler: (events: RecordedEvent[], tx: EntityManager) => Promise<void>;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Called when a batch fails (it is retried on the next poll); defaults to console.error. */
  onError?: (error: unknown) => void;
}

/**
 * A polling subscriber over the global (xid, position) order with its checkpoint in PostgreSQL.
 * Each event is handled exactly once as far as the database is concerned: a failed handler rolls back
 * its writes and the checkpoint together. Side effects outside the transaction are at-least-once.
 */
export class Subscription {
  private readonly name: string;
  private readonly handler: SubscriptionOptions['handler'];
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly onError: (error: unknown) => void;
  private checkpointRowReady = false;
  private loop?: Promise<void>;
  private abort?: AbortController;

  constructor(
    private readonly dataSource: DataSource,
    options: SubscriptionOptions,
  ) {
    if (!options.name) throw new EventStoreError('A subscription needs a name');
    this.name = options.name;
    this.handler = options.handler;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.onError = options.onError ?? ((error) => console.error(`Subscription "${this.name}" failed; retrying`, error));
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw new EventStoreError('batchSize must be an integer ≥ 1');
  }

  /** Handles at most one batch; returns how many events it handled (0 when caught up or another instance is busy). */
  async processNext(): Promise<number> {
    if (!this.checkpointRowReady) {
      await this.dataSource.query('INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [this.name]);
      this.checkpointRowReady = true;
    }
    return this.dataSource.transaction(async (tx) => {
      // An advisory lock, not FOR UPDATE: an idle poll then takes no transaction id and writes nothing,
      // and a second instance of the same subscription skips this poll instead of queueing.
      const [{ locked }]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked', [
        SUBSCRIPTION_LOCK_NAMESPACE,
        this.name,
      ]);
      if (!locked) return 0;
      const rows: { xid_text: string; position_text: string }[] = await tx.query(
        `SELECT transaction_id::text AS xid_text, global_position::text AS position_text
           FROM subscription_checkpoints WHERE name = $1`,
        [this.name],
      );
      const checkpoint = rows[0];
      // Recreating it would replay everything from the start; make the loss visible instead.
      if (!checkpoint) throw new EventStoreError(`Subscription "${this.name}": its checkpoint row has disappeared`);
      const events = await readAfter(tx, { transactionId: checkpoint.xid_text, globalPosition: checkpoint.position_text }, this.batchSize);
      if (events.length === 0) return 0;
      await this.handler(events, tx);
      const last = events[events.length - 1];
      // Compare-and-set as well as the lock, so a checkpoint moved by anything else rolls this batch back.
      const [, updated]: [unknown, number] = await tx.query(
        `UPDATE subscription_checkpoints SET transaction_id = $2::xid8, global_position = $3::bigint, updated_at = now()
          WHERE name = $1 AND transaction_id = $4::xid8 AND global_position = $5::bigint`,
        [this.name, last.transactionId, last.globalPosition, checkpoint.xid_text, checkpoint.position_text],
      );
      if (updated !== 1) throw new EventStoreError(`Subscription "${this.name}": the checkpoint moved during the batch`);
      return events.length;
    });
  }

  /** Polls until stop(); a full batch is followed at once by the next, otherwise it waits pollIntervalMs. */
  start(): void {
    if (this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = (async () => {
      while (!abort.signal.aborted) {
        let handled = 0;
        try {
          handled = await this.processNext();
        } catch (error) {
          this.onError(error);
        }
        if (handled < this.batchSize) await delay(this.pollIntervalMs, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    })();
  }

  /** Lets the batch in progress finish, then resolves. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = undefined;
    this.abort = undefined;
  }
}
