import { checkNominations, ruleSetOn, type Nomination, type NominationCheck, type NominationContext } from '#domain';
import { SNGV_PLAN } from '../../../test/support/seed-plans.js';

/** Sở Ngoại vụ reviewing its 2022 nominations ("hết ngày 30/11/2022"); quotas "Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân". */
const sngv: NominationContext = { quotas: SNGV_PLAN.quotas, issuerKind: 'department', date: '2022-11-30' };
const nominee = (
  name: string,
  award: Nomination['award'],
  nomineeKind: Nomination['nomineeKind'] = 'individual',
  achievement = 'Hoàn thành xuất sắc nhiệm vụ năm 2022',
): Nomination => ({
  name,
  award,
  nomineeKind,
  achievement,
});
const summary = (checks: NominationCheck[]) =>
  checks.map((c) =>
    c.outcome === 'error'
      ? `error ${c.errors.map((e) => e.code).join('+')}`
      : c.outcome === 'forward'
        ? `forward ${c.to} ${c.conferredAt}`
        : c.outcome,
  );

describe('nomination checks at a department', () => {
  it('decides its own awards within quota, forwards higher ones and refuses the rest', () => {
    const batch = [
      nominee('Phòng Lãnh sự', 'GIAY_KHEN', 'collective'),
      nominee('Nguyễn Văn A', 'GIAY_KHEN'),
      nominee('Trần Thị B', 'GIAY_KHEN'),
      nominee('Lê Văn C', 'GIAY_KHEN'), // third individual: over the quota of 2
      nominee('Phòng Quản lý biên giới', 'BANG_KHEN_TINH', 'collective'),
      nominee('Nguyễn Văn A', 'BANG_KHEN_TTG'),
      nominee('Phòng Lãnh sự', 'HUAN_CHUONG_LD_3', 'collective'),
      nominee('Văn phòng Sở', 'LDTT', 'collective'), // LĐTT is for individuals
      nominee('Phạm Văn D', 'LDTT', 'individual', '  '),
      nominee('Phạm Văn E', 'CSTDCS'),
      nominee('Phòng Lãnh sự', 'TLDTT', 'collective'),
    ];
    expect(summary(checkNominations(batch, sngv))).toEqual([
      'decide-here',
      'decide-here',
      'decide-here',
      'error QUOTA_EXCEEDED',
      'forward parent board',
      'forward parent central',
      'forward parent central',
      'error AWARD_RECIPIENT_KIND',
      'error ACHIEVEMENT_REQUIRED',
      'decide-here', // no quota set for CSTĐCS: no limit
      'decide-here',
    ]);
  });

  it('explains a quota overrun with the counts, counting earlier batches', () => {
    const checks = checkNominations(
      [nominee('Trần Thị B', 'GIAY_KHEN'), nominee('Phòng Lãnh sự', 'GIAY_KHEN', 'collective'), nominee('Nguyễn Văn A', 'GIAY_KHEN')],
      { ...sngv, alreadyApproved: [{ award: 'GIAY_KHEN', recipientKind: 'individual', count: 1 }] },
    );
    expect(checks[2]).toEqual({
      outcome: 'error',
      errors: [
        {
          code: 'QUOTA_EXCEEDED',
          message:
            'Nomination 3 (Nguyễn Văn A, Giấy khen, individual) exceeds the quota: the plan allots 2 individuals for Giấy khen and 2 are already nominated',
        },
      ],
    });
  });

  it('counts only awards decided here against quotas, and refused nominations not at all', () => {
    const context: NominationContext = {
      ...sngv,
      quotas: [...sngv.quotas, { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1 }],
    };
    const batch = [
      nominee('A', 'BANG_KHEN_TINH'),
      nominee('B', 'BANG_KHEN_TINH'),
      nominee('C', 'GIAY_KHEN', 'individual', ''),
      nominee('D', 'GIAY_KHEN'),
      nominee('E', 'GIAY_KHEN'),
    ];
    expect(summary(checkNominations(batch, context))).toEqual([
      'forward parent board',
      'forward parent board',
      'error ACHIEVEMENT_REQUIRED',
      'decide-here',
      'decide-here',
    ]);
  });

  it('collects every reason a nomination is refused, each naming the nomination', () => {
    const [check] = checkNominations([{ name: ' ', award: 'TLDXS', nomineeKind: 'individual', achievement: '' }], sngv);
    expect(check).toEqual({
      outcome: 'error',
      errors: [
        {
          code: 'NAME_REQUIRED',
          message:
            "Nomination 1 (no name, Tập thể lao động xuất sắc, individual): the nominee's name is empty; give the collective's or the person's full name",
        },
        {
          code: 'ACHIEVEMENT_REQUIRED',
          message:
            'Nomination 1 (no name, Tập thể lao động xuất sắc, individual): the achievement summary is empty; summarise what the nominee achieved (tóm tắt thành tích)',
        },
        {
          code: 'AWARD_RECIPIENT_KIND',
          message:
            'Nomination 1 (no name, Tập thể lao động xuất sắc, individual): Tập thể lao động xuất sắc is awarded to collectives only',
        },
      ],
    });
  });

  it('refuses the same nominee twice for the same award (one achievement, one award)', () => {
    const checks = checkNominations(
      [nominee('Nguyễn Văn A', 'LDTT'), nominee('nguyễn  văn a', 'LDTT'), nominee('Nguyễn Văn A', 'CSTDCS')],
      sngv,
    );
    expect(summary(checks)).toEqual(['decide-here', 'error DUPLICATE_NOMINATION', 'decide-here']);
    expect(checks[1]).toMatchObject({
      errors: [
        {
          message:
            'Nomination 2 (nguyễn  văn a, Lao động tiên tiến, individual) repeats nomination 1; a nominee receives an award once for one achievement',
        },
      ],
    });
  });

  it('refuses an unknown award code', () => {
    expect(summary(checkNominations([nominee('A', 'BANG_KHEN_BO' as never)], sngv))).toEqual(['error UNKNOWN_AWARD']);
  });
});

describe('nomination checks at other levels', () => {
  it.each<[string, NominationContext['issuerKind'], Nomination['award'], Nomination['nomineeKind'], string]>([
    ['the province decides its Bằng khen', 'board', 'BANG_KHEN_TINH', 'individual', 'decide-here'],
    ['the province decides Tập thể lao động xuất sắc', 'board', 'TLDXS', 'collective', 'decide-here'],
    [
      'the province forwards Bằng khen of the Prime Minister to the central level',
      'board',
      'BANG_KHEN_TTG',
      'individual',
      'forward central central',
    ],
    ['the province forwards CSTĐ toàn quốc', 'board', 'CSTD_TOAN_QUOC', 'individual', 'forward central central'],
    ['the province does not confer Giấy khen itself', 'board', 'GIAY_KHEN', 'individual', 'error AWARD_BELOW_ISSUER_LEVEL'],
    ['a division forwards Giấy khen to its department', 'division', 'GIAY_KHEN', 'individual', 'forward parent department'],
    ['a division forwards Bằng khen tỉnh upward', 'division', 'BANG_KHEN_TINH', 'collective', 'forward parent board'],
  ])('%s', (_, issuerKind, award, nomineeKind, expected) => {
    expect(summary(checkNominations([nominee('X', award, nomineeKind)], { quotas: [], issuerKind, date: '2022-11-30' }))).toEqual([
      expected,
    ]);
  });

  it('the province explains why it cannot confer a department-level award', () => {
    const [check] = checkNominations([nominee('Nguyễn Văn A', 'LDTT')], { quotas: [], issuerKind: 'board', date: '2022-11-30' });
    expect(check).toMatchObject({
      errors: [
        {
          message:
            "Nomination 1 (Nguyễn Văn A, Lao động tiên tiến, individual): Lao động tiên tiến is conferred by a department director (Giám đốc Sở), not at this level; the nominee's own unit decides it",
        },
      ],
    });
  });

  it('uses the rules in force on the date, or a rule set given directly', () => {
    expect(summary(checkNominations([nominee('A', 'GIAY_KHEN')], { ...sngv, date: ruleSetOn('2025-08-01') }))).toEqual(['decide-here']);
    expect(() => checkNominations([nominee('A', 'GIAY_KHEN')], { ...sngv, date: '2016-11-30' })).toThrow(
      /No emulation rules are known for 30\/11\/2016/,
    );
  });
});
