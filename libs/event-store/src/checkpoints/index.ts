export { merkleRoot, leafHash, nodeHash } from './merkle.js';
export {
  checkpointBodyOf,
  checkpointHash,
  generateSigningKeyPair,
  GENESIS_CHECKPOINT_HASH,
  loadSigningKey,
  loadVerifyingKey,
  signCheckpoint,
  verifyCheckpointSignature,
  type CheckpointBody,
  type SignedCheckpoint,
} from './signing.js';
export { Checkpointer, CheckpointIntegrityError, type CheckpointerOptions } from './checkpointer.js';
export {
  verifyAgainstCheckpoints,
  type CheckpointProblem,
  type CheckpointProblemKind,
  type CheckpointVerification,
} from './checkpoint-verifier.js';
export { AuditCheckpoints1763800004000 } from './checkpoints.migration.js';
