export { merkleRoot, leafHash, nodeHash, MerkleAccumulator, MerkleTree, verifyInclusion } from './merkle.js';
export { decodeLeaves, encodeLeaves, leavesDigest, streamTag, type Leaf } from './leaves.js';
export { readCheckpoints, readCheckpointLeaves } from './checkpoint-rows.js';
export {
  checkpointBodyOf,
  checkpointHash,
  generateSigningKeyPair,
  GENESIS_CHECKPOINT_HASH,
  keyFingerprint,
  publicKeyPemOf,
  loadSigningKey,
  loadVerifyingKey,
  signCheckpoint,
  verifyCheckpointSignature,
  type CheckpointBody,
  type SignedCheckpoint,
} from './signing.js';
export { Checkpointer, CheckpointIntegrityError, type CheckpointerOptions } from './checkpointer.js';
export {
  verifyStore,
  type ProblemKind,
  type VerificationProblem,
  type VerificationReport,
  type VerifyOptions,
} from './checkpoint-verifier.js';
export { AuditCheckpoints1763800004000 } from './checkpoints.migration.js';
