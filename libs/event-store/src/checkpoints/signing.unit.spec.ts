import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../hashing.js';
import {
  checkpointHash,
  generateSigningKeyPair,
  loadSigningKey,
  loadVerifyingKey,
  signCheckpoint,
  verifyCheckpointSignature,
  type CheckpointBody,
} from './signing.js';

const body: CheckpointBody = {
  sequence: 3,
  count: 42,
  lastPosition: { transactionId: '1234', globalPosition: '56' },
  merkleRoot: 'a'.repeat(64),
  leavesDigest: 'c'.repeat(64),
  previousHash: 'b'.repeat(64),
  createdAt: '2026-11-22T08:00:00.000Z',
  keyId: 'audit-2026',
};

describe('checkpoint signing (Ed25519)', () => {
  const keys = generateSigningKeyPair();

  it('signs and verifies a checkpoint body', () => {
    const signature = signCheckpoint(body, keys.privateKeyPem);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(verifyCheckpointSignature(body, signature, keys.publicKeyPem)).toBe(true);
  });

  it('signs the canonical form, so property order and extra row fields do not matter', () => {
    const signature = signCheckpoint(body, keys.privateKeyPem);
    const reordered = Object.fromEntries([
      ...Object.entries(body).reverse(),
      ['hash', 'x'],
      ['signature', 'y'],
    ]) as unknown as CheckpointBody;
    expect(verifyCheckpointSignature(reordered, signature, keys.publicKeyPem)).toBe(true);
    expect(checkpointHash(reordered)).toBe(checkpointHash(body));
  });

  it('refuses a body changed in any field', () => {
    const signature = signCheckpoint(body, keys.privateKeyPem);
    const changes: Partial<CheckpointBody>[] = [
      { sequence: 4 },
      { count: 43 },
      { lastPosition: { transactionId: '1234', globalPosition: '57' } },
      { merkleRoot: 'c'.repeat(64) },
      { previousHash: 'c'.repeat(64) },
      { createdAt: '2026-11-22T08:00:00.001Z' },
      { keyId: 'other' },
    ];
    for (const change of changes) {
      expect(verifyCheckpointSignature({ ...body, ...change }, signature, keys.publicKeyPem)).toBe(false);
    }
  });

  it('refuses another key’s signature and malformed signatures without throwing', () => {
    const other = generateSigningKeyPair();
    expect(verifyCheckpointSignature(body, signCheckpoint(body, other.privateKeyPem), keys.publicKeyPem)).toBe(false);
    expect(verifyCheckpointSignature(body, '', keys.publicKeyPem)).toBe(false);
    expect(verifyCheckpointSignature(body, 'not base64!', keys.publicKeyPem)).toBe(false);
    expect(verifyCheckpointSignature(body, Buffer.alloc(64).toString('base64'), keys.publicKeyPem)).toBe(false);
  });

  it('hashes the canonical JSON of the body with SHA-256', () => {
    expect(checkpointHash(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson(body)).toContain('"count":42');
    expect(checkpointHash({ ...body, count: 41 })).not.toBe(checkpointHash(body));
  });

  it('accepts only Ed25519 keys', () => {
    expect(loadSigningKey(keys.privateKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(loadVerifyingKey(keys.publicKeyPem).asymmetricKeyType).toBe('ed25519');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => loadSigningKey(ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/Ed25519/);
    expect(() => loadVerifyingKey(ec.publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow(/Ed25519/);
  });
});
