import { formatDate, isCalendarDate } from './calendar.js';
import { DomainError } from './errors.js';
import { UNIT_CODE_PATTERN } from './ids.js';
import type { Unit, UnitKind } from './units.js';

/**
 * Units are effective-dated because departments merge and divisions move (the 2025 reorganisation):
 * a 2022 plan must still resolve the 2022 structure. A version applies from `validFrom` (inclusive)
 * to `validTo` (exclusive; absent = still in force). One code may have several versions, never
 * overlapping, e.g. a division that moves to a new parent keeps its code and gets a second version.
 */
export type UnitVersion = Unit & { validFrom: string };

/** The organisation on one calendar day. Build it with `hierarchyAsOf`; read it with the functions below. */
export interface UnitHierarchy {
  readonly asOf: string;
  readonly units: ReadonlyMap<string, UnitVersion>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/** Rank used to keep the organisation the right way up: a board is never below a department, etc. */
const KIND_RANK: Record<UnitKind, number> = { division: 0, department: 1, board: 2 };
const KINDS = Object.keys(KIND_RANK) as UnitKind[];

export const isValidOn = (version: UnitVersion, date: string): boolean =>
  version.validFrom <= date && (version.validTo === undefined || date < version.validTo);

/** The organisation as it stood on `asOf` (yyyy-mm-dd). Assumes the versions passed `validateUnitVersions`. */
export function hierarchyAsOf(versions: readonly UnitVersion[], asOf: string): UnitHierarchy {
  if (!isCalendarDate(asOf)) throw new DomainError('INVALID_DATE', `"${asOf}" is not a date in the form yyyy-mm-dd`);
  const units = new Map<string, UnitVersion>();
  for (const version of versions) {
    if (!isValidOn(version, asOf)) continue;
    if (units.has(version.code)) {
      throw new DomainError('OVERLAPPING_UNIT_VERSIONS', `Unit ${version.code} has two versions in force on ${formatDate(asOf)}`);
    }
    units.set(version.code, version);
  }
  const children = new Map<string, string[]>();
  for (const unit of units.values()) {
    if (unit.parentCode === undefined || !units.has(unit.parentCode)) continue;
    const siblings = children.get(unit.parentCode) ?? [];
    siblings.push(unit.code);
    children.set(unit.parentCode, siblings);
  }
  return { asOf, units, children };
}

/** The unit with this code on the hierarchy's date; a clear error when it did not exist then. */
export function unitOn(hierarchy: UnitHierarchy, code: string): UnitVersion {
  const unit = hierarchy.units.get(code);
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', `Unit ${code} does not exist on ${formatDate(hierarchy.asOf)}`);
  return unit;
}

export function parentOf(hierarchy: UnitHierarchy, code: string): UnitVersion | undefined {
  const parentCode = unitOn(hierarchy, code).parentCode;
  return parentCode === undefined ? undefined : hierarchy.units.get(parentCode);
}

export function childrenOf(hierarchy: UnitHierarchy, code: string): UnitVersion[] {
  unitOn(hierarchy, code);
  return (hierarchy.children.get(code) ?? []).map((child) => unitOn(hierarchy, child));
}

/** Parent first, root last. Stops at a repeated unit so that bad data cannot loop forever. */
export function ancestors(hierarchy: UnitHierarchy, code: string): UnitVersion[] {
  const result: UnitVersion[] = [];
  const seen = new Set([code]);
  for (let parent = parentOf(hierarchy, code); parent && !seen.has(parent.code); parent = parentOf(hierarchy, parent.code)) {
    seen.add(parent.code);
    result.push(parent);
  }
  return result;
}

/** Every unit below `code`, at any depth, each parent before its children. */
export function descendants(hierarchy: UnitHierarchy, code: string): UnitVersion[] {
  const result: UnitVersion[] = [];
  const seen = new Set([code]);
  const visit = (current: string) => {
    for (const child of childrenOf(hierarchy, current)) {
      if (seen.has(child.code)) continue;
      seen.add(child.code);
      result.push(child);
      visit(child.code);
    }
  };
  visit(code);
  return result;
}

/** A unit is within its own scope and within the scope of every unit above it. Unknown codes are within nothing. */
export function isWithin(hierarchy: UnitHierarchy, code: string, scopeCode: string): boolean {
  if (!hierarchy.units.has(code) || !hierarchy.units.has(scopeCode)) return false;
  return code === scopeCode || ancestors(hierarchy, code).some((unit) => unit.code === scopeCode);
}

/**
 * Problems with a set of unit versions (empty = usable). Existence and structure only change on a
 * version boundary, so checking every boundary date inside a version's validity checks all its days.
 */
export function validateUnitVersions(versions: readonly UnitVersion[]): string[] {
  const problems: string[] = [];
  const label = (v: UnitVersion) => `Unit ${v.code} (version from ${isCalendarDate(v.validFrom) ? formatDate(v.validFrom) : v.validFrom})`;

  const usable: UnitVersion[] = [];
  for (const v of versions) {
    const before = problems.length;
    if (!UNIT_CODE_PATTERN.test(v.code))
      problems.push(`Unit code "${v.code}" must be 1–32 upper-case letters, digits, dots, dashes or underscores`);
    if (!v.name?.trim()) problems.push(`${label(v)} needs a name`);
    if (!KINDS.includes(v.kind)) problems.push(`${label(v)} has kind "${v.kind}"; use one of ${KINDS.join(', ')}`);
    if (!isCalendarDate(v.validFrom)) problems.push(`${label(v)}: validFrom "${v.validFrom}" is not a date in the form yyyy-mm-dd`);
    if (v.validTo !== undefined && !isCalendarDate(v.validTo))
      problems.push(`${label(v)}: validTo "${v.validTo}" is not a date in the form yyyy-mm-dd`);
    else if (v.validTo !== undefined && v.validTo <= v.validFrom) problems.push(`${label(v)}: validTo must be after validFrom`);
    if (v.parentCode === v.code) problems.push(`${label(v)} cannot be its own parent`);
    if (v.kind === 'board' && v.parentCode !== undefined)
      problems.push(`${label(v)} is a board, the top of the organisation; remove its parentCode`);
    if (v.kind === 'division' && v.parentCode === undefined) problems.push(`${label(v)} is a division and needs a parentCode`);
    if (problems.length === before) usable.push(v);
  }

  // No two versions of one code in force on the same day.
  const byCode = new Map<string, UnitVersion[]>();
  for (const v of usable) byCode.set(v.code, [...(byCode.get(v.code) ?? []), v]);
  for (const [code, list] of byCode) {
    const sorted = [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      if (previous.validTo === undefined || previous.validTo > sorted[i].validFrom) {
        problems.push(
          `Unit ${code} has overlapping versions: the one from ${formatDate(previous.validFrom)} is still in force on ${formatDate(sorted[i].validFrom)}; end it with validTo`,
        );
      }
    }
  }
  if (problems.length > 0) return problems; // the day-by-day checks below need one version per code and day

  const boundaries = [...new Set(usable.flatMap((v) => (v.validTo ? [v.validFrom, v.validTo] : [v.validFrom])))].sort();
  const reported = new Set<string>();
  const report = (message: string) => {
    if (!reported.has(message)) problems.push(message);
    reported.add(message);
  };
  for (const day of boundaries) {
    const hierarchy = hierarchyAsOf(usable, day);
    for (const unit of hierarchy.units.values()) {
      if (unit.parentCode === undefined) continue;
      const parent = hierarchy.units.get(unit.parentCode);
      if (!parent) {
        report(
          `${label(unit)}: its parent ${unit.parentCode} does not exist on ${formatDate(day)}; give the unit a new version with a parent that does`,
        );
      } else if (KIND_RANK[parent.kind] < KIND_RANK[unit.kind]) {
        report(
          `${label(unit)} is a ${unit.kind} but its parent ${parent.code} is a ${parent.kind} on ${formatDate(day)}; a unit cannot sit below a lower kind`,
        );
      }
    }
    for (const cycle of cyclesIn(hierarchy))
      report(`Units ${cycle.join(' → ')} form a cycle on ${formatDate(day)}; a unit cannot be its own ancestor`);
  }
  return problems;
}

/** Each cycle once, as the codes on it, starting from its smallest code. */
function cyclesIn(hierarchy: UnitHierarchy): string[][] {
  const cycles = new Map<string, string[]>();
  for (const start of hierarchy.units.keys()) {
    const path: string[] = [];
    for (let code: string | undefined = start; code !== undefined; code = hierarchy.units.get(code)?.parentCode) {
      const at = path.indexOf(code);
      if (at >= 0) {
        const cycle = path.slice(at);
        const first = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        cycles.set(rotated.join(), [...rotated, rotated[0]]);
        break;
      }
      path.push(code);
    }
  }
  return [...cycles.values()];
}
