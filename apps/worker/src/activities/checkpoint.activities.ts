import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { Checkpointer } from '#event-store';
import type { AuditKeys } from '#persistence';
import type { CheckpointActivities as Activities } from '#workflows';

export const WORKER_AUDIT_KEYS = Symbol('WORKER_AUDIT_KEYS');

/** Signs checkpoints with the key from AUDIT_SIGNING_KEY_FILE; the key never reaches the database or Temporal. */
@Injectable()
export class CheckpointActivities implements Activities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WORKER_AUDIT_KEYS) private readonly keys: AuditKeys | undefined,
  ) {}

  async signCheckpoint(): Promise<{ sequence: number; count: number } | null> {
    if (!this.keys?.privateKeyPem)
      throw ApplicationFailure.nonRetryable('This worker has no AUDIT_SIGNING_KEY_FILE; it cannot sign checkpoints', 'AuditKeyMissing');
    const checkpoint = await new Checkpointer(this.dataSource, {
      privateKeyPem: this.keys.privateKeyPem,
      keyId: this.keys.keyId,
    }).createCheckpoint();
    return checkpoint && { sequence: checkpoint.sequence, count: checkpoint.count };
  }

  bound(): Activities {
    return { signCheckpoint: this.signCheckpoint.bind(this) };
  }
}
