import { UnitValidity1763800002000 } from './unit-validity.migration.js';
import { UnitVersionEntity } from './unit-version.entity.js';

export { UnitValidity1763800002000, UnitVersionEntity };
export { loadUnitHierarchy, loadUnitVersions, saveUnitVersions, type UnitSource } from './unit-versions.js';
/** Register with the DataSource's entities (data-source.ts) to use repositories of unit versions; the loader does not need it. */
export const unitEntities = [UnitVersionEntity];
export const unitMigrations = [UnitValidity1763800002000];
