import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 (= RFC 9162 §2.1.1) Merkle Tree Hash over an ordered list of leaves.
 * Each leaf's data is the 32 raw bytes of a hex SHA-256 event hash (not its ASCII form).
 *
 *   MTH({})      = SHA-256()
 *   MTH({d0})    = SHA-256(0x00 || d0)
 *   MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const HEX_HASH = /^[0-9a-f]{64}$/;

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export function leafHash(leafHex: string): Buffer {
  if (!HEX_HASH.test(leafHex)) throw new TypeError(`Merkle leaf must be a lowercase hex SHA-256 hash, got "${leafHex}"`);
  return sha256(LEAF_PREFIX, Buffer.from(leafHex, 'hex'));
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** Hex Merkle Tree Hash of the leaves, in order. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return sha256().toString('hex');
  return mth(leaves.map(leafHash), 0, leaves.length).toString('hex');
}

/** Largest power of two strictly less than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(hashes: readonly Buffer[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) return hashes[start]!;
  const k = split(n);
  return nodeHash(mth(hashes, start, start + k), mth(hashes, start + k, end));
}
