import { InboxItemEntity, PlanEntity, UnitEntity, UnitTaskEntity } from './entities.js';
import { LifecycleReadModels1763800003000 } from './lifecycle-read-models.migration.js';
import { ReadModels1763800001000 } from './read-models.migration.js';

export * from './entities.js';
export { occurredAt } from './event-times.js';
export { inboxChanges, stageLabel, type InboxChange, type UnitTaskStep } from './inbox.js';
export {
  foldingProjection,
  highestEscalation,
  inlineProjections,
  parseStreamId,
  planProjection,
  PROJECTED_TABLES,
  unitTaskProjection,
  type FoldStep,
  type FoldingProjection,
} from './projections.js';
export { rebuildReadModels, type RebuildResult } from './rebuild.js';
export const readModelEntities = [UnitEntity, PlanEntity, UnitTaskEntity, InboxItemEntity];
export const readModelMigrations = [ReadModels1763800001000, LifecycleReadModels1763800003000];
