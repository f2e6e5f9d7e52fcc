import { createHash } from 'node:crypto';
import { merkleRoot } from './merkle.js';

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
    expect(merkleRoot([d[0]!])).toBe(leaf(d[0]!).toString('hex'));
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
    expect(merkleRoot([d[1]!, d[0]!])).not.toBe(merkleRoot(d.slice(0, 2)));
    expect(merkleRoot([d[0]!, d[1]!, d[3]!])).not.toBe(merkleRoot(d.slice(0, 3)));
  });

  it('does not confuse a leaf with an interior node (second-preimage resistance)', () => {
    const interior = node(a, b).toString('hex');
    expect(merkleRoot([interior])).not.toBe(merkleRoot(d.slice(0, 2)));
  });

  it('rejects a leaf that is not a hex SHA-256 hash', () => {
    expect(() => merkleRoot(['abc'])).toThrow(TypeError);
    expect(() => merkleRoot([d[0]!.toUpperCase()])).toThrow(TypeError);
  });
});
