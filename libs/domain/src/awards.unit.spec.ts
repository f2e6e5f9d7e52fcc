import { AWARD_CODES, AWARDS, awardOf, canConfer, conferringLevel, RULE_SETS, ruleSetOn, type AwardCode, type UnitKind } from '#domain';

describe('award catalogue', () => {
  it.each<[AwardCode, string, string, string[]]>([
    ['LDTT', 'Lao động tiên tiến', 'title', ['individual']],
    ['CSTDCS', 'Chiến sĩ thi đua cơ sở', 'title', ['individual']],
    ['TLDTT', 'Tập thể lao động tiên tiến', 'title', ['collective']],
    ['TLDXS', 'Tập thể lao động xuất sắc', 'title', ['collective']],
    ['GIAY_KHEN', 'Giấy khen', 'form', ['individual', 'collective']],
    ['BANG_KHEN_TINH', 'Bằng khen của Chủ tịch UBND tỉnh', 'form', ['individual', 'collective']],
    ['CSTD_TINH', 'Chiến sĩ thi đua cấp tỉnh', 'title', ['individual']],
    ['CO_THI_DUA_TINH', 'Cờ thi đua của UBND tỉnh', 'title', ['collective']],
    ['BANG_KHEN_TTG', 'Bằng khen của Thủ tướng Chính phủ', 'form', ['individual', 'collective']],
    ['CSTD_TOAN_QUOC', 'Chiến sĩ thi đua toàn quốc', 'title', ['individual']],
    ['HUAN_CHUONG_LD_3', 'Huân chương Lao động hạng Ba', 'form', ['individual', 'collective']],
  ])('%s is "%s", a %s for %j', (code, name, kind, recipients) => {
    expect(AWARDS[code]).toEqual({ code, name, kind, recipients });
  });

  it('refuses an unknown award code with the list of known ones', () => {
    expect(() => awardOf('BANG_KHEN_BO')).toThrow(/"BANG_KHEN_BO" is not a known award; use one of LDTT, CSTDCS/);
  });
});

describe('rule sets by effective date', () => {
  it.each([
    ['2017-10-01', '2017'],
    ['2022-04-27', '2017'], // KH 119/KH-UBND
    ['2023-12-31', '2017'],
    ['2024-01-01', '2024'],
    ['2025-06-30', '2024'],
    ['2025-07-01', '2025'],
    ['2026-05-01', '2025'],
  ])('on %s the rule set is %s', (date, id) => {
    expect(ruleSetOn(date).id).toBe(id);
  });

  it('leaves no gap and no overlap between rule sets', () => {
    for (let i = 1; i < RULE_SETS.length; i++) expect(RULE_SETS[i].validFrom).toBe(RULE_SETS[i - 1].validTo);
    expect(RULE_SETS.at(-1)!.validTo).toBeUndefined();
  });

  it('refuses dates before the first rule set and malformed dates', () => {
    expect(() => ruleSetOn('2016-12-31')).toThrow(
      'No emulation rules are known for 31/12/2016; the earliest rule set starts on 01/10/2017',
    );
    expect(() => ruleSetOn('31/12/2022')).toThrow(/not a date/);
  });

  it('R3: the 15%-of-LĐTT cap on CSTĐCS belongs to the 2017 rules only', () => {
    expect(ruleSetOn('2022-04-27').caps).toEqual([
      { award: 'CSTDCS', ofAward: 'LDTT', maxPercent: 15, source: 'Nghị định 91/2017/NĐ-CP Điều 9 khoản 3' },
    ]);
    expect(ruleSetOn('2024-01-01').caps).toEqual([]);
    expect(ruleSetOn('2025-07-01').caps).toEqual([]);
  });

  it('R25: registration is a basis for titles before 2024 only', () => {
    expect(RULE_SETS.map((r) => [r.id, r.registrationIsBasisForTitles])).toEqual([
      ['2017', true],
      ['2024', false],
      ['2025', false],
    ]);
  });
});

describe('conferring authority (R11)', () => {
  const dates = ['2022-04-27', '2024-06-01', '2025-07-01'];
  const matrix: [UnitKind, AwardCode[]][] = [
    ['department', ['LDTT', 'CSTDCS', 'TLDTT', 'GIAY_KHEN']],
    ['board', ['TLDXS', 'BANG_KHEN_TINH', 'CSTD_TINH', 'CO_THI_DUA_TINH']],
    ['division', []],
  ];

  it.each(
    dates.flatMap((date) =>
      matrix.flatMap(([kind, confers]) => AWARD_CODES.map((award) => [date, kind, award, confers.includes(award)] as const)),
    ),
  )('on %s a %s confers %s: %s', (date, kind, award, expected) => {
    expect(canConfer(kind, award, date)).toBe(expected);
  });

  it.each<[AwardCode, string]>([
    ['LDTT', 'department'],
    ['CSTDCS', 'department'],
    ['TLDTT', 'department'],
    ['GIAY_KHEN', 'department'],
    ['TLDXS', 'board'],
    ['BANG_KHEN_TINH', 'board'],
    ['CSTD_TINH', 'board'],
    ['CO_THI_DUA_TINH', 'board'],
    ['BANG_KHEN_TTG', 'central'],
    ['CSTD_TOAN_QUOC', 'central'],
    ['CO_THI_DUA_CP', 'central'],
    ['HUAN_CHUONG_LD_3', 'central'],
    ['HUAN_CHUONG_LD_2', 'central'],
  ])('%s is conferred at the %s level', (award, level) => {
    for (const date of dates) expect(conferringLevel(award, date)).toBe(level);
  });

  it('accepts a resolved rule set instead of a date', () => {
    expect(canConfer('department', 'GIAY_KHEN', ruleSetOn('2022-04-27'))).toBe(true);
    expect(conferringLevel('TLDXS', RULE_SETS[2])).toBe('board');
  });
});
