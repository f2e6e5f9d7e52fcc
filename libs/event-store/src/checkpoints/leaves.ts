import { createHash } from 'node:crypto';

/**
 * Which event each leaf of a checkpoint is. A checkpoint stores, for the events it adds to the tree, one record
 * each: global position (8 bytes), stream tag (8), version (4), event hash (32). Its SHA-256 is signed with the
 * checkpoint, so a verifier can say which event was altered, removed or slipped in, not only that the root differs.
 */
export interface Leaf {
  globalPosition: string;
  /** The first 8 bytes of SHA-256(stream id), hex: names the stream without storing it. */
  streamTag: string;
  version: number;
  hash: string;
}

const LEAF_BYTES = 52;

export function streamTag(streamId: string): string {
  return createHash('sha256').update(streamId, 'utf8').digest('hex').slice(0, 16);
}

export function encodeLeaves(leaves: readonly Leaf[]): Buffer {
  const buffer = Buffer.alloc(leaves.length * LEAF_BYTES);
  leaves.forEach((leaf, i) => {
    const at = i * LEAF_BYTES;
    buffer.writeBigUInt64BE(BigInt(leaf.globalPosition), at);
    buffer.write(leaf.streamTag, at + 8, 8, 'hex');
    buffer.writeUInt32BE(leaf.version, at + 16);
    buffer.write(leaf.hash, at + 20, 32, 'hex');
  });
  return buffer;
}

export function decodeLeaves(buffer: Buffer): Leaf[] {
  if (buffer.length % LEAF_BYTES !== 0) throw new TypeError(`A leaf record is ${LEAF_BYTES} bytes; ${buffer.length} is not a multiple`);
  const leaves: Leaf[] = [];
  for (let at = 0; at < buffer.length; at += LEAF_BYTES) {
    leaves.push({
      globalPosition: buffer.readBigUInt64BE(at).toString(),
      streamTag: buffer.toString('hex', at + 8, at + 16),
      version: buffer.readUInt32BE(at + 16),
      hash: buffer.toString('hex', at + 20, at + 52),
    });
  }
  return leaves;
}

export function leavesDigest(encoded: Buffer): string {
  return createHash('sha256').update(encoded).digest('hex');
}
