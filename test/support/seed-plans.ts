import type { PlanDraft, UnitVersion } from '#domain';

/**
 * Test data taken from real published plans: KH 119/KH-UBND of 27/4/2022 and Sở Ngoại vụ's plan
 * implementing it (the documents stay outside the repository; `npm run test:corpus -- DIR` runs over such a folder).
 * Where a plan does not say (place, KH 119's own deadlines, numbers), the values are marked "assumed". Not exported
 * from any package: test data.
 */
export const SEED_UNIT_VERSIONS: UnitVersion[] = [
  { code: 'TINH', name: 'Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh)', kind: 'board', validFrom: '2015-01-01' },
  { code: 'SNV', name: 'Sở Nội vụ (Ban Thi đua – Khen thưởng)', kind: 'department', parentCode: 'TINH', validFrom: '2015-01-01' },
  { code: 'SNGV', name: 'Sở Ngoại vụ', kind: 'department', parentCode: 'TINH', validFrom: '2015-01-01' },
  { code: 'SNGV.VP', name: 'Văn phòng Sở Ngoại vụ', kind: 'division', parentCode: 'SNGV', validFrom: '2015-01-01' },
  // A fourth level: a team inside the office, so that cascades deeper than three levels are exercised.
  { code: 'SNGV.VP.VT', name: 'Tổ Văn thư', kind: 'division', parentCode: 'SNGV.VP', validFrom: '2015-01-01' },
  { code: 'SNGV.LS', name: 'Phòng Lãnh sự', kind: 'division', parentCode: 'SNGV', validFrom: '2015-01-01' },
  { code: 'SNGV.BG', name: 'Phòng Quản lý biên giới', kind: 'division', parentCode: 'SNGV', validFrom: '2015-01-01' },
  { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: 'TINH', validFrom: '2015-01-01' },
  // The merger: Sở Thông tin và Truyền thông and Sở Khoa học và Công nghệ become one department on 1/3/2025.
  {
    code: 'STTTT',
    name: 'Sở Thông tin và Truyền thông',
    kind: 'department',
    parentCode: 'TINH',
    validFrom: '2015-01-01',
    validTo: '2025-03-01',
  },
  {
    code: 'STTTT.VP',
    name: 'Văn phòng Sở Thông tin và Truyền thông',
    kind: 'division',
    parentCode: 'STTTT',
    validFrom: '2015-01-01',
    validTo: '2025-03-01',
  },
  {
    code: 'STTTT.CNTT',
    name: 'Trung tâm Công nghệ thông tin và Truyền thông',
    kind: 'division',
    parentCode: 'STTTT',
    validFrom: '2015-01-01',
    validTo: '2025-03-01',
  },
  {
    code: 'STTTT.CNTT',
    name: 'Trung tâm Công nghệ thông tin và Truyền thông',
    kind: 'division',
    parentCode: 'SKHCN-2025',
    validFrom: '2025-03-01',
  },
  {
    code: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ',
    kind: 'department',
    parentCode: 'TINH',
    validFrom: '2015-01-01',
    validTo: '2025-03-01',
  },
  {
    code: 'SKHCN.QLKH',
    name: 'Phòng Quản lý khoa học',
    kind: 'division',
    parentCode: 'SKHCN',
    validFrom: '2015-01-01',
    validTo: '2025-03-01',
  },
  { code: 'SKHCN.QLKH', name: 'Phòng Quản lý khoa học', kind: 'division', parentCode: 'SKHCN-2025', validFrom: '2025-03-01' },
  { code: 'SKHCN-2025', name: 'Sở Khoa học và Công nghệ (hợp nhất)', kind: 'department', parentCode: 'TINH', validFrom: '2025-03-01' },
];

/** KH 119/KH-UBND ngày 27/4/2022: the province launches "Toàn dân bảo vệ an ninh Tổ quốc" for 2022. */
export const KH_119: PlanDraft = {
  numberSymbol: '119/KH-UBND',
  place: 'Hà Tĩnh', // assumed
  issuedOn: '2022-04-27',
  issuingUnit: 'TINH',
  signer: { name: 'Người ký (assumed)', title: 'KT. Chủ tịch, Phó Chủ tịch' },
  title: 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022',
  movement: 'Toàn dân bảo vệ an ninh Tổ quốc',
  kind: 'thematic',
  bases: [{ kind: 'other', numberSymbol: '15/2003/QH11', issuer: 'Quốc hội' }],
  timeFrame: { from: '2022-04-27', to: '2022-12-31' },
  phases: [
    { name: 'Đợt 1', endsOn: '2022-05-19' },
    { name: 'Đợt 2', endsOn: '2022-12-31' },
  ],
  milestones: {
    registration: { date: '2022-04-28', rule: 'before' }, // "Đăng ký thi đua: trước ngày 28/4/2022"
    interimReviews: [{ phase: 'Đợt 1', deadline: { date: '2022-05-25', rule: 'end-of-day' } }], // assumed
    finalReview: { date: '2022-12-15', rule: 'end-of-day' }, // assumed
    nomination: { date: '2022-11-30', rule: 'end-of-day' }, // "hết ngày 30/11/2022"
  },
  targets: [{ metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value: 100, unit: 'percent', population: 'CBCCVC' }],
  quotas: [
    { award: 'BANG_KHEN_TINH', recipientKind: 'collective', count: 5 }, // assumed
    { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 10 }, // assumed
  ],
  recipients: [
    { unitCode: 'SNGV', role: 'implement' },
    { unitCode: 'SGDDT', role: 'implement' },
    { unitCode: 'STTTT', role: 'implement' },
    { unitCode: 'SNV', role: 'for-information' },
  ],
};

/** Sở Ngoại vụ's plan implementing KH 119, as a finished draft (seed 000, quotas and the 15% target from seed 002). */
export const SNGV_PLAN: PlanDraft = {
  ...KH_119,
  numberSymbol: '45/KH-SNgV', // assumed; the seed's header is cut off
  issuedOn: '2022-04-27', // assumed
  timeFrame: { from: '2022-04-28', to: '2022-12-31' }, // "từ 28/4/2022 đến hết 31/12/2022"
  issuingUnit: 'SNGV',
  signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' },
  title: 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022 tại Sở Ngoại vụ',
  bases: [{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: 'kh-119' }],
  parentPlanId: 'kh-119',
  targets: [
    { metric: 'hoàn thành tốt nhiệm vụ', comparator: '>=', value: 100, unit: 'percent', population: 'CBCCVC' },
    { metric: 'CSTDCS', comparator: '>=', value: 15, unit: 'percent', population: 'CBCCVC' }, // "Ít nhất 15% CBCCVC đạt … CSTĐ cơ sở"
  ],
  quotas: [
    { award: 'GIAY_KHEN', recipientKind: 'collective', count: 2 }, // "Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân"
    { award: 'GIAY_KHEN', recipientKind: 'individual', count: 2 },
  ],
  recipients: [
    { unitCode: 'SNGV.VP', role: 'implement' },
    { unitCode: 'SNGV.LS', role: 'implement' },
    { unitCode: 'SNGV.BG', role: 'implement' },
    { unitCode: 'TINH', role: 'report-to' }, // "Nơi nhận: Ban TĐKT tỉnh"
  ],
};
