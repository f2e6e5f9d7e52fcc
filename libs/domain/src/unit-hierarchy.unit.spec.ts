import {
  ancestors,
  childrenOf,
  descendants,
  hierarchyAsOf,
  isWithin,
  parentOf,
  unitOn,
  validateUnitVersions,
  type UnitVersion,
} from '#domain';
import { SEED_UNIT_VERSIONS } from '../../../test/support/seed-plans.js';

const codes = (units: { code: string }[]) => units.map((u) => u.code);
const in2022 = hierarchyAsOf(SEED_UNIT_VERSIONS, '2022-04-27');
const in2026 = hierarchyAsOf(SEED_UNIT_VERSIONS, '2026-01-01');

describe('effective-dated unit hierarchy', () => {
  it('accepts the seed organisation, merger included', () => {
    expect(validateUnitVersions(SEED_UNIT_VERSIONS)).toEqual([]);
  });

  it('resolves the 2022 structure for a 2022 plan even after the 2025 merger', () => {
    expect(codes(childrenOf(in2022, 'STTTT'))).toEqual(['STTTT.VP', 'STTTT.CNTT']);
    expect(in2022.units.has('SKHCN-2025')).toBe(false);
    expect(parentOf(in2022, 'STTTT.CNTT')?.code).toBe('STTTT');
    expect(isWithin(in2022, 'STTTT.CNTT', 'STTTT')).toBe(true);
    expect(isWithin(in2022, 'SKHCN.QLKH', 'SKHCN')).toBe(true);
  });

  it('resolves the merged department in 2026: the old ones are gone, their divisions moved', () => {
    expect(() => unitOn(in2026, 'STTTT')).toThrow('Unit STTTT does not exist on 01/01/2026');
    expect(in2026.units.has('SKHCN')).toBe(false);
    expect(codes(descendants(in2026, 'SKHCN-2025')).sort()).toEqual(['SKHCN.QLKH', 'STTTT.CNTT']);
    expect(isWithin(in2026, 'STTTT.CNTT', 'SKHCN-2025')).toBe(true);
    expect(isWithin(in2026, 'STTTT.CNTT', 'STTTT')).toBe(false);
    expect(in2026.units.has('STTTT.VP')).toBe(false); // dissolved with its department
  });

  it.each([
    ['2025-02-28', 'STTTT'],
    ['2025-03-01', 'SKHCN-2025'],
  ])('on %s the division belongs to %s (validTo is exclusive)', (date, parent) => {
    expect(parentOf(hierarchyAsOf(SEED_UNIT_VERSIONS, date), 'STTTT.CNTT')?.code).toBe(parent);
  });

  it('supports more than three levels: ancestors nearest first, descendants parent before child', () => {
    expect(codes(ancestors(in2022, 'SNGV.VP.VT'))).toEqual(['SNGV.VP', 'SNGV', 'TINH']);
    const below = codes(descendants(in2022, 'TINH'));
    expect(below).toContain('SNGV.VP.VT');
    expect(below.indexOf('SNGV.VP')).toBeLessThan(below.indexOf('SNGV.VP.VT'));
    expect(codes(descendants(in2022, 'SNGV'))).toEqual(['SNGV.VP', 'SNGV.VP.VT', 'SNGV.LS', 'SNGV.BG']);
  });

  it.each([
    ['SNGV', 'SNGV', true], // a unit is within its own scope
    ['SNGV.VP.VT', 'TINH', true],
    ['SNGV.VP.VT', 'SNGV', true],
    ['SNGV', 'SNGV.VP', false], // scope is downward only
    ['SGDDT', 'SNGV', false], // sister departments
    ['NOPE', 'TINH', false],
    ['SNGV', 'NOPE', false],
  ])('isWithin(%s, %s) is %s', (code, scope, expected) => {
    expect(isWithin(in2022, code, scope)).toBe(expected);
  });

  it('the board has no parent; unknown codes are refused with the date', () => {
    expect(parentOf(in2022, 'TINH')).toBeUndefined();
    expect(ancestors(in2022, 'TINH')).toEqual([]);
    expect(() => descendants(in2022, 'XYZ')).toThrow('Unit XYZ does not exist on 27/04/2022');
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => hierarchyAsOf(SEED_UNIT_VERSIONS, '2022-02-30')).toThrow(/not a date/);
  });

  const board: UnitVersion = { code: 'TINH', name: 'UBND tỉnh', kind: 'board', validFrom: '2015-01-01' };
  const dept = (code: string, extra: Partial<UnitVersion> = {}): UnitVersion => ({
    code,
    name: code,
    kind: 'department',
    parentCode: 'TINH',
    validFrom: '2015-01-01',
    ...extra,
  });

  it.each<[string, UnitVersion[], RegExp]>([
    [
      'overlapping versions of one code',
      [board, dept('A', { validTo: '2025-01-01' }), dept('A', { validFrom: '2024-06-01' })],
      /Unit A has overlapping versions: the one from 01\/01\/2015 is still in force on 01\/06\/2024/,
    ],
    ['two open-ended versions of one code', [board, dept('A'), dept('A', { validFrom: '2020-01-01' })], /overlapping versions/],
    ['a cycle', [board, dept('A', { parentCode: 'B' }), dept('B', { parentCode: 'A' })], /Units A → B → A form a cycle on 01\/01\/2015/],
    ['a unit as its own parent', [board, dept('A', { parentCode: 'A' })], /cannot be its own parent/],
    [
      'a parent that ends before its child',
      [board, dept('A', { validTo: '2025-03-01' }), { code: 'A.X', name: 'X', kind: 'division', parentCode: 'A', validFrom: '2015-01-01' }],
      /Unit A.X \(version from 01\/01\/2015\): its parent A does not exist on 01\/03\/2025/,
    ],
    [
      'a parent that starts after its child',
      [
        board,
        dept('A', { validFrom: '2020-01-01' }),
        { code: 'A.X', name: 'X', kind: 'division', parentCode: 'A', validFrom: '2019-01-01' },
      ],
      /its parent A does not exist on 01\/01\/2019/,
    ],
    ['a board with a parent', [board, { ...board, code: 'TINH2', parentCode: 'TINH' }], /is a board, the top of the organisation/],
    [
      'a division without a parent',
      [board, { code: 'X', name: 'X', kind: 'division', validFrom: '2015-01-01' }],
      /is a division and needs a parentCode/,
    ],
    [
      'a department below a division',
      [
        board,
        dept('A'),
        { code: 'A.X', name: 'X', kind: 'division', parentCode: 'A', validFrom: '2015-01-01' },
        dept('B', { parentCode: 'A.X' }),
      ],
      /is a department but its parent A.X is a division/,
    ],
    ['validTo not after validFrom', [board, dept('A', { validTo: '2015-01-01' })], /validTo must be after validFrom/],
    ['a malformed date', [board, dept('A', { validFrom: '2015-13-01' })], /validFrom "2015-13-01" is not a date/],
    ['a malformed code', [board, dept('sở ngoại vụ')], /Unit code "sở ngoại vụ" must be/],
    ['an empty name', [board, dept('A', { name: ' ' })], /needs a name/],
  ])('reports %s', (_, versions, message) => {
    expect(validateUnitVersions(versions)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('accepts a department that moves to a new parent with a second version', () => {
    const versions = [
      board,
      dept('A'),
      dept('B'),
      { code: 'X', name: 'X', kind: 'division' as const, parentCode: 'A', validFrom: '2015-01-01', validTo: '2024-01-01' },
      { code: 'X', name: 'X', kind: 'division' as const, parentCode: 'B', validFrom: '2024-01-01' },
    ];
    expect(validateUnitVersions(versions)).toEqual([]);
  });
});
