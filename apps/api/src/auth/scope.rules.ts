import type { UnitKind } from '#domain';
import { describeRole, type AuthUser, type Role } from './auth.types.js';

export interface UnitLink {
  code: string;
  parentCode: string | null;
  kind: UnitKind;
}

/** The unit tree, for "is this unit at or below that one" questions. Pure: built from `units` rows. */
export class UnitTree {
  private readonly parents = new Map<string, string | null>();
  private readonly kinds = new Map<string, UnitKind>();
  private readonly children = new Map<string, string[]>();
  /** Asked on every list request (visibleUnits); the tree is immutable, so each root's answer is kept. */
  private readonly subtrees = new Map<string, ReadonlySet<string>>();

  constructor(units: Iterable<UnitLink>) {
    for (const { code, parentCode, kind } of units) {
      this.parents.set(code, parentCode ?? null);
      this.kinds.set(code, kind);
      if (parentCode == null) continue;
      const siblings = this.children.get(parentCode);
      if (siblings) siblings.push(code);
      else this.children.set(parentCode, [code]);
    }
  }

  has(code: string): boolean {
    return this.parents.has(code);
  }

  /** The unit's kind; undefined when there is no such unit. */
  kindOf(code: string): UnitKind | undefined {
    return this.kinds.get(code);
  }

  /** True when `code` is `ancestor` or lies below it. Unknown units are within nothing (a cycle in the data stops the walk). */
  isWithin(code: string, ancestor: string): boolean {
    const seen = new Set<string>();
    for (
      let current: string | null | undefined = code;
      current != null && this.parents.has(current) && !seen.has(current);
      current = this.parents.get(current)
    ) {
      if (current === ancestor) return true;
      seen.add(current);
    }
    return false;
  }

  /** `root` and every unit below it (empty when `root` is unknown); walked down from the root, once per root. */
  subtree(root: string): ReadonlySet<string> {
    let result = this.subtrees.get(root);
    if (!result) {
      const found = new Set<string>();
      const pending = this.parents.has(root) ? [root] : [];
      // `found` also stops a cycle in the data.
      for (let code = pending.pop(); code !== undefined; code = pending.pop()) {
        if (found.has(code)) continue;
        found.add(code);
        pending.push(...(this.children.get(code) ?? []));
      }
      result = found;
      this.subtrees.set(root, result);
    }
    return result;
  }
}

/**
 * The kind of unit each role acts for. A department token for the board's unit would otherwise carry the board's
 * scope; divisions act through their department, so no role names a division.
 */
export const ROLE_UNIT_KIND: Readonly<Record<Exclude<Role, 'auditor'>, UnitKind>> = { board: 'board', department: 'department' };

export interface RoleUnitProblem {
  code: 'UNKNOWN_UNIT' | 'WRONG_UNIT_KIND';
  message: string;
}

/**
 * Why a person of `role` cannot act for `unit`, whose kind is `kind` (undefined: no such unit); undefined when they fit.
 * The one rule for issuing (CLI, demo sign-in) and for every request (the guard). An auditor's unit need only exist.
 */
export function roleUnitProblem(role: Role, unit: string, kind: UnitKind | undefined): RoleUnitProblem | undefined {
  if (kind === undefined) return { code: 'UNKNOWN_UNIT', message: `unit ${unit} does not exist` };
  if (role === 'auditor' || ROLE_UNIT_KIND[role] === kind) return undefined;
  return { code: 'WRONG_UNIT_KIND', message: `unit ${unit} is a ${kind}; the role ${role} acts for a ${ROLE_UNIT_KIND[role]} unit` };
}

export type ScopeDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: ScopeDecision = { allowed: true };

/** May `user` see `unitCode`'s tasks? Auditors see everything; board and department see their unit and below. */
export function decideSee(user: AuthUser, unitCode: string, units: UnitTree): ScopeDecision {
  if (!units.has(unitCode)) return { allowed: false, reason: `there is no unit ${unitCode}` };
  if (user.role === 'auditor') return ALLOWED;
  return units.isWithin(unitCode, user.unit)
    ? ALLOWED
    : { allowed: false, reason: `a ${user.role} sees only ${user.unit} and the units below it` };
}

/** May `user` act for `unitCode`? Auditors never; board and department for their unit and below. */
export function decideAct(user: AuthUser, unitCode: string, units: UnitTree): ScopeDecision {
  if (user.role === 'auditor') return { allowed: false, reason: 'an auditor has read-only access' };
  if (!units.has(unitCode)) return { allowed: false, reason: `there is no unit ${unitCode}` };
  if (!units.has(user.unit)) return { allowed: false, reason: `your token names unit ${user.unit}, which does not exist` };
  return units.isWithin(unitCode, user.unit)
    ? ALLOWED
    : { allowed: false, reason: `a ${user.role} acts only for ${user.unit} and the units below it` };
}

/**
 * "Your role (department SNGV) cannot act for unit SGDDT (acknowledge the task): a department acts only for SNGV and the units below
 * it"
 */
export function outOfScopeMessage(user: AuthUser, verb: 'act for' | 'see', unitCode: string, reason: string, action?: string): string {
  return `Your role (${describeRole(user)}) cannot ${verb} unit ${unitCode}${action ? ` (${action})` : ''}: ${reason}`;
}
