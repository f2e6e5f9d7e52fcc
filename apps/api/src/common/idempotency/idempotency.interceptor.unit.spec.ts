import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { lastValueFrom, NEVER, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainError } from '#domain';
import { IdempotencyRecords, type IdempotencyRecord } from './idempotency-records.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/** The records in memory, as the table keeps them: the first claim of a key holds until released, answered or expired. */
class MemoryRecords extends IdempotencyRecords {
  readonly held = new Map<string, IdempotencyRecord & { claim: string }>();
  failRelease = false;
  private claims = 0;

  constructor() {
    super(new DataSource({ type: 'postgres' })); // never connected: no method below queries it
  }

  override async claim(actorId: string, key: string, endpoint: string, fingerprint: string): Promise<IdempotencyRecord> {
    const held = this.held.get(`${actorId} ${key}`);
    if (held) return { endpoint: held.endpoint, fingerprint: held.fingerprint, answered: held.answered, answer: held.answer };
    const record = { endpoint, fingerprint, answered: false, answer: undefined, claim: `claim-${++this.claims}` };
    this.held.set(`${actorId} ${key}`, record);
    return record;
  }

  override async answer(): Promise<void> {
    // answers are not kept: the tests look at claims and releases
  }

  override async release(actorId: string, key: string, claim: string): Promise<void> {
    if (this.failRelease) throw new Error('connection lost');
    if (this.held.get(`${actorId} ${key}`)?.claim === claim) this.held.delete(`${actorId} ${key}`);
  }
}

const submission = () =>
  new ExecutionContextHost([
    {
      method: 'POST',
      path: '/plans/p1/units/SGDDT/stages/registration/submit',
      route: { path: '/plans/:id/units/:unit/stages/:stage/submit' },
      params: { id: 'p1', unit: 'SGDDT', stage: 'registration' },
      body: { titles: [] },
      user: { id: 'van.phong@sgddt', name: 'Văn phòng', role: 'department', unit: 'SGDDT' },
      header: (name: string) => (name.toLowerCase() === 'idempotency-key' ? 'key-1' : undefined),
    },
    { setHeader: () => undefined },
  ]);

const refused = new DomainError('STAGE_NOT_OPEN', 'This stage is not open');
const run = async (interceptor: IdempotencyInterceptor, handle: () => Observable<unknown>) =>
  lastValueFrom(await interceptor.intercept(submission(), { handle }));

describe('IdempotencyInterceptor', () => {
  it('keeps the key claimed by a request still running when an identical retry is refused meanwhile', async () => {
    const records = new MemoryRecords();
    const interceptor = new IdempotencyInterceptor(records);
    void run(interceptor, () => NEVER); // the first request, still running
    await new Promise((resolve) => setImmediate(resolve));
    await expect(run(interceptor, () => throwError(() => refused))).rejects.toBe(refused);
    expect(records.held.size).toBe(1);
  });

  it('frees the key of a request refused by a DomainError (answered 400 by the error filter)', async () => {
    const records = new MemoryRecords();
    await expect(run(new IdempotencyInterceptor(records), () => throwError(() => refused))).rejects.toBe(refused);
    expect(records.held.size).toBe(0);
  });

  it('answers a refusal with the refusal even when freeing the key fails', async () => {
    const records = new MemoryRecords();
    records.failRelease = true;
    await expect(run(new IdempotencyInterceptor(records), () => throwError(() => refused))).rejects.toBe(refused);
  });
});
