import {
  deriveDraft,
  errorsOf,
  hierarchyAsOf,
  ruleSetOn,
  unitOn,
  validateDerived,
  validatePlan,
  type Deadline,
  type PlanContext,
  type PlanDraft,
} from '#domain';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';

const units = hierarchyAsOf(SEED_UNIT_VERSIONS, '2022-04-27');
const context: PlanContext = { units, ruleSet: ruleSetOn('2022-04-27') };
const derived = deriveDraft(KH_119, 'kh-119', unitOn(units, 'SNGV'), '2022-04-27', units);

describe('deriving a department plan from KH 119/KH-UBND', () => {
  it("cites the parent, inherits its frame and deadlines, and sends the plan to the department's divisions", () => {
    expect(derived).toMatchObject({
      issuedOn: '2022-04-27',
      issuingUnit: 'SNGV',
      parentPlanId: 'kh-119',
      title:
        'Kế hoạch thực hiện Kế hoạch số 119/KH-UBND ngày 27/04/2022: Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022 tại Sở Ngoại vụ',
      bases: [{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: 'kh-119' }],
      movement: KH_119.movement,
      kind: 'thematic',
      timeFrame: KH_119.timeFrame,
      phases: KH_119.phases,
      milestones: KH_119.milestones,
      quotas: [],
      signer: { name: '', title: 'Giám đốc' },
      recipients: [
        { unitCode: 'SNGV.VP', role: 'implement' },
        { unitCode: 'SNGV.LS', role: 'implement' },
        { unitCode: 'SNGV.BG', role: 'implement' },
        { unitCode: 'TINH', role: 'report-to' },
      ],
    });
  });

  it("copies rather than shares the parent's data", () => {
    const copy = deriveDraft(KH_119, 'kh-119', unitOn(units, 'SNGV'), '2022-04-27', units);
    copy.milestones.registration!.date = '2022-04-20';
    copy.phases[0].endsOn = '2022-05-01';
    expect(KH_119.milestones.registration!.date).toBe('2022-04-28');
    expect(KH_119.phases[0].endsOn).toBe('2022-05-19');
  });

  it('is consistent with its parent as derived, and valid once the department fills in number and signer', () => {
    expect(validateDerived(derived, KH_119, context)).toEqual([]);
    expect(validatePlan(derived, context).map((p) => p.field)).toEqual(['numberSymbol', 'signer.name']);
    const filled: PlanDraft = { ...derived, numberSymbol: '45/KH-SNgV', signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' } };
    expect(validatePlan(filled, context)).toEqual([]);
  });

  it("the seed's finished Sở Ngoại vụ plan is consistent with KH 119", () => {
    expect(validateDerived(SNGV_PLAN, KH_119, context)).toEqual([]);
  });
});

describe("a derived plan's deadlines never fall after its parent's", () => {
  const withRegistration = (plan: PlanDraft, registration: Deadline): PlanDraft => ({
    ...plan,
    milestones: { ...plan.milestones, registration },
  });

  it('reports a later registration with both instants, as users read them', () => {
    const parent = withRegistration(KH_119, { date: '2022-04-27', rule: 'before' });
    const child = withRegistration(derived, { date: '2022-04-28', rule: 'before' });
    expect(validateDerived(child, parent, context)).toEqual([
      {
        severity: 'error',
        field: 'milestones.registration',
        code: 'DEADLINE_AFTER_PARENT',
        message:
          "milestones.registration (28/04/2022 00:00) falls after the parent plan's registration deadline (27/04/2022 00:00); set it on or before the parent's",
      },
    ]);
  });

  it.each<[string, Deadline, boolean]>([
    ['"trước ngày 28/4" against the same', { date: '2022-04-28', rule: 'before' }, true],
    ['"hết ngày 27/4", the same instant', { date: '2022-04-27', rule: 'end-of-day' }, true],
    ['an earlier day', { date: '2022-04-26', rule: 'end-of-day' }, true],
    ['"hết ngày 28/4", a day later', { date: '2022-04-28', rule: 'end-of-day' }, false],
  ])('registration %s against the parent\'s "trước ngày 28/4/2022": allowed %s', (_, registration, allowed) => {
    expect(validateDerived(withRegistration(derived, registration), KH_119, context)).toHaveLength(allowed ? 0 : 1);
  });

  it.each<[string, PlanDraft['milestones'], string, RegExp]>([
    [
      'interim review of the same phase',
      { ...KH_119.milestones, interimReviews: [{ phase: 'Đợt 1', deadline: { date: '2022-05-26', rule: 'end-of-day' } }] },
      'milestones.interimReviews[0]',
      /\(26\/05\/2022 24:00\) falls after the parent plan's interim review deadline for Đợt 1 \(25\/05\/2022 24:00\)/,
    ],
    [
      'final review',
      { ...KH_119.milestones, finalReview: { date: '2022-12-20', rule: 'before' } },
      'milestones.finalReview',
      /falls after the parent plan's final review deadline \(15\/12\/2022 24:00\)/,
    ],
    [
      'nomination',
      { ...KH_119.milestones, nomination: { date: '2022-12-01', rule: 'end-of-day' } },
      'milestones.nomination',
      /\(01\/12\/2022 24:00\) falls after the parent plan's nomination deadline \(30\/11\/2022 24:00\)/,
    ],
  ])('reports a later %s', (_, milestones, field, message) => {
    const problems = validateDerived({ ...derived, milestones }, KH_119, context);
    expect(problems.map((p) => [p.field, p.code])).toEqual([[field, 'DEADLINE_AFTER_PARENT']]);
    expect(problems[0].message).toMatch(message);
  });

  it('does not compare a phase the parent has no review for, nor a deadline the parent does not set', () => {
    const parent: PlanDraft = { ...KH_119, milestones: { interimReviews: [] } };
    expect(validateDerived(derived, parent, context)).toEqual([]);
  });
});

describe("a derived plan's quotas", () => {
  it.each<[string, PlanDraft['quotas'], string[]]>([
    ["within the province's Bằng khen quota", [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 10 }], []],
    [
      "above the province's Bằng khen quota",
      [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 12 }],
      ['quotas[0].count QUOTA_ABOVE_PARENT'],
    ],
    ['for an award the province confers but allots no quota for', [{ award: 'TLDXS', recipientKind: 'collective', count: 3 }], []],
    ["for the department's own Giấy khen", [{ award: 'GIAY_KHEN', recipientKind: 'individual', count: 8 }], []],
    ['for a central award', [{ award: 'BANG_KHEN_TTG', recipientKind: 'individual', count: 2 }], []],
  ])('%s', (_, quotas, expected) => {
    expect(validateDerived({ ...derived, quotas }, KH_119, context).map((p) => `${p.field} ${p.code}`)).toEqual(expected);
  });

  it('names the award, the counts and the conferring unit', () => {
    const [problem] = validateDerived(
      { ...derived, quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 12 }] },
      KH_119,
      context,
    );
    expect(problem.message).toBe(
      "quotas[0]: 12 individuals for Bằng khen của Chủ tịch UBND tỉnh exceeds the parent plan's quota of 10; TINH confers this award and allots at most 10",
    );
  });
});

describe("three levels: a division derives from its department's plan", () => {
  const office = deriveDraft(SNGV_PLAN, 'sngv-2022', unitOn(units, 'SNGV.VP'), '2022-04-28', units);

  it("cascades to the division's own team and reports to the department", () => {
    expect(office.recipients).toEqual([
      { unitCode: 'SNGV.VP.VT', role: 'implement' },
      { unitCode: 'SNGV', role: 'report-to' },
    ]);
    expect(office.signer.title).toBe('Trưởng phòng');
    expect(validateDerived(office, SNGV_PLAN, context)).toEqual([]);
  });

  it('cannot hand out more Giấy khen than the department allots ("02 tập thể; 02 cá nhân")', () => {
    const greedy: PlanDraft = {
      ...office,
      quotas: [
        { award: 'GIAY_KHEN', recipientKind: 'individual', count: 3 },
        { award: 'GIAY_KHEN', recipientKind: 'collective', count: 2 },
      ],
    };
    expect(validateDerived(greedy, SNGV_PLAN, context).map((p) => p.message)).toEqual([
      "quotas[0]: 3 individuals for Giấy khen exceeds the parent plan's quota of 2; SNGV confers this award and allots at most 2",
    ]);
  });
});

describe('who may derive, and when', () => {
  it.each<[string, Partial<PlanDraft>, string, RegExp]>([
    [
      'a unit that did not receive the plan',
      { issuingUnit: 'SNV' },
      'issuingUnit NOT_A_RECIPIENT',
      /SNV is not one of the units that implement the parent plan 119\/KH-UBND \(SNGV, SGDDT, STTTT\)/,
    ],
    [
      'a plan dated before its parent',
      { issuedOn: '2022-04-20' },
      'issuedOn ISSUED_BEFORE_PARENT',
      /issuedOn \(20\/04\/2022\) is before the parent plan 119\/KH-UBND was issued \(27\/04\/2022\)/,
    ],
    ['no parent id', { parentPlanId: undefined }, 'parentPlanId REQUIRED', /must name the plan it implements/],
    ['another movement', { movement: 'Thi đua yêu nước' }, 'movement MOVEMENT_DIFFERS', /differs from the parent plan's/],
  ])('reports %s', (_, change, expected, message) => {
    const problems = validateDerived({ ...derived, ...change }, KH_119, context);
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([expected]);
    expect(problems[0].message).toMatch(message);
  });

  it('derivation for a unit unknown on the date is refused', () => {
    expect(() => deriveDraft(KH_119, 'kh-119', { code: 'SKHCN-2025', name: 'x', kind: 'department' }, '2022-04-27', units)).toThrow(
      'Unit SKHCN-2025 does not exist on 27/04/2022',
    );
  });

  it('errorsOf keeps the movement warning out of the errors', () => {
    expect(errorsOf(validateDerived({ ...derived, movement: 'khác' }, KH_119, context))).toEqual([]);
  });
});
