import { unitTaskStreamId } from '../ids.js';
import { childrenOf, unitOn, type UnitHierarchy } from '../unit-hierarchy.js';
import type { UnitKind } from '../units.js';
import type { PlanDraft } from './draft.js';

/** What the plan's workflow needs besides the plan to start its units' tasks, fixed by the units of its issue date. */
export interface PlanLaunch {
  /** Implementers with units below them: their tasks begin with issuing a derived plan. */
  cascading: string[];
  /** The kind of the issuing unit, for the nominations' authority checks. */
  issuerKind: UnitKind;
  /**
   * For a derived plan: the issuing unit's own task in the parent plan (its workflow id), to which the derived plan is
   * submitted and its approved nominations above the issuer's authority go.
   */
  parentTaskId?: string;
}

/**
 * The launch of `draft` among `units`, the hierarchy on its issue date against which it was validated (a unit it names
 * that is not there throws UNIT_NOT_FOUND).
 */
export function launchOf(draft: PlanDraft, units: UnitHierarchy): PlanLaunch {
  return {
    cascading: draft.recipients.filter((r) => r.role === 'implement' && childrenOf(units, r.unitCode).length > 0).map((r) => r.unitCode),
    issuerKind: unitOn(units, draft.issuingUnit).kind,
    ...(draft.parentPlanId ? { parentTaskId: unitTaskStreamId(draft.parentPlanId, draft.issuingUnit) } : {}),
  };
}
