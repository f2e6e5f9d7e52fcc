import { createHash } from 'node:crypto';
import { MerkleAccumulator, MerkleTree, merkleRoot, verifyInclusion } from './merkle.js';

/** Written out by hand from RFC 6962 §2.1, independently of the implementation's recursion. */
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (hex: string) => sha(Buffer.from([0x00]), Buffer.from(hex, 'hex'));
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([0x01]), l, r);
const h = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');

describe('merkleRoot (RFC 6962 Merkle Tree Hash)', () => {
  const d = [0, 1, 2, 3, 4].map(h);
  const [a, b, c, e, f] = d.map(leaf) as [Buffer, Buffer, Buffer, Buffer, Buffer];

  it('is SHA-256 of the empty string for the empty tree', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes a single leaf with the 0x00 prefix over its raw bytes', () => {
    expect(merkleRoot([d[0]])).toBe(leaf(d[0]).toString('hex'));
  });

  it('joins two leaves with the 0x01 prefix', () => {
    expect(merkleRoot(d.slice(0, 2))).toBe(node(a, b).toString('hex'));
  });

  it('splits three leaves as 2 + 1', () => {
    expect(merkleRoot(d.slice(0, 3))).toBe(node(node(a, b), c).toString('hex'));
  });

  it('splits five leaves as 4 + 1', () => {
    expect(merkleRoot(d)).toBe(node(node(node(a, b), node(c, e)), f).toString('hex'));
  });

  it('depends on the order and on every leaf', () => {
    expect(merkleRoot([d[1], d[0]])).not.toBe(merkleRoot(d.slice(0, 2)));
    expect(merkleRoot([d[0], d[1], d[3]])).not.toBe(merkleRoot(d.slice(0, 3)));
  });

  it('does not confuse a leaf with an interior node (second-preimage resistance)', () => {
    const interior = node(a, b).toString('hex');
    expect(merkleRoot([interior])).not.toBe(merkleRoot(d.slice(0, 2)));
  });

  it('rejects a leaf that is not a hex SHA-256 hash', () => {
    expect(() => merkleRoot(['abc'])).toThrow(TypeError);
    expect(() => merkleRoot([d[0].toUpperCase()])).toThrow(TypeError);
  });
});

describe('MerkleAccumulator', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => h(i));
  const reference = (n: number): Buffer => {
    // MTH written recursively, straight from the RFC's definition.
    const mth = (from: number, to: number): Buffer => {
      if (to - from === 1) return leaf(leaves[from]);
      let k = 1;
      while (k * 2 < to - from) k *= 2;
      return node(mth(from, from + k), mth(from + k, to));
    };
    return mth(0, n);
  };

  it('has the RFC root at every size from 1 to 70', () => {
    const accumulator = new MerkleAccumulator();
    leaves.forEach((l, i) => {
      accumulator.push(l);
      expect([accumulator.size, accumulator.root()]).toEqual([i + 1, reference(i + 1).toString('hex')]);
    });
  });

  it('resumes from a stored frontier as if it had never stopped', () => {
    const first = new MerkleAccumulator();
    leaves.slice(0, 43).forEach((l) => first.push(l));
    const resumed = MerkleAccumulator.fromFrontier(43, first.frontier());
    leaves.slice(43).forEach((l) => resumed.push(l));
    expect(resumed.root()).toBe(reference(70).toString('hex'));
    expect(() => MerkleAccumulator.fromFrontier(44, first.frontier())).toThrow(/frontier over 44 leaves has 3 hashes, not 4/);
  });
});

describe('inclusion proofs (RFC 6962 PATH, RFC 9162 verification)', () => {
  const leaves = Array.from({ length: 21 }, (_, i) => h(i));
  const tree = new MerkleTree(leaves);

  it('proves every leaf of every tree size up to 21', () => {
    for (let size = 1; size <= 21; size++) {
      const root = tree.root(size);
      expect(root).toBe(merkleRoot(leaves.slice(0, size)));
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(leaves[index], index, size, tree.inclusionProof(index, size), root)).toBe(true);
      }
    }
  });

  it('gives the path by hand for leaf 2 of five: [d3, H(d0,d1), d4]', () => {
    const [a, b, , e, f] = leaves.slice(0, 5).map(leaf) as Buffer[];
    expect(tree.inclusionProof(2, 5)).toEqual([e.toString('hex'), node(a, b).toString('hex'), f.toString('hex')]);
  });

  it('rejects another leaf, another index, another size, a shortened path and another root', () => {
    const root = tree.root(13);
    const path = tree.inclusionProof(6, 13);
    expect(verifyInclusion(leaves[7], 6, 13, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 7, 13, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 13, path.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 13, path, tree.root(12))).toBe(false);
    expect(verifyInclusion(leaves[6], 13, 13, path, root)).toBe(false);
  });
});
