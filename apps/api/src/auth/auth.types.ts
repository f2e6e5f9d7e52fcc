/**
 * Who is calling, as established by a verified bearer token.
 *
 * - board: acts for its unit and every unit below it (the province board, e.g. TINH);
 * - department: acts for its unit and every unit below it (a Sở, e.g. SNGV, and its divisions);
 * - auditor: reads everything, changes nothing; a unit, if the token names one, is informational only.
 */
export const ROLES = ['board', 'department', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Roles whose scope is a unit and its descendants; the token must name that unit. */
export const UNIT_ROLES: readonly Role[] = ['board', 'department'];

export type AuthUser =
  { id: string; name: string; role: 'board' | 'department'; unit: string } | { id: string; name: string; role: 'auditor'; unit?: string };

/** "department SNGV", "auditor": how messages name the caller's role. */
export const describeRole = (user: AuthUser): string => (user.role === 'auditor' ? 'auditor' : `${user.role} ${user.unit}`);
