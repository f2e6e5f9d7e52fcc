import type { PlanDraft, UnitHierarchy } from '#domain';
import type { ExportContext } from './plan-document.js';

/**
 * What the document of `draft` needs from the unit hierarchy (as of its issue date): names for the codes
 * the draft holds, the issuer's kind, and the governing line of its header — "UBND TỈNH <PLACE>" above a
 * department, the department above one of its divisions, nothing above the board.
 */
export function exportContextFor(draft: PlanDraft, units: UnitHierarchy, parent?: PlanDraft): ExportContext {
  const issuer = units.units.get(draft.issuingUnit);
  const above = issuer?.parentCode !== undefined ? units.units.get(issuer.parentCode) : undefined;
  const authority = issuer?.kind === 'department' ? `UBND tỉnh ${draft.place}` : issuer?.kind === 'division' ? above?.name : undefined;
  return {
    unitName: (code) => units.units.get(code)?.name,
    issuerKind: issuer?.kind ?? 'department',
    ...(authority ? { authority } : {}),
    ...(parent ? { parent } : {}),
  };
}
