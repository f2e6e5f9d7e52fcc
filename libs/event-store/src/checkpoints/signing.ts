import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../hashing.js';

/** The previousHash of the first checkpoint. */
export const GENESIS_CHECKPOINT_HASH = '0'.repeat(64);

/** What a checkpoint signs: the global order up to lastPosition, as `count` events with that Merkle root. */
export interface CheckpointBody {
  /** 1, 2, 3, … with no gaps. */
  sequence: number;
  /** Events covered, from the start of the global order. */
  count: number;
  lastPosition: { transactionId: string; globalPosition: string };
  /** RFC 6962 Merkle Tree Hash over the covered events' hashes, in global order (hex). */
  merkleRoot: string;
  /** SHA-256 of the leaf records of the events this checkpoint adds (leaves.ts), hex. */
  leavesDigest: string;
  /** `hash` of the previous checkpoint; 64 zeros for the first. */
  previousHash: string;
  /** ISO 8601, millisecond precision, UTC. */
  createdAt: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** checkpointHash(body), hex. */
  hash: string;
  /** Ed25519 signature over the body's canonical JSON, base64. */
  signature: string;
}

export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Parses a PKCS#8 PEM private key and insists on Ed25519. */
export function loadSigningKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`Checkpoint signing key must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

/** Parses an SPKI PEM public key (or derives it from a private key PEM) and insists on Ed25519. */
export function loadVerifyingKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`Checkpoint verifying key must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

/** Only the body's fields, so extra properties of a row never leak into what is hashed or signed. */
export function checkpointBodyOf(body: CheckpointBody): CheckpointBody {
  const { sequence, count, lastPosition, merkleRoot, leavesDigest, previousHash, createdAt, keyId } = body;
  return {
    sequence,
    count,
    lastPosition: { transactionId: lastPosition.transactionId, globalPosition: lastPosition.globalPosition },
    merkleRoot,
    leavesDigest,
    previousHash,
    createdAt,
    keyId,
  };
}

function canonicalBody(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson(checkpointBodyOf(body)), 'utf8');
}

/** SHA-256 of the body's canonical JSON (RFC 8785), hex: what the next checkpoint links to. */
export function checkpointHash(body: CheckpointBody): string {
  return createHash('sha256').update(canonicalBody(body)).digest('hex');
}

export function signCheckpoint(body: CheckpointBody, privateKeyPem: string | KeyObject): string {
  const key = typeof privateKeyPem === 'string' ? loadSigningKey(privateKeyPem) : privateKeyPem;
  return sign(null, canonicalBody(body), key).toString('base64');
}

/** False (never a throw) for a malformed or wrong signature. */
export function verifyCheckpointSignature(body: CheckpointBody, signature: string, publicKeyPem: string | KeyObject): boolean {
  const key = typeof publicKeyPem === 'string' ? loadVerifyingKey(publicKeyPem) : publicKeyPem;
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
  try {
    return verify(null, canonicalBody(body), key, bytes);
  } catch {
    return false;
  }
}

/** "SHA256:" and the hex SHA-256 of the public key (SPKI DER): what an auditor compares with the published one. */
export function keyFingerprint(publicKeyPem: string | KeyObject): string {
  const key = typeof publicKeyPem === 'string' ? loadVerifyingKey(publicKeyPem) : publicKeyPem;
  return `SHA256:${createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex')}`;
}

/** The SPKI PEM of a key pair's public half, from either half. */
export function publicKeyPemOf(pem: string): string {
  return loadVerifyingKey(pem).export({ format: 'pem', type: 'spki' }).toString();
}

export function signBytes(bytes: Buffer, privateKey: KeyObject): string {
  return sign(null, bytes, privateKey).toString('base64');
}

export function verifyBytes(bytes: Buffer, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
