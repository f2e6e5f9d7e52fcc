import { PlanEntity, PlanUnitTaskEntity, UnitEntity } from './entities.js';
import { ReadModels1763800001000 } from './read-models.migration.js';

export * from './entities.js';
export { inlineProjections } from './projections.js';
export const readModelEntities = [UnitEntity, PlanEntity, PlanUnitTaskEntity];
export const readModelMigrations = [ReadModels1763800001000];
