import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPlan, type Extracted, type ImportedPlan } from './index.js';

/**
 * The importer over the three real plans in ../shared/seeds (texts as the province published them, without
 * their Decree 30 headers) and over a full document with a header, deadlines and quotas (fixtures/).
 */
const SEEDS = path.resolve(process.cwd(), '../shared/seeds');
const seed = (name: string) => importPlan(readFileSync(path.join(SEEDS, name), 'utf8'));
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const values = <T>(found: readonly Extracted<T>[]) => found.map((f) => f.value);

/** Every extracted field, wherever it is in the result, says where it came from: its span slices to its source. */
function expectSpansToPointAtTheirSource(plan: ImportedPlan): number {
  let checked = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.span) && typeof record.source === 'string') {
      expect(plan.text.slice(...(record.span as [number, number]))).toBe(record.source);
      checked++;
    }
    Object.entries(record).forEach(([key, value]) => key !== 'draft' && visit(value));
  };
  visit({ ...plan, text: undefined });
  return checked;
}

describe('seed 000: Sở Ngoại vụ implements KH 119/KH-UBND (2022)', () => {
  const plan = seed('000_6b44c300a11ff662.txt');

  it('reads kind, title, movement, issuer and signer; the header it lacks is reported absent', () => {
    expect(plan.documentKind?.value).toEqual({ kind: 'plan', label: 'KẾ HOẠCH' });
    expect(plan.title?.value).toBe('Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022 tại Sở Ngoại vụ');
    expect(plan.movement?.value).toBe('Toàn dân bảo vệ an ninh Tổ quốc');
    expect(plan.issuingUnit?.value).toEqual({ name: 'Sở Ngoại vụ', authority: null, unitCode: null, from: 'preamble' });
    expect(plan.signer?.value).toEqual({ name: 'Phạm Thị Anh Thư', title: 'GIÁM ĐỐC' });
    expect(plan.absent).toEqual(['numberSymbol', 'place', 'issuedOn', 'phases', 'deadlines', 'targets', 'quotas']);
    expect([plan.numberSymbol, plan.place, plan.issuedOn]).toEqual([null, null, null]);
  });

  it('reads the basis with its date and issuer, and the documents the body cites', () => {
    expect(values(plan.bases)).toEqual([
      {
        kind: 'plan',
        kindLabel: 'Kế hoạch',
        number: '119',
        symbol: 'KH-UBND',
        numberSymbol: '119/KH-UBND',
        issuedOn: { iso: '2022-04-27', year: 2022, month: 4, day: 27, partial: false },
        issuer: 'UBND tỉnh',
        subject: 'phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022',
      },
    ]);
    expect(values(plan.references).map((r) => [r.kindLabel, r.numberSymbol, r.issuedOn?.iso, r.issuer])).toEqual([
      ['Quyết định', '272-QĐ-TW', '2015-01-21', 'Bộ Chính trị'],
      ['Kết luận', '33-KL/TW', '2018-07-25', 'Bộ Chính trị'],
      ['Chỉ thị', '38-CT/TW', '2014-07-21', 'Bộ Chính trị'],
      ['Chỉ thị', '21-CT/TW', '2012-12-21', 'Ban Bí thư'],
    ]);
  });

  it('reads the time frame despite the stray "tháng", and warns about it', () => {
    expect(plan.timeFrame?.value).toEqual({
      from: { iso: '2022-04-28', year: 2022, month: 4, day: 28, partial: false },
      to: { iso: '2022-12-31', year: 2022, month: 12, day: 31, partial: false },
    });
    expect(plan.timeFrame?.source).toBe('từ tháng 28/4/2022 đến hết 31/12/2022');
    expect(plan.warnings.map((w) => w.code)).toEqual(['STRAY_WORD']);
  });

  it('reads responsibilities, recipients with roles, and the sections', () => {
    expect(values(plan.responsibilities)).toEqual([
      {
        unit: 'Văn phòng Sở',
        duties:
          'có trách nhiệm\nTheo dõi những tập thể, cá nhân có thành tích xuất sắc trong thực hiện phong trào thi đua để đánh giá cán bộ, công chức và tiến hành bình xét khen thưởng.\nTham mưu tổ chức tổng kết đợt thi đua phong trào lồng ghép trong chương trình sơ kết, tổng kết hàng năm.',
        roles: ['advise', 'review', 'monitor'],
      },
      {
        unit: 'Lãnh đạo các phòng chuyên môn',
        duties: 'tổ chức triển khai thực hiện và chịu trách nhiệm trước Ban Giám đốc về chất lượng, hiệu quả, tiến độ công việc được giao của phòng mình.',
        roles: ['implement'],
      },
    ]);
    expect(values(plan.recipients)).toEqual([
      { name: 'Ban TĐKT tỉnh', role: 'report-to', roleFrom: 'name', unitCode: null },
      { name: 'Ban Giám đốc', role: 'for-information', roleFrom: 'name', unitCode: null },
      { name: 'Các phòng chuyên môn', role: 'implement', roleFrom: 'name', unitCode: null },
      { name: 'VT', role: 'archive', roleFrom: 'annotation', unitCode: null },
    ]);
    expect(plan.sections.map((s) => [s.number, s.heading, s.children.map((c) => c.number)])).toEqual([
      ['I', 'MỤC ĐÍCH, YÊU CẦU', ['1', '2']],
      ['II', 'NỘI DUNG THI ĐUA', ['1', '2', '3']],
      ['III', 'THỜI GIAN THỰC HIỆN VÀ TỔ CHỨC THỰC HIỆN', ['1', '2']],
    ]);
    expect(plan.sections[0]!.children[0]!.text).toMatch(/^Nhằm phát huy tinh thần đoàn kết.*trong toàn tỉnh\.$/);
  });

  it('fills the draft plan with what it read, and leaves the rest empty for the user', () => {
    expect(plan.draft).toEqual({
      numberSymbol: '',
      place: '',
      issuedOn: '',
      issuingUnit: '',
      signer: { name: 'Phạm Thị Anh Thư', title: 'Giám đốc' },
      title: 'Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022 tại Sở Ngoại vụ',
      movement: 'Toàn dân bảo vệ an ninh Tổ quốc',
      kind: 'thematic',
      bases: [{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'UBND tỉnh' }],
      timeFrame: { from: '2022-04-28', to: '2022-12-31' },
      phases: [],
      milestones: { interimReviews: [] },
      targets: [],
      quotas: [],
      recipients: [],
    });
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(15);
  });
});

describe('seed 002: Sở Ngoại vụ Hà Tĩnh, phong trào thi đua yêu nước 2021', () => {
  const plan = seed('002_a81a651bfe07ce4d.txt');

  it('reads title, movement, basis and signer', () => {
    expect(plan.title?.value).toBe('Tổ chức phong trào thi đua yêu nước năm 2021');
    expect(plan.movement?.value).toBe('phong trào thi đua yêu nước năm 2021');
    expect(plan.draft.kind).toBe('regular');
    expect(values(plan.bases).map((b) => [b.numberSymbol, b.issuedOn?.iso, b.issuer, b.subject])).toEqual([
      ['15/KH-UBND', '2021-01-19', 'Ủy ban nhân dân tỉnh', 'phát động phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2021'],
    ]);
    expect(values(plan.references).map((r) => [r.numberSymbol, r.issuedOn?.iso ?? null, r.issuer])).toEqual([
      ['05-CT/TW', '2016-05-15', 'Bộ Chính trị'],
      ['04-NQ-TW', null, null],
      ['34-CT/W', '2014-04-07', 'Bộ Chính trị'],
      ['41-CT/TU', '2014-09-09', 'Tỉnh ủy'],
      ['01-NQ-ĐUK', '2016-10-10', 'Ban Thường vụ Đảng ủy khối các cơ quan tỉnh'],
    ]);
    expect(plan.signer?.value).toEqual({ name: 'Thái Phúc Sơn', title: 'GIÁM ĐỐC' });
  });

  it('reads the phases, "đầu năm" and "đầu tháng 6/2021" as the starts they name, and the review timings', () => {
    expect(values(plan.phases).map((p) => [p.name, p.from?.iso, p.from?.reading, p.to.iso])).toEqual([
      ['Đợt 1', '2021-01-01', 'the start of the year', '2021-05-19'],
      ['Đợt 2', '2021-06-01', 'the start of the month', '2021-12-31'],
    ]);
    expect(plan.phases[0]!.value.purpose).toMatch(/^Thi đua lập thành tích chào mừng kỷ niệm 91 năm/);
    expect(values(plan.reviewTimings)).toEqual([
      { kind: 'interim-review', timing: 'vào cuối đợt 1', phase: 'Đợt 1' },
      { kind: 'final-review', timing: 'vào dịp cuối năm 2021', phase: null },
    ]);
    expect(plan.timeFrame).toBeNull();
    expect(plan.absent).toEqual(['numberSymbol', 'place', 'issuedOn', 'timeFrame', 'deadlines']);
    // No time frame is stated: the draft takes the phases' span, and says so.
    expect(plan.draft.timeFrame).toEqual({ from: '2021-01-01', to: '2021-12-31' });
    expect(plan.draft.phases).toEqual([
      { name: 'Đợt 1', endsOn: '2021-05-19' },
      { name: 'Đợt 2', endsOn: '2021-12-31' },
    ]);
  });

  it('reads the targets with their numbers, wherever the plan states them', () => {
    expect(values(plan.targets).map((t) => [t.comparator, t.value, t.unit, t.population, t.metric])).toEqual([
      ['=', 100, 'percent', 'phòng, đơn vị', 'TLDTT'],
      ['>=', 15, 'percent', 'CBCCVC', 'CSTDCS'],
      ['=', 100, 'percent', 'CBCCVC', 'LDTT'],
      ['=', 100, 'percent', 'CBCCVC', 'chấp hành tốt nội quy, quy chế của cơ quan, pháp luật của nhà nước và chấp hành nghiêm chỉnh việc tham gia an toàn giao thông, an toàn về an ninh trật tự'],
      ['=', 100, 'percent', 'CBCCVC', 'không tham gia các tệ nạn xã hội'],
      ['=', 100, 'percent', 'gia đình CBCCVC thuộc Sở', 'đạt tiêu chuẩn gia đình văn hóa'],
      ['=', 100, 'percent', 'CBCCVN', 'thực hiện tốt quy chế dân chủ, quy chế hoạt động của cơ quan'],
      ['=', 100, 'percent', 'CBCCVN', 'đăng ký thi đua phong trào “Ngày làm việc 8 giờ chất lượng, hiệu quả”, “Giỏi việc nước - Đảm việc nhà” xây dựng gia đình “ấm no, hạnh phúc, bình đẳng, tiến bộ” trong đội ngũ CBCCVN Sở'],
    ]);
    expect(plan.targets[1]!.source).toBe('Ít nhất 15% CBCCVC đạt danh hiệu Chiến sỹ thi đua cấp cơ sở');
  });

  it('reads the award quotas; a ministry award is kept but left out of the draft, with a warning', () => {
    expect(values(plan.quotas)).toEqual([
      { award: 'BANG_KHEN_TINH', awardName: 'Bằng khen', conferrer: 'Ủy ban nhân dân tỉnh', recipientKind: 'collective', count: 1 },
      { award: 'TLDXS', awardName: 'tập thể Lao động xuất sắc', conferrer: 'Ủy ban nhân dân tỉnh', recipientKind: 'collective', count: 1 },
      { award: 'GIAY_KHEN', awardName: 'Giấy khen', conferrer: 'Giám đốc Sở', recipientKind: 'collective', count: 2 },
      { award: null, awardName: 'Bằng khen', conferrer: 'Bộ Ngoại giao', recipientKind: 'individual', count: 2 },
      { award: 'BANG_KHEN_TINH', awardName: 'Bằng khen', conferrer: 'Ủy ban nhân dân tỉnh', recipientKind: 'individual', count: 2 },
      { award: 'GIAY_KHEN', awardName: 'Giấy khen', conferrer: 'Giám đốc Sở', recipientKind: 'individual', count: 8 },
    ]);
    expect(plan.draft.quotas).toHaveLength(5);
    expect(plan.warnings.map((w) => w.code)).toEqual(['TIME_FRAME_FROM_PHASES', 'AWARD_NOT_TRACKED']);
  });

  it('reads the recipients, the annotated role first, and joins the sentence split by a page break', () => {
    expect(values(plan.recipients).map((r) => [r.name, r.role, r.roleFrom])).toEqual([
      ['UBND tỉnh', 'report-to', 'annotation'],
      ['Ban Thi đua – Khen thưởng tỉnh', 'report-to', 'name'],
      ['Chi bộ Sở', 'for-information', 'name'],
      ['Ban Giám đốc Sở', 'for-information', 'name'],
      ['Các tổ chức Đoàn thể', 'implement', 'name'],
      ['Các phòng chuyên môn, đơn vị trực thuộc', 'implement', 'name'],
      ['VT, VPTTr', 'archive', 'annotation'],
    ]);
    const section = plan.sections[2]!.children[1]!.children[2]!.text;
    expect(section).toContain('tổ chức thực hiện tốt việc kiểm soát thủ tục hành chính tạo điều kiện thuận lợi');
    expect(values(plan.responsibilities).map((r) => [r.unit, r.roles])).toEqual([
      ['Văn phòng - Thanh tra Sở', ['advise', 'implement']],
      ['Các phòng chuyên môn, đơn vị trực thuộc', ['implement', 'report']],
    ]);
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(30);
  });
});

describe('seed 003: Sở Ngoại vụ Lạng Sơn launches the 2023 movement', () => {
  const plan = seed('003_b9900a5355c6d3e9.txt');

  it('reads a launch (phát động) with two bases, a directive among them', () => {
    expect(plan.documentKind?.value).toEqual({ kind: 'launch', label: 'PHÁT ĐỘNG' });
    expect(plan.title?.value).toBe('Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2023');
    expect(plan.draft.bases).toEqual([
      { kind: 'plan', numberSymbol: '252/KH-UBND', issuedOn: '2022-12-21', issuer: 'UBND tỉnh Lạng Sơn' },
      { kind: 'directive', numberSymbol: '02/CT-UBND', issuedOn: '2023-01-13', issuer: 'UBND tỉnh' },
    ]);
    expect(values(plan.references).map((r) => r.numberSymbol)).toEqual(['34-CT/TW', '30-CT/TU', '19/CT-TTg', '01-KL/TW', '05-CT/TW']);
    expect(plan.signer?.value).toEqual({ name: 'Trịnh Tuyết Mai', title: 'GIÁM ĐỐC' });
    expect(plan.issuingUnit?.value.name).toBe('Sở Ngoại vụ');
  });

  it('warns that two items of section III are numbered "3."', () => {
    expect(plan.warnings).toEqual([
      { code: 'DUPLICATE_SECTION_NUMBER', message: 'Two sections are numbered "3." under III (NỘI DUNG PHONG TRÀO THI ĐUA); renumber them in order', span: expect.any(Array) },
    ]);
    expect(plan.text.slice(...plan.warnings[0]!.span!)).toMatch(/^3\. Thi đua cùng chung tay tạo bước đột phá/);
    expect(plan.sections[2]!.children.map((c) => c.number)).toEqual(['1', '2', '3', '3', '4']);
  });

  it('reports what the launch does not have, and reads who is responsible and the recipients', () => {
    expect(plan.absent).toEqual(['numberSymbol', 'place', 'issuedOn', 'timeFrame', 'phases', 'deadlines', 'targets', 'quotas']);
    expect(values(plan.responsibilities).map((r) => [r.unit, r.roles])).toEqual([
      ['Các phòng chuyên môn, nghiệp vụ và đơn vị Trung tâm thuộc Sở', ['implement']],
      ['Văn phòng Sở', ['advise', 'implement', 'monitor']],
      ['Hội đồng thi đua -khen thưởng Sở', ['advise', 'review']],
    ]);
    expect(values(plan.recipients).map((r) => [r.name, r.role])).toEqual([
      ['Hội đồng TĐKT tỉnh', 'report-to'],
      ['Ban TĐKT - Sở Nội vụ', 'report-to'],
      ['Các đơn vị thành viên Cụm TĐTMTH', 'for-information'],
      ['Lãnh đạo Sở', 'for-information'],
      ['Hội đồng TĐKT Sở', 'implement'],
      ['Các phòng CM, NV thuộc Sở và Trung tâm', 'implement'],
      ['Trang thông tin điện tử của Sở', 'for-information'],
      ['VT, VP', 'archive'],
    ]);
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(15);
  });
});

describe('a full plan with its Decree 30 header, deadlines and quotas (fixtures/kh-27-stttt.txt)', () => {
  const text = fixture('kh-27-stttt.txt');
  const units = [
    { code: 'TINH', name: 'Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh)' },
    { code: 'STTTT', name: 'Sở Thông tin và Truyền thông' },
    { code: 'STTTT.VP', name: 'Văn phòng Sở Thông tin và Truyền thông' },
  ];
  const plan = importPlan(text, { units });

  it('reads the header: number and symbol, place and date, issuing unit under its governing body', () => {
    expect(plan.numberSymbol?.value).toEqual({ number: '27', symbol: 'KH-STTTT', kind: 'KH' });
    expect(plan.place?.value).toBe('Kiên Giang');
    expect(plan.issuedOn?.value).toEqual({ iso: '2022-04-08', year: 2022, month: 4, day: 8, partial: false });
    expect(plan.issuingUnit?.value).toEqual({ name: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', authority: 'UBND TỈNH KIÊN GIANG', unitCode: 'STTTT', from: 'header' });
    expect(plan.signer?.value).toEqual({ name: 'Nguyễn Văn An', title: 'KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC' });
    expect(plan.absent).toEqual([]);
  });

  it('reads a law cited by its name, a plan and a decision dated in words', () => {
    expect(values(plan.bases).map((b) => [b.kindLabel, b.numberSymbol, b.issuedOn?.iso, b.issuer])).toEqual([
      ['Luật', '15/2003/QH11', '2003-11-26', null],
      ['Kế hoạch', '119/KH-UBND', '2022-03-27', 'UBND tỉnh'],
      ['Quyết định', '1234/QĐ-UBND', '2022-03-15', 'Chủ tịch UBND tỉnh'],
    ]);
  });

  it('reads every deadline with its rule, and puts them in the draft as milestones', () => {
    expect(values(plan.deadlines).map((d) => [d.kind, d.phase, d.date.iso, d.rule, d.time])).toEqual([
      ['registration', null, '2022-04-28', 'before', null],
      ['interim-review', 'Đợt 1', '2022-07-05', 'at', '16:00'],
      ['nomination', null, '2022-11-30', 'end-of-day', null],
      ['final-review', null, '2022-12-15', 'end-of-day', null],
    ]);
    expect(plan.draft.milestones).toEqual({
      registration: { date: '2022-04-28', rule: 'before' },
      interimReviews: [{ phase: 'Đợt 1', deadline: { date: '2022-07-05', rule: 'at', time: '16:00' } }],
      finalReview: { date: '2022-12-15', rule: 'end-of-day' },
      nomination: { date: '2022-11-30', rule: 'end-of-day' },
    });
  });

  it('reads targets (percent and count, each comparator) and quotas in the list form', () => {
    expect(plan.draft.targets).toEqual([
      { metric: 'đăng ký thi đua', comparator: '=', value: 100, unit: 'percent', population: 'phòng, đơn vị' },
      { metric: 'CSTDCS', comparator: '>=', value: 15, unit: 'percent', population: 'CBCCVC' },
      { metric: 'không hoàn thành nhiệm vụ', comparator: '<=', value: 5, unit: 'percent', population: 'CBCCVC' },
      { metric: 'được công nhận cấp tỉnh', comparator: '=', value: 3, unit: 'count', population: 'sáng kiến' },
    ]);
    expect(plan.draft.quotas).toEqual([
      { award: 'GIAY_KHEN', recipientKind: 'collective', count: 2 },
      { award: 'GIAY_KHEN', recipientKind: 'individual', count: 5 },
      { award: 'BANG_KHEN_TINH', recipientKind: 'collective', count: 1 },
      { award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 2 },
    ]);
  });

  it('matches names to units where the directory knows them, and warns about the others', () => {
    expect(plan.draft.issuingUnit).toBe('STTTT');
    expect(values(plan.recipients).map((r) => [r.name, r.role, r.roleFrom])).toEqual([
      ['Ban TĐKT tỉnh', 'report-to', 'annotation'],
      ['Giám đốc, các PGĐ Sở', 'for-information', 'name'],
      ['Các phòng, đơn vị thuộc Sở', 'implement', 'annotation'],
      ['VT, VP', 'archive', 'annotation'],
    ]);
    expect(plan.warnings.filter((w) => w.code === 'UNKNOWN_UNIT').map((w) => plan.text.slice(...w.span!))).toEqual(['Ban TĐKT tỉnh (để b/c)', 'Giám đốc, các PGĐ Sở', 'Các phòng, đơn vị thuộc Sở (để t/h)']);
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(25);
  });
});
