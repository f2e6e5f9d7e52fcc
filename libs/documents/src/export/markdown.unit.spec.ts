import { mkdirSync, writeFileSync } from 'node:fs';
import { deriveDraft, hierarchyAsOf, type PlanDraft } from '#domain';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';
import { renderMarkdown } from './markdown.js';
import { buildPlanDocument, type ExportContext } from './plan-document.js';

const units = hierarchyAsOf(SEED_UNIT_VERSIONS, SNGV_PLAN.issuedOn);
const context: ExportContext = {
  unitName: (code) => units.units.get(code)?.name,
  issuerKind: 'department',
  authority: 'UBND TỈNH HÀ TĨNH',
  parent: KH_119,
};
const markdownOf = (draft: PlanDraft, overrides: Partial<ExportContext> = {}) =>
  renderMarkdown(buildPlanDocument(draft, { ...context, ...overrides }));
const linesOf = (draft: PlanDraft, overrides: Partial<ExportContext> = {}) => markdownOf(draft, overrides).trimEnd().split('\n');
/** What SNGV derives from KH 119 the day after: unnumbered, unsigned, no targets or quotas yet. */
const derived = deriveDraft(KH_119, 'kh-119', units.units.get('SNGV')!, '2022-04-28', units);

const SNGV_PLAN_TEXT = `UBND TỈNH HÀ TĨNH
SỞ NGOẠI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-SNgV
Hà Tĩnh, ngày 27 tháng 4 năm 2022

KẾ HOẠCH
Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022 tại Sở Ngoại vụ

Thực hiện Kế hoạch số 119/KH-UBND ngày 27/4/2022 của Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh) về việc Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022, Sở Ngoại vụ xây dựng Kế hoạch thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Triển khai thực hiện phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” tại Sở Ngoại vụ; phát huy tinh thần đoàn kết, chủ động, sáng tạo của cán bộ, công chức, viên chức và người lao động, góp phần hoàn thành thắng lợi nhiệm vụ chính trị được giao.
2. Yêu cầu
Phong trào thi đua được tổ chức thiết thực, hiệu quả, tránh phô trương, hình thức; thường xuyên đôn đốc, kiểm tra, kịp thời sơ kết, tổng kết, phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến.

II. CHỈ TIÊU VÀ KHEN THƯỞNG
1. Chỉ tiêu thi đua
- Ít nhất 100% CBCCVC hoàn thành tốt nhiệm vụ.
- Ít nhất 15% CBCCVC đạt danh hiệu Chiến sĩ thi đua cơ sở.
2. Khen thưởng
- Giấy khen của Giám đốc Sở: 02 tập thể; 02 cá nhân.

III. THỜI GIAN THỰC HIỆN
1. Thời gian: Phong trào thi đua được triển khai từ 28/4/2022 đến hết 31/12/2022.
2. Các đợt thi đua
- Đợt 1: Từ 28/4/2022 đến 19/5/2022.
- Đợt 2: Từ 20/5/2022 đến 31/12/2022.
3. Thời hạn
- Đăng ký thi đua: trước ngày 28/4/2022.
- Sơ kết Đợt 1: hết ngày 25/5/2022.
- Tổng kết: hết ngày 15/12/2022.
- Đề nghị khen thưởng: hết ngày 30/11/2022.

IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở Ngoại vụ tổ chức triển khai thực hiện Kế hoạch này; báo cáo kết quả về Sở Ngoại vụ đúng thời hạn.
2. Phòng Lãnh sự tổ chức triển khai thực hiện Kế hoạch này; báo cáo kết quả về Sở Ngoại vụ đúng thời hạn.
3. Phòng Quản lý biên giới tổ chức triển khai thực hiện Kế hoạch này; báo cáo kết quả về Sở Ngoại vụ đúng thời hạn.
4. Văn phòng tham mưu Giám đốc theo dõi, đôn đốc, tổng hợp kết quả và đề xuất khen thưởng.

Nơi nhận:
- Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh) (để b/c);
- Văn phòng Sở Ngoại vụ (để t/h);
- Phòng Lãnh sự (để t/h);
- Phòng Quản lý biên giới (để t/h);
- Lưu: VT.

GIÁM ĐỐC
Phạm Thị Anh Thư
`;

describe('the Markdown of a plan', () => {
  it("writes Sở Ngoại vụ's plan line for line as the importer reads it", () => {
    const markdown = markdownOf(SNGV_PLAN);
    mkdirSync(new URL('../../../../test-results/documents/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../../../test-results/documents/sngv-plan.md', import.meta.url), markdown);
    expect(markdown).toBe(SNGV_PLAN_TEXT);
  });

  it('leaves the number of an unnumbered draft blank and the signer to be named', () => {
    const lines = linesOf(derived);
    expect(lines).toContain('Số:      /KH-SNGV');
    expect(lines).toContain('Hà Tĩnh, ngày 28 tháng 4 năm 2022');
    expect(lines.slice(-2)).toEqual(['GIÁM ĐỐC', '(Ký, ghi rõ họ tên)']);
    expect(linesOf({ ...derived, numberSymbol: '/KH-SNgV' })).toContain('Số:      /KH-SNgV');
  });

  it('omits what a draft does not have and renumbers the rest', () => {
    const headings = (draft: PlanDraft) =>
      linesOf(draft).filter((line) => /^([IV]+|\d+)\. /.test(line) && !line.includes('tổ chức triển khai'));
    expect(headings({ ...derived, phases: [], milestones: { ...derived.milestones, interimReviews: [] } })).toEqual([
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      '2. Yêu cầu',
      'II. THỜI GIAN THỰC HIỆN',
      '1. Thời gian: Phong trào thi đua được triển khai từ 27/4/2022 đến hết 31/12/2022.',
      '2. Thời hạn',
      'III. TỔ CHỨC THỰC HIỆN',
      '4. Văn phòng tham mưu Giám đốc theo dõi, đôn đốc, tổng hợp kết quả và đề xuất khen thưởng.',
    ]);
    const quotasOnly = headings({ ...derived, phases: [], milestones: { interimReviews: [] }, quotas: SNGV_PLAN.quotas });
    expect(quotasOnly.slice(3, 7)).toEqual([
      'II. CHỈ TIÊU VÀ KHEN THƯỞNG',
      '1. Khen thưởng',
      'III. THỜI GIAN THỰC HIỆN',
      '1. Thời gian: Phong trào thi đua được triển khai từ 27/4/2022 đến hết 31/12/2022.',
    ]);
    expect(quotasOnly[7]).toBe('IV. TỔ CHỨC THỰC HIỆN');
  });

  it("heads a board's plan with its own name only, dating it as Decree 30 pads days and months", () => {
    const lines = linesOf({ ...KH_119, issuedOn: '2023-01-08' }, { issuerKind: 'board', parent: undefined });
    expect(lines.slice(0, 6)).toEqual([
      'HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG TỈNH (UBND TỈNH)',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 119/KH-UBND',
      'Hà Tĩnh, ngày 08 tháng 01 năm 2023',
      '',
    ]);
    expect(lines.at(-2)).toBe('KT. CHỦ TỊCH, PHÓ CHỦ TỊCH');
  });

  it('cites every basis, the parent first, naming issuers it knows and showing the others as written', () => {
    const draft: PlanDraft = {
      ...SNGV_PLAN,
      bases: [
        { kind: 'directive', numberSymbol: '05/CT-UBND', issuedOn: '2022-03-01', issuer: 'TINH' },
        { kind: 'decision', numberSymbol: '12/QĐ-BNG', issuer: 'BNG' },
        { kind: 'other', numberSymbol: '06/2022/QH15' },
        ...SNGV_PLAN.bases,
      ],
    };
    expect(linesOf(draft, { parent: undefined })).toContain(
      'Thực hiện Kế hoạch số 119/KH-UBND ngày 27/4/2022 của Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh); Chỉ thị số 05/CT-UBND ngày 1/3/2022 của Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh); Quyết định số 12/QĐ-BNG của BNG; Văn bản số 06/2022/QH15, Sở Ngoại vụ xây dựng Kế hoạch thực hiện như sau:',
    );
  });

  it('words targets, quotas, deadlines and recipients from their fields', () => {
    const draft: PlanDraft = {
      ...SNGV_PLAN,
      targets: [
        { metric: 'LDTT', comparator: '=', value: 12.5, unit: 'percent', population: 'công chức' },
        { metric: 'sáng kiến được công nhận', comparator: '<=', value: 3, unit: 'count', population: 'phòng' },
      ],
      quotas: [
        { award: 'GIAY_KHEN', recipientKind: 'individual', count: 3 },
        { award: 'TLDTT', recipientKind: 'collective', count: 1 },
        { award: 'GIAY_KHEN', recipientKind: 'collective', count: 12 },
      ],
      milestones: { interimReviews: [], nomination: { date: '2022-05-20', rule: 'at', time: '16:00' } },
      recipients: [
        { unitCode: 'SNV', role: 'for-information' },
        ...SNGV_PLAN.recipients.slice(0, 1),
        { unitCode: 'XYZ', role: 'report-to' },
      ],
    };
    const lines = linesOf(draft);
    expect(lines).toEqual(
      expect.arrayContaining([
        '- 12,5% công chức đạt danh hiệu Lao động tiên tiến.',
        '- Tối đa 3 phòng sáng kiến được công nhận.',
        '- Giấy khen của Giám đốc Sở: 12 tập thể; 03 cá nhân.',
        '- Tập thể lao động tiên tiến: 01 tập thể.',
        '- Đề nghị khen thưởng: trước 16 giờ 00 ngày 20/5/2022.',
      ]),
    );
    expect(lines.slice(lines.indexOf('Nơi nhận:'), -3)).toEqual([
      'Nơi nhận:',
      '- XYZ (để b/c);',
      '- Văn phòng Sở Ngoại vụ (để t/h);',
      '- Sở Nội vụ (Ban Thi đua – Khen thưởng) (để biết);',
      '- Lưu: VT.',
    ]);
  });
});
