import type { DataSource, EntityManager } from 'typeorm';
import {
  DomainError,
  hierarchyAsOf,
  isCalendarDate,
  validateUnitVersions,
  type UnitHierarchy,
  type UnitKind,
  type UnitVersion,
} from '#domain';

/** Either works: a DataSource, or the EntityManager of a transaction in progress. */
export type UnitSource = DataSource | EntityManager;

interface UnitVersionRow {
  code: string;
  name: string;
  kind: UnitKind;
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
}

// Dates as text: node-postgres would turn a `date` into a JS Date at the host's local midnight.
const COLUMNS = `code, name, kind, parent_code, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to`;

const managerOf = (source: UnitSource): EntityManager => ('manager' in source ? source.manager : source);

function toVersion(row: UnitVersionRow): UnitVersion {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    ...(row.parent_code !== null ? { parentCode: row.parent_code } : {}),
    validFrom: row.valid_from,
    ...(row.valid_to !== null ? { validTo: row.valid_to } : {}),
  };
}

function assertDate(asOf: string): void {
  if (!isCalendarDate(asOf)) throw new DomainError('INVALID_DATE', `"${asOf}" is not a date in the form yyyy-mm-dd`);
}

/** Every stored version, or only those in force on `asOf` (yyyy-mm-dd), ordered by code and start. */
export async function loadUnitVersions(source: UnitSource, options: { asOf?: string } = {}): Promise<UnitVersion[]> {
  const { asOf } = options;
  if (asOf !== undefined) assertDate(asOf);
  const rows: UnitVersionRow[] = await managerOf(source).query(
    `SELECT ${COLUMNS} FROM unit_versions
      WHERE $1::date IS NULL OR (valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date))
      ORDER BY code, valid_from`,
    [asOf ?? null],
  );
  return rows.map(toVersion);
}

/** The organisation as it stood on `asOf` (yyyy-mm-dd), e.g. a plan's issue date; each unit's children are listed by code. */
export async function loadUnitHierarchy(source: UnitSource, asOf: string): Promise<UnitHierarchy> {
  return hierarchyAsOf(await loadUnitVersions(source, { asOf }), asOf);
}

/**
 * Adds versions, or replaces stored ones with the same code and validFrom (e.g. to end a unit with
 * validTo when it merges). All or nothing: the whole resulting history must pass validateUnitVersions
 * (no overlaps, parents in force, boards above departments above divisions, no cycles), otherwise a
 * DomainError INVALID_UNIT_VERSIONS lists every problem and nothing is written. Writers are serialised.
 */
export async function saveUnitVersions(source: UnitSource, versions: readonly UnitVersion[]): Promise<void> {
  if (versions.length === 0) return;
  await managerOf(source).transaction(async (tx) => {
    await tx.query('LOCK TABLE unit_versions IN SHARE ROW EXCLUSIVE MODE');
    const key = (v: UnitVersion) => `${v.code}\n${v.validFrom}`;
    const merged = new Map((await loadUnitVersions(tx)).map((v) => [key(v), v]));
    for (const version of versions) merged.set(key(version), version);
    const problems = validateUnitVersions([...merged.values()]);
    if (problems.length > 0) throw new DomainError('INVALID_UNIT_VERSIONS', problems.join('; '));
    for (const v of versions) {
      await tx.query(
        `INSERT INTO unit_versions (code, valid_from, valid_to, name, kind, parent_code) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = EXCLUDED.valid_to, name = EXCLUDED.name, kind = EXCLUDED.kind, parent_code = EXCLUDED.parent_code`,
        [v.code, v.validFrom, v.validTo ?? null, v.name, v.kind, v.parentCode ?? null],
      );
    }
  });
}
