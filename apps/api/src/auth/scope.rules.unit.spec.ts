import type { AuthUser } from './auth.types.js';
import { decideAct, decideSee, outOfScopeMessage, roleUnitProblem, UnitTree } from './scope.rules.js';

// The demo tree (libs/persistence demo data), plus a third level below a division.
const units = new UnitTree([
  { code: 'TINH', parentCode: null, kind: 'board' },
  { code: 'SNV', parentCode: 'TINH', kind: 'department' },
  { code: 'SNGV', parentCode: 'TINH', kind: 'department' },
  { code: 'SNGV.VP', parentCode: 'SNGV', kind: 'division' },
  { code: 'SNGV.LS', parentCode: 'SNGV', kind: 'division' },
  { code: 'SNGV.LS.T1', parentCode: 'SNGV.LS', kind: 'division' },
  { code: 'SGDDT', parentCode: 'TINH', kind: 'department' },
  { code: 'SGDDT.VP', parentCode: 'SGDDT', kind: 'division' },
  { code: 'STTTT', parentCode: 'TINH', kind: 'department' },
]);

const board: AuthUser = { id: 'ban.tdkt@tinh', name: 'Ban Thi đua – Khen thưởng', role: 'board', unit: 'TINH' };
const sngv: AuthUser = { id: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' };
const auditor: AuthUser = { id: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' };

describe('UnitTree', () => {
  it('knows a unit is within itself and its ancestors, at any depth', () => {
    expect(units.isWithin('SNGV', 'SNGV')).toBe(true);
    expect(units.isWithin('SNGV.LS.T1', 'SNGV')).toBe(true);
    expect(units.isWithin('SNGV.LS.T1', 'TINH')).toBe(true);
    expect(units.isWithin('SNGV', 'SNGV.VP')).toBe(false);
    expect(units.isWithin('SGDDT.VP', 'SNGV')).toBe(false);
    expect(units.isWithin('NOPE', 'NOPE')).toBe(false);
  });

  it('lists a subtree', () => {
    expect([...units.subtree('SNGV')].sort()).toEqual(['SNGV', 'SNGV.LS', 'SNGV.LS.T1', 'SNGV.VP']);
    expect(units.subtree('NOPE').size).toBe(0);
  });

  it('stops on a cycle in the data instead of looping', () => {
    const broken = new UnitTree([
      { code: 'A', parentCode: 'B', kind: 'division' },
      { code: 'B', parentCode: 'A', kind: 'division' },
    ]);
    expect(broken.isWithin('A', 'C')).toBe(false);
    expect(broken.isWithin('A', 'B')).toBe(true);
  });
});

describe('scope rules', () => {
  it('lets a department see and act for its unit and everything below it, and nothing else', () => {
    for (const code of ['SNGV', 'SNGV.VP', 'SNGV.LS.T1']) {
      expect(decideSee(sngv, code, units)).toEqual({ allowed: true });
      expect(decideAct(sngv, code, units)).toEqual({ allowed: true });
    }
    for (const code of ['SGDDT', 'SGDDT.VP', 'TINH', 'SNV']) {
      expect(decideSee(sngv, code, units).allowed).toBe(false);
      expect(decideAct(sngv, code, units)).toEqual({ allowed: false, reason: 'a department acts only for SNGV and the units below it' });
    }
  });

  it('lets the board see and act for its unit and every unit below it', () => {
    for (const code of ['TINH', 'SNV', 'SGDDT', 'SNGV.LS.T1']) {
      expect(decideSee(board, code, units).allowed).toBe(true);
      expect(decideAct(board, code, units).allowed).toBe(true);
    }
  });

  it('lets an auditor see every unit and act for none', () => {
    for (const code of ['TINH', 'SGDDT', 'SNGV.LS.T1']) {
      expect(decideSee(auditor, code, units).allowed).toBe(true);
      expect(decideAct(auditor, code, units)).toEqual({ allowed: false, reason: 'an auditor has read-only access' });
    }
  });

  it('allows nothing for an unknown unit, or for a token naming an unknown unit', () => {
    expect(decideSee(auditor, 'NOPE', units)).toEqual({ allowed: false, reason: 'there is no unit NOPE' });
    expect(decideAct(board, 'NOPE', units)).toEqual({ allowed: false, reason: 'there is no unit NOPE' });
    const ghost: AuthUser = { ...sngv, unit: 'GONE' };
    expect(decideAct(ghost, 'SNGV', units)).toEqual({ allowed: false, reason: 'your token names unit GONE, which does not exist' });
    expect(decideSee(ghost, 'SNGV', units).allowed).toBe(false);
  });

  it('words a refusal with the role, its unit, the unit and the action', () => {
    const decision = decideAct(sngv, 'SGDDT', units);
    expect(decision.allowed).toBe(false);
    expect(outOfScopeMessage(sngv, 'act for', 'SGDDT', (decision as { reason: string }).reason, 'acknowledge the task')).toBe(
      'Your role (department SNGV) cannot act for unit SGDDT (acknowledge the task): a department acts only for SNGV and the units below it',
    );
    expect(outOfScopeMessage(auditor, 'act for', 'SGDDT', 'an auditor has read-only access')).toBe(
      'Your role (auditor) cannot act for unit SGDDT: an auditor has read-only access',
    );
  });

  it('lets a role name only a unit of its kind: board the board, department a department; an auditor any existing unit', () => {
    const fits = (role: AuthUser['role'], unit: string) => roleUnitProblem(role, unit, units.kindOf(unit));
    expect(fits('board', 'TINH')).toBeUndefined();
    expect(fits('department', 'SNGV')).toBeUndefined();
    expect(fits('auditor', 'TINH')).toBeUndefined();
    expect(fits('department', 'TINH')).toEqual({
      code: 'WRONG_UNIT_KIND',
      message: 'unit TINH is a board; the role department acts for a department unit',
    });
    expect(fits('board', 'SNGV')).toEqual({
      code: 'WRONG_UNIT_KIND',
      message: 'unit SNGV is a department; the role board acts for a board unit',
    });
    expect(fits('department', 'SNGV.VP')).toMatchObject({ code: 'WRONG_UNIT_KIND' });
    expect(fits('auditor', 'GONE')).toEqual({ code: 'UNKNOWN_UNIT', message: 'unit GONE does not exist' });
  });
});
