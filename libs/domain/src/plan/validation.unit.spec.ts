import {
  amendmentErrors,
  contentProblems,
  errorsOf,
  hierarchyAsOf,
  ruleSetOn,
  validatePlan,
  warningsOf,
  type PlanContext,
  type PlanDraft,
  type PlanProblem,
} from '#domain';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';

const contextOn = (date: string): PlanContext => ({ units: hierarchyAsOf(SEED_UNIT_VERSIONS, date), ruleSet: ruleSetOn(date) });
const in2022 = contextOn('2022-04-27');
const brief = (problems: PlanProblem[]) => problems.map(({ severity, field, code }) => `${severity} ${field} ${code}`);

describe('plan validation', () => {
  it('accepts KH 119/KH-UBND as issued on 27/4/2022', () => {
    expect(validatePlan(KH_119, in2022)).toEqual([]);
  });

  it('accepts Sở Ngoại vụ\'s plan but warns that "ít nhất 15% CSTĐCS" sits at the 2017 cap', () => {
    const problems = validatePlan(SNGV_PLAN, in2022);
    expect(errorsOf(problems)).toEqual([]);
    expect(warningsOf(problems)).toEqual([
      {
        severity: 'warning',
        field: 'targets[1]',
        code: 'TARGET_AT_CAP',
        message:
          'targets[1] (at least 15% Chiến sĩ thi đua cơ sở among CBCCVC) is at the cap of rule set 2017: Nghị định 91/2017/NĐ-CP Điều 9 khoản 3 allows Chiến sĩ thi đua cơ sở for at most 15% of those recognised as Lao động tiên tiến; lower the target or measure it against Lao động tiên tiến',
      },
    ]);
  });

  it.each<[string, number, '>=' | '<=' | '=', string | null]>([
    ['2022-04-27', 15, '>=', 'is at the cap'],
    ['2022-04-27', 20, '>=', 'is above the cap'],
    ['2022-04-27', 15, '=', 'is at the cap'],
    ['2022-04-27', 10, '>=', null],
    ['2022-04-27', 15, '<=', null],
    ['2024-06-01', 15, '>=', null], // R3: no cap since 1/1/2024
    ['2025-07-01', 30, '>=', null],
  ])('on %s a target of %s%% CSTĐCS (%s) conflicts with a cap: %s', (date, value, comparator, message) => {
    const plan: PlanDraft = { ...SNGV_PLAN, targets: [{ metric: 'CSTDCS', comparator, value, unit: 'percent', population: 'CBCCVC' }] };
    const warnings = warningsOf(validatePlan(plan, contextOn(date))).filter((p) => p.code === 'TARGET_AT_CAP');
    expect(warnings.map((w) => /is (at|above) the cap/.exec(w.message)?.[0] ?? '')).toEqual(message ? [message] : []);
  });

  it('R25: a missing registration deadline is a warning under the 2017 rules only', () => {
    const plan: PlanDraft = { ...KH_119, milestones: { ...KH_119.milestones, registration: undefined } };
    expect(brief(validatePlan(plan, in2022))).toEqual(['warning milestones.registration REGISTRATION_MISSING']);
    expect(validatePlan(plan, { ...in2022, ruleSet: ruleSetOn('2024-01-01') })).toEqual([]);
  });

  const cases: [string, Partial<PlanDraft>, string, RegExp][] = [
    ['an empty number', { numberSymbol: '' }, 'error numberSymbol NUMBER_SYMBOL', /e\.g\. 119\/KH-UBND/],
    ['an empty signer', { signer: { name: '', title: 'Chủ tịch' } }, 'error signer.name REQUIRED', /signer.name is empty/],
    [
      'an impossible issue date',
      { issuedOn: '2022-02-30' },
      'error issuedOn INVALID_DATE',
      /issuedOn \("2022-02-30"\) must be a calendar date/,
    ],
    [
      'an issuer that does not exist',
      { issuingUnit: 'SKHCN-2025' },
      'error issuingUnit UNKNOWN_UNIT',
      /SKHCN-2025 did not exist on 27\/04\/2022/,
    ],
    [
      'a time frame backwards',
      { timeFrame: { from: '2022-12-31', to: '2022-04-27' } },
      'error timeFrame TIME_FRAME_ORDER',
      /timeFrame.from \(31\/12\/2022\) is after timeFrame.to \(27\/04\/2022\)/,
    ],
    [
      'phases out of order',
      {
        phases: [
          { name: 'Đợt 2', endsOn: '2022-12-31' },
          { name: 'Đợt 1', endsOn: '2022-05-19' },
        ],
        milestones: { ...KH_119.milestones, interimReviews: [] },
      },
      'error phases[1].endsOn PHASE_ORDER',
      /phases\[1\].endsOn \(Đợt 1, 19\/05\/2022\) must be after the previous phase ends \(Đợt 2, 31\/12\/2022\)/,
    ],
    [
      'a phase ending before the time frame starts',
      { timeFrame: { from: '2022-05-20', to: '2022-12-31' }, milestones: { interimReviews: [] } },
      'error phases[0].endsOn PHASE_BEFORE_TIME_FRAME',
      /phases\[0\].endsOn \(Đợt 1, 19\/05\/2022\) is before the time frame starts \(20\/05\/2022\)/,
    ],
    [
      'a phase ending after the time frame',
      {
        phases: [
          { name: 'Đợt 1', endsOn: '2022-05-19' },
          { name: 'Đợt 2', endsOn: '2023-01-15' },
        ],
      },
      'error phases[1].endsOn PHASE_AFTER_TIME_FRAME',
      /is after the time frame ends \(31\/12\/2022\)/,
    ],
    [
      'a duplicate phase name',
      {
        phases: [
          { name: 'Đợt 1', endsOn: '2022-05-19' },
          { name: 'Đợt 1', endsOn: '2022-12-31' },
        ],
      },
      'error phases[1].name DUPLICATE_PHASE',
      /phase names must be unique/,
    ],
    [
      'a nomination deadline outside the time frame',
      { milestones: { ...KH_119.milestones, nomination: { date: '2023-01-05', rule: 'end-of-day' } } },
      'error milestones.nomination MILESTONE_OUTSIDE_TIME_FRAME',
      /milestones.nomination \(05\/01\/2023 24:00\) falls outside the time frame \(27\/04\/2022 – 31\/12\/2022\)/,
    ],
    [
      'a registration deadline that closes before the plan is issued',
      {
        timeFrame: { from: '2022-04-01', to: '2022-12-31' },
        milestones: { ...KH_119.milestones, registration: { date: '2022-04-27', rule: 'before' } },
      },
      'error milestones.registration MILESTONE_BEFORE_ISSUE',
      /milestones.registration \(27\/04\/2022 00:00\) closes before the plan is issued \(27\/04\/2022\)/,
    ],
    [
      'a registration after the interim review',
      { milestones: { ...KH_119.milestones, registration: { date: '2022-06-01', rule: 'before' } } },
      'error milestones.registration MILESTONE_ORDER',
      /falls after the interim review deadline for Đợt 1 \(25\/05\/2022 24:00\); units register before they are reviewed/,
    ],
    [
      'an interim review of an unknown phase',
      { milestones: { ...KH_119.milestones, interimReviews: [{ phase: 'Đợt 3', deadline: { date: '2022-06-01', rule: 'before' } }] } },
      'error milestones.interimReviews[0].phase UNKNOWN_PHASE',
      /"Đợt 3"\) is not one of the plan's phases \(Đợt 1, Đợt 2\)/,
    ],
    [
      'a malformed deadline',
      { milestones: { ...KH_119.milestones, finalReview: { date: '2022-12-15', rule: 'soon' as never } } },
      'error milestones.finalReview INVALID_DEADLINE',
      /"before" \(trước ngày\), "end-of-day" \(hết ngày\), or "at" with a time HH:mm/,
    ],
    [
      'a percentage above 100',
      { targets: [{ metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value: 120, unit: 'percent', population: 'CBCCVC' }] },
      'error targets[0].value TARGET_PERCENT_RANGE',
      /targets\[0\].value \(120%\) must be a percentage between 0 and 100/,
    ],
    [
      'a negative percentage',
      { targets: [{ metric: 'x', comparator: '>=', value: -1, unit: 'percent', population: 'CBCCVC' }] },
      'error targets[0].value TARGET_PERCENT_RANGE',
      /\(-1%\)/,
    ],
    [
      'a fractional count',
      { targets: [{ metric: 'sáng kiến', comparator: '>=', value: 2.5, unit: 'count', population: 'Sở' }] },
      'error targets[0].value TARGET_COUNT',
      /whole number/,
    ],
    [
      'a zero quota',
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 0 }] },
      'error quotas[0].count QUOTA_COUNT',
      /quotas\[0\].count \(0\) must be a whole number from 1 to 10000/,
    ],
    [
      'a quota for the wrong recipient kind',
      { quotas: [{ award: 'TLDXS', recipientKind: 'individual', count: 1 }] },
      'error quotas[0].recipientKind AWARD_RECIPIENT_KIND',
      /Tập thể lao động xuất sắc is awarded to collectives only, not individuals/,
    ],
    [
      'a province quota for an award departments confer',
      { quotas: [{ award: 'GIAY_KHEN', recipientKind: 'individual', count: 2 }] },
      'error quotas[0].award AWARD_BELOW_ISSUER_LEVEL',
      /Giấy khen is conferred by a department director \(Giám đốc Sở\), below TINH/,
    ],
    [
      'a duplicate quota',
      {
        quotas: [
          { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 },
          { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 3 },
        ],
      },
      'error quotas[1] DUPLICATE_QUOTA',
      /merge them into one/,
    ],
    [
      'an unknown award',
      { quotas: [{ award: 'BANG_KHEN_BO' as never, recipientKind: 'individual', count: 2 }] },
      'error quotas[0].award UNKNOWN_AWARD',
      /"BANG_KHEN_BO"/,
    ],
    [
      'a recipient that does not exist yet',
      { recipients: [{ unitCode: 'SKHCN-2025', role: 'implement' }] },
      'error recipients[0] UNKNOWN_UNIT',
      /unit SKHCN-2025 did not exist on 27\/04\/2022/,
    ],
    [
      'a duplicate recipient',
      {
        recipients: [
          { unitCode: 'SNGV', role: 'implement' },
          { unitCode: 'SNGV', role: 'for-information' },
        ],
      },
      'error recipients[1] DUPLICATE_RECIPIENT',
      /SNGV is already a recipient/,
    ],
    [
      'the issuer as a recipient',
      { recipients: [{ unitCode: 'TINH', role: 'for-information' }] },
      'error recipients[0] ISSUER_IS_RECIPIENT',
      /TINH issues this plan/,
    ],
    ['bad reminders', { reminders: [7, 0] }, 'error reminders[1] SCHEDULE', /reminders\[1\] \(0\)/],
    [
      'an escalation out of order',
      { escalation: { unit: 0, head: 8, board: 7 } },
      'error escalation SCHEDULE',
      /unit \(0\) ≤ head \(8\) ≤ board \(7\)/,
    ],
    // Every number that becomes a date, a duration or a count is bounded (limits.ts).
    [
      'an escalation of 1,000,000,000 days',
      { escalation: { unit: 0, head: 3, board: 1_000_000_000 } },
      'error escalation.board SCHEDULE',
      /escalation.board \(1000000000\) must be a whole number of days after the deadline, from 0 to 365/,
    ],
    ['a reminder of 100,000,000 days', { reminders: [100_000_000] }, 'error reminders[0] SCHEDULE', /from 1 to 365/],
    [
      'a quota of 1e9',
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 1e9 }] },
      'error quotas[0].count QUOTA_COUNT',
      /from 1 to 10000/,
    ],
    [
      'a quota of 2^31',
      { quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 ** 31 }] },
      'error quotas[0].count QUOTA_COUNT',
      /from 1 to 10000/,
    ],
    [
      "a count target above Vietnam's population",
      { targets: [{ metric: 'sáng kiến', comparator: '>=', value: 1e12, unit: 'count', population: 'Sở' }] },
      'error targets[0].value TARGET_COUNT',
      /from 0 to 100000000/,
    ],
    [
      'a time frame ending in 9999',
      { timeFrame: { from: '2022-04-27', to: '9999-12-31' } },
      'error timeFrame.to DATE_OUT_OF_RANGE',
      /timeFrame.to \(31\/12\/9999\) must fall between 01\/01\/2000 and 31\/12\/2099/,
    ],
    [
      'an issue date in 1900',
      { issuedOn: '1900-01-01', bases: [] },
      'error issuedOn DATE_OUT_OF_RANGE',
      /between 01\/01\/2000 and 31\/12\/2099/,
    ],
    [
      'a deadline in 9999',
      { milestones: { ...KH_119.milestones, nomination: { date: '9999-12-31', rule: 'end-of-day' } } },
      'error milestones.nomination DATE_OUT_OF_RANGE',
      /must fall between/,
    ],
    [
      'a time frame of ten years',
      { timeFrame: { from: '2022-04-27', to: '2032-04-26' } },
      'error timeFrame TIME_FRAME_TOO_LONG',
      /lasts 3653 days; a plan runs for at most 1830 days/,
    ],
    [
      'a phase name longer than a stage id may carry',
      {
        phases: [
          { name: 'Đ'.repeat(101), endsOn: '2022-05-19' },
          { name: 'Đợt 2', endsOn: '2022-12-31' },
        ],
      },
      'error phases[0].name PHASE_NAME_TOO_LONG',
      /at most 100 characters/,
    ],
    [
      'a basis issued after the plan',
      { bases: [{ kind: 'directive', numberSymbol: '02/CT-UBND', issuedOn: '2022-05-01' }] },
      'error bases[0].issuedOn BASIS_AFTER_PLAN',
      /bases\[0\] \(02\/CT-UBND\) is dated 01\/05\/2022, after this plan \(27\/04\/2022\)/,
    ],
    ['no basis', { bases: [] }, 'warning bases NO_BASIS', /căn cứ/],
    [
      'a parent plan not cited',
      { parentPlanId: 'kh-119' },
      'error bases MISSING_PARENT_BASIS',
      /bases must cite the parent plan \(a 'plan' basis with planId kh-119\)/,
    ],
    [
      'an issue date after the time frame',
      { issuedOn: '2023-01-02', bases: [] },
      'warning issuedOn ISSUED_AFTER_TIME_FRAME',
      /after the time frame ends/,
    ],
  ];

  it.each(cases)('reports %s', (_, change, expected, message) => {
    const problems = validatePlan({ ...KH_119, ...change }, in2022);
    const found = problems.find((p) => `${p.severity} ${p.field} ${p.code}` === expected);
    expect({ brief: brief(problems), found: !!found }).toMatchObject({ found: true });
    expect(found!.message).toMatch(message);
  });

  it('recipients that implement must be below the issuer; report-to and for-information need not be', () => {
    const plan: PlanDraft = {
      ...SNGV_PLAN,
      recipients: [
        { unitCode: 'SNGV.VP.VT', role: 'implement' }, // two levels down is still in scope
        { unitCode: 'STTTT.VP', role: 'implement' }, // another department's office
        { unitCode: 'TINH', role: 'report-to' },
        { unitCode: 'SNV', role: 'for-information' },
      ],
    };
    expect(errorsOf(validatePlan(plan, in2022))).toEqual([
      {
        severity: 'error',
        field: 'recipients[1]',
        code: 'OUTSIDE_SCOPE',
        message:
          'recipients[1]: STTTT.VP is not a unit under SNGV (Sở Ngoại vụ) on 27/04/2022, so it cannot implement this plan; make it "report-to" or "for-information"',
      },
    ]);
  });

  it('a department may set quotas for what it proposes upward, a division for what it proposes to its department', () => {
    const sngv: PlanDraft = {
      ...SNGV_PLAN,
      quotas: [
        ...SNGV_PLAN.quotas,
        { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 },
        { award: 'HUAN_CHUONG_LD_3', recipientKind: 'collective', count: 1 },
      ],
    };
    expect(errorsOf(validatePlan(sngv, in2022))).toEqual([]);
    const office: PlanDraft = {
      ...SNGV_PLAN,
      issuingUnit: 'SNGV.VP',
      quotas: [{ award: 'GIAY_KHEN', recipientKind: 'individual', count: 1 }],
      recipients: [
        { unitCode: 'SNGV.VP.VT', role: 'implement' },
        { unitCode: 'SNGV', role: 'report-to' },
      ],
    };
    expect(errorsOf(validatePlan(office, in2022))).toEqual([]);
  });

  it('never throws on malformed input; it reports every problem', () => {
    const broken = {
      ...KH_119,
      timeFrame: { from: 'x', to: '2022-13-01' },
      phases: [{ name: '', endsOn: '' }],
      milestones: { interimReviews: [] },
    } as PlanDraft;
    expect(brief(validatePlan(broken, in2022))).toEqual([
      'error timeFrame.from INVALID_DATE',
      'error phases[0].name REQUIRED',
      'error phases[0].endsOn INVALID_DATE',
      'warning milestones.registration REGISTRATION_MISSING',
    ]);
  });
});

describe('plan content without its context (what the plan decider checks)', () => {
  it('finds the same errors in dates, deadlines, targets, quotas and timers as validatePlan, and nothing on a valid plan', () => {
    const bad: PlanDraft = {
      ...KH_119,
      escalation: { unit: 0, head: 3, board: 1e9 },
      quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 ** 31 }],
    };
    expect(brief(errorsOf(contentProblems(bad)))).toEqual(['error quotas[0].count QUOTA_COUNT', 'error escalation.board SCHEDULE']);
    expect(contentProblems(KH_119)).toEqual([]);
  });

  it.each<[string, Parameters<typeof amendmentErrors>[1], string[]]>([
    [
      'a percent target of 12345',
      { targets: [{ metric: 'x', comparator: '>=', value: 12345, unit: 'percent', population: 'CBCCVC' }] },
      ['error targets[0].value TARGET_PERCENT_RANGE'],
    ],
    [
      'a percent target of -1',
      { targets: [{ metric: 'x', comparator: '>=', value: -1, unit: 'percent', population: 'CBCCVC' }] },
      ['error targets[0].value TARGET_PERCENT_RANGE'],
    ],
    [
      'a percent target of 1e308',
      { targets: [{ metric: 'x', comparator: '>=', value: 1e308, unit: 'percent', population: 'CBCCVC' }] },
      ['error targets[0].value TARGET_PERCENT_RANGE'],
    ],
    ['targets: [[]]', { targets: [[]] as never }, ['error targets[0] NOT_AN_OBJECT']],
    ['quotas: [[]]', { quotas: [[]] as never }, ['error quotas[0] NOT_AN_OBJECT']],
    ['quotas: null', { quotas: null as never }, ['error quotas NOT_A_LIST']],
    ['an empty title', { title: ' ' }, ['error title REQUIRED']],
  ])('an amendment cannot make a valid plan invalid: refuses %s', (_, changes, expected) => {
    expect(brief(amendmentErrors(KH_119, changes))).toEqual(expected);
  });
});
