import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a key stays bound to its request and its answer (as Stripe's API keeps them); then it may be reused. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
const RETENTION = `${IDEMPOTENCY_RETENTION_HOURS} hours`;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Keys one actor may hold within the retention: far above any person's use, it bounds what a runaway client stores. */
export const MAX_KEYS_PER_ACTOR = 10_000;

/** One actor's use of one key: the request it is bound to and, once the action succeeded, its answer. */
export interface IdempotencyRecord {
  endpoint: string;
  fingerprint: string;
  /** False while the action has not succeeded (running, or its outcome unknown after a 504). */
  answered: boolean;
  answer: unknown;
  /**
   * Set only when this very request created the record: the token that lets it, and no concurrent retry of the same
   * request, free the key again (a retry's own refusal may depend on what the first request is still doing).
   */
  claim?: string;
}

interface RecordRow {
  endpoint: string;
  fingerprint: string;
  answered_at: Date | null;
  answer: unknown;
  claim: string;
}

/** The `idempotency_records` table (libs/persistence/src/idempotency): claimed by a first request, answered by its success. */
@Injectable()
export class IdempotencyRecords implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyRecords.name);
  private pruning?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Binds the key to this request unless a live record already binds it, and returns the record that holds: this
   * request's (fresh, unanswered) or the earlier one. An expired record is replaced, as if it had been pruned. A new
   * key beyond MAX_KEYS_PER_ACTOR live ones is a 429 KEYS_EXHAUSTED; the keys already held keep working.
   */
  async claim(actorId: string, key: string, endpoint: string, fingerprint: string): Promise<IdempotencyRecord> {
    const claim = randomUUID();
    // A concurrent first use of the key commits between the insert's conflict check and the read's snapshot at most once.
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows: RecordRow[] = await this.dataSource.query(
        `WITH claimed AS (
           INSERT INTO idempotency_records AS r (actor_id, key, endpoint, fingerprint, claim)
             SELECT $1, $2, $3, $4, $6 WHERE (SELECT count(*) FROM idempotency_records WHERE actor_id = $1 AND created_at >= now() - $5::interval) < $7
           ON CONFLICT (actor_id, key) DO UPDATE
             SET endpoint = excluded.endpoint, fingerprint = excluded.fingerprint, claim = excluded.claim, created_at = now(), answered_at = NULL, answer = NULL
             WHERE r.created_at < now() - $5::interval
           RETURNING endpoint, fingerprint, answered_at, answer, claim
         )
         SELECT endpoint, fingerprint, answered_at, answer, claim FROM claimed
         UNION ALL
         SELECT endpoint, fingerprint, answered_at, answer, claim FROM idempotency_records
           WHERE actor_id = $1 AND key = $2 AND created_at >= now() - $5::interval AND NOT EXISTS (SELECT FROM claimed)`,
        [actorId, key, endpoint, fingerprint, RETENTION, claim, MAX_KEYS_PER_ACTOR],
      );
      const row = rows[0];
      if (row) {
        return {
          endpoint: row.endpoint,
          fingerprint: row.fingerprint,
          answered: row.answered_at !== null,
          answer: row.answer,
          ...(row.claim === claim ? { claim } : {}),
        };
      }
      if (await this.exhausted(actorId)) {
        throw new HttpException(
          {
            code: 'KEYS_EXHAUSTED',
            message: `At most ${MAX_KEYS_PER_ACTOR} Idempotency-Keys are kept per caller for ${IDEMPOTENCY_RETENTION_HOURS} hours; retry later or send the request without a key`,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    throw new Error(`Could not claim Idempotency-Key ${key} of ${actorId}`);
  }

  private async exhausted(actorId: string): Promise<boolean> {
    const [{ held }]: [{ held: number }] = await this.dataSource.query(
      `SELECT count(*)::int AS held FROM idempotency_records WHERE actor_id = $1 AND created_at >= now() - $2::interval`,
      [actorId, RETENTION],
    );
    return held >= MAX_KEYS_PER_ACTOR;
  }

  /**
   * Stores the answer of the action the record's request ran, for its retries. Any request with the record's
   * fingerprint may: a retry runs the same action under the same operation id (e.g. after the first one's 504).
   */
  async answer(actorId: string, key: string, fingerprint: string, answer: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_records SET answered_at = now(), answer = $4::jsonb WHERE actor_id = $1 AND key = $2 AND fingerprint = $3 AND answered_at IS NULL`,
      [actorId, key, fingerprint, JSON.stringify(answer ?? null)],
    );
  }

  /**
   * Frees the key of a request that was refused and so changed nothing: the caller may correct it and reuse the key.
   * Only the request that created the record (its `claim`) may, so a retry refused meanwhile leaves it alone.
   */
  async release(actorId: string, key: string, claim: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_records WHERE actor_id = $1 AND key = $2 AND claim = $3 AND answered_at IS NULL`, [
      actorId,
      key,
      claim,
    ]);
  }

  /** Deletes the records older than the retention; returns how many. */
  async prune(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - $1::interval`,
      [RETENTION],
    );
    return count;
  }

  onApplicationBootstrap(): void {
    this.pruning = setInterval(() => {
      void this.prune().catch((error: unknown) => this.logger.warn(`Pruning idempotency records failed: ${String(error)}`));
    }, PRUNE_EVERY_MS);
    this.pruning.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruning);
  }
}
