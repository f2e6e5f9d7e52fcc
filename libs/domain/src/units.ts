/** An organisational unit: the province board, a department (Sở) or one of its divisions. */
export type UnitKind = 'board' | 'department' | 'division';

export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
}
