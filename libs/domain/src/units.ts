/** An organisational unit: the province board, a department (Sở) or one of its divisions. */
export type UnitKind = 'board' | 'department' | 'division';

export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
  /**
   * Effective dating (unit-hierarchy.ts): the first day this version of the unit applies (yyyy-mm-dd)
   * and the first day it no longer does. Absent on units that were never re-organised.
   */
  validFrom?: string;
  validTo?: string;
}
