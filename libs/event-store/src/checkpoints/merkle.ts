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
  const accumulator = new MerkleAccumulator();
  for (const leaf of leaves) accumulator.push(leaf);
  return accumulator.root();
}

/** Largest power of two strictly less than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The Merkle Tree Hash of a growing list, one leaf at a time: keeps only the roots of the perfect subtrees that
 * make up the list so far (its "frontier", at most log2(n) hashes). The root at any size is their right fold,
 * which equals RFC 6962's MTH because its split k (largest power of two < n) is exactly the first perfect subtree.
 */
export class MerkleAccumulator {
  private readonly subtrees: { size: number; hash: Buffer }[] = [];
  private count = 0;

  /** Resumes from a stored frontier (hex hashes, largest subtree first) over `size` leaves. */
  static fromFrontier(size: number, frontier: readonly string[]): MerkleAccumulator {
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== frontier.length)
      throw new TypeError(`A frontier over ${size} leaves has ${sizes.length} hashes, not ${frontier.length}`);
    const accumulator = new MerkleAccumulator();
    frontier.forEach((hex, i) => accumulator.subtrees.push({ size: sizes[i], hash: Buffer.from(hex, 'hex') }));
    accumulator.count = size;
    return accumulator;
  }

  get size(): number {
    return this.count;
  }

  push(leafHex: string): void {
    let node = { size: 1, hash: leafHash(leafHex) };
    for (let left = this.subtrees.at(-1); left?.size === node.size; left = this.subtrees.at(-1)) {
      this.subtrees.pop();
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.subtrees.push(node);
    this.count += 1;
  }

  root(): string {
    const last = this.subtrees.at(-1);
    if (!last) return sha256().toString('hex');
    let hash = last.hash;
    for (let i = this.subtrees.length - 2; i >= 0; i--) hash = nodeHash(this.subtrees[i].hash, hash);
    return hash.toString('hex');
  }

  frontier(): string[] {
    return this.subtrees.map((subtree) => subtree.hash.toString('hex'));
  }
}

/**
 * A whole tree kept level by level (perfect, aligned subtrees only), to answer inclusion proofs (RFC 6962 §2.1.1
 * PATH) for many leaves: each proof costs O(log² n) hashes instead of rebuilding the tree.
 */
export class MerkleTree {
  private readonly levels: Buffer[][];

  constructor(leaves: readonly string[]) {
    this.levels = [leaves.map(leafHash)];
    for (let level = this.levels[0]; level.length > 1;) {
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0].length;
  }

  root(size = this.size): string {
    return size === 0 ? sha256().toString('hex') : this.subtree(0, size).toString('hex');
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves, hex. */
  inclusionProof(index: number, size = this.size): string[] {
    if (!(index >= 0 && index < size && size <= this.size)) throw new RangeError(`No leaf ${index} in a tree of ${size}`);
    let start = 0;
    let end = size;
    const stack: Buffer[] = [];
    while (end - start > 1) {
      const k = split(end - start);
      if (index < start + k) {
        stack.push(this.subtree(start + k, end));
        end = start + k;
      } else {
        stack.push(this.subtree(start, start + k));
        start += k;
      }
    }
    // PATH lists the siblings from the leaf upwards.
    return stack.reverse().map((hash) => hash.toString('hex'));
  }

  private subtree(start: number, end: number): Buffer {
    const n = end - start;
    const level = Math.log2(n);
    if (Number.isInteger(level) && start % n === 0) return this.levels[level][start / n];
    const k = split(n);
    return nodeHash(this.subtree(start, start + k), this.subtree(start + k, end));
  }
}

/** RFC 9162 §2.1.3.2: does the audit path prove that `leafHex` is leaf `index` of the tree of `size` with `rootHex`? */
export function verifyInclusion(leafHex: string, index: number, size: number, path: readonly string[], rootHex: string): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let hash = leafHash(leafHex);
  for (const siblingHex of path) {
    if (sn === 0 || !HEX_HASH.test(siblingHex)) return false;
    const sibling = Buffer.from(siblingHex, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hash.toString('hex') === rootHex;
}
