import { createHash } from 'node:crypto';
import {
  canonicalJson,
  computeEventHash,
  EventIdConflictError,
  EventStoreError,
  ExpectedVersionConflictError,
  GENESIS_HASH,
  parseCheckpoint,
  serializeCheckpoint,
  type EventEnvelope,
} from '#event-store';

const envelope: EventEnvelope = {
  streamId: 'plan-1',
  version: 1,
  eventId: 'plan-1/1',
  type: 'PlanCreated',
  schemaVersion: 1,
  data: { title: 'Thi đua 2025', units: ['B', 'A'] },
  metadata: { actor: 'user-7', correlationId: 'plan-1' },
  recordedAt: '2025-01-02T03:04:05.678Z',
};

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, drops undefined and writes numbers in ECMAScript form', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0, 1.5e-7], c: undefined, é: 'x', Z: null })).toBe(
      '{"Z":null,"a":[1e+21,0.1,0,1.5e-7],"b":1,"é":"x"}',
    );
  });

  it('refuses what JSON cannot represent', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(undefined)).toThrow();
  });
});

describe('event hash', () => {
  it('is SHA-256 over prevHash, a newline and the canonical envelope', () => {
    const expected = createHash('sha256')
      .update(
        `${GENESIS_HASH}\n{"data":{"title":"Thi đua 2025","units":["B","A"]},"eventId":"plan-1/1","metadata":{"actor":"user-7","correlationId":"plan-1"},"recordedAt":"2025-01-02T03:04:05.678Z","schemaVersion":1,"streamId":"plan-1","type":"PlanCreated","version":1}`,
      )
      .digest('hex');
    expect(computeEventHash(GENESIS_HASH, envelope)).toBe(expected);
  });

  it('is pinned, so a change to the hashing cannot silently break stored chains or the offline verifier', () => {
    expect(computeEventHash(GENESIS_HASH, envelope)).toBe('ab108b3354647292805689d48556d7d9cc3763225fac023fa3a487a3a3e9ea8f');
  });
});

describe('checkpoints and errors', () => {
  it('serialise a checkpoint as "xid:position" and parse it back', () => {
    const checkpoint = { transactionId: '7421', globalPosition: '90071992547409930' };
    expect(serializeCheckpoint(checkpoint)).toBe('7421:90071992547409930');
    expect(parseCheckpoint('7421:90071992547409930')).toEqual(checkpoint);
    expect(() => parseCheckpoint('7421')).toThrow(EventStoreError);
    expect(() => parseCheckpoint('1:2; DROP TABLE events')).toThrow(EventStoreError);
  });

  it('keep their class and name through instanceof, for the API and Temporal retry policies', () => {
    const conflict = new ExpectedVersionConflictError('plan-1', 'no-stream', 3);
    expect(conflict).toBeInstanceOf(ExpectedVersionConflictError);
    expect(conflict).toBeInstanceOf(EventStoreError);
    expect(conflict).toBeInstanceOf(Error);
    expect(conflict.name).toBe('ExpectedVersionConflictError');
    expect(conflict.message).toBe('Stream "plan-1" was expected at version no-stream but is at version 3');
    const idConflict = new EventIdConflictError('plan-1/1', 'different data');
    expect(idConflict).toBeInstanceOf(EventIdConflictError);
    expect(idConflict).toMatchObject({ name: 'EventIdConflictError', eventId: 'plan-1/1' });
  });
});
