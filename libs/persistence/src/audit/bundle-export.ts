import type { DataSource } from 'typeorm';
import {
  BUNDLE_FORMAT,
  decodeLeaves,
  keyFingerprint,
  loadSigningKey,
  MerkleTree,
  readCheckpointLeaves,
  readCheckpoints,
  sealBundle,
  verifyStore,
  type BundleRecord,
  type InclusionProof,
  type VerifyOptions,
} from '#event-store';
import type { AuditKeys } from './audit-keys.js';
import { findCascade, readCascadeEvents } from './cascade-events.js';

export class PlanNotFoundError extends Error {
  constructor(readonly planId: string) {
    super(`Plan ${planId} has no events`);
    this.name = 'PlanNotFoundError';
  }
}

/**
 * The audit bundle of a plan's cascade (bundle.ts): verified first, then read in one snapshot. Each event gets its
 * inclusion proof in the latest checkpoint, computed from the leaf records all checkpoints signed.
 */
export async function exportBundle(
  dataSource: DataSource,
  planId: string,
  keys: AuditKeys & { privateKeyPem: string },
  options: { now?: Date; onProgress?: VerifyOptions['onProgress'] } = {},
): Promise<string> {
  const cascade = await findCascade(dataSource.manager, planId);
  if (!cascade) throw new PlanNotFoundError(planId);
  const report = await verifyStore(dataSource, {
    publicKeyPem: keys.publicKeyPem,
    streams: cascade.streams,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const now = options.now ?? new Date();

  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    const events = await readCascadeEvents(tx, cascade);
    const heads: { stream_id: string; version: number; last_hash: string }[] = await tx.query(
      'SELECT stream_id, version, last_hash FROM event_streams WHERE stream_id = ANY($1) ORDER BY stream_id',
      [cascade.streams],
    );
    const checkpoints = await readCheckpoints(tx);
    const latest = checkpoints.at(-1);

    const hashes: string[] = [];
    const leafIndex = new Map<string, number>();
    for (const checkpoint of checkpoints) {
      for (const leaf of decodeLeaves(await readCheckpointLeaves(tx, checkpoint.sequence))) {
        leafIndex.set(leaf.globalPosition, hashes.length);
        hashes.push(leaf.hash);
      }
    }
    const tree = new MerkleTree(hashes);
    const proofOf = (position: string): InclusionProof | undefined => {
      const index = leafIndex.get(position);
      return latest && index !== undefined
        ? { checkpoint: latest.sequence, leafIndex: index, treeSize: latest.count, path: tree.inclusionProof(index, latest.count) }
        : undefined;
    };

    const records: Exclude<BundleRecord, { record: 'signature' }>[] = [
      {
        record: 'header',
        format: BUNDLE_FORMAT,
        formatVersion: 1,
        planId,
        exportedAt: now.toISOString(),
        streams: heads.map((h) => ({ streamId: h.stream_id, version: h.version, lastHash: h.last_hash })),
        publicKeyPem: keys.publicKeyPem,
        keyFingerprint: keyFingerprint(keys.publicKeyPem),
      },
      ...checkpoints.map((checkpoint) => ({ record: 'checkpoint' as const, ...checkpoint })),
      ...events.map((event) => {
        const proof = proofOf(event.globalPosition);
        return { record: 'event' as const, event, ...(proof ? { proof } : {}) };
      }),
      { record: 'report', report },
    ];
    return sealBundle(records, loadSigningKey(keys.privateKeyPem), keys.keyId);
  });
}
