import { corpus, describeEachDocument, describeIfPresent } from '../../../test/support/corpus.js';
import { expectSpansToPointAtTheirSource, values } from '../../../test/support/imported-plan.js';
import { importPlan } from './index.js';

/**
 * The importer over a folder of real plans (npm run test:corpus -- DIR): every document is read into a plan whose
 * fields all point at their text; the published plans it was developed on (texts as the province published them,
 * without their Decree 30 headers) are read to what they say, when the folder holds them.
 */
const documents = corpus();

describeEachDocument(documents, (text) => {
  it('is read as a plan document with a title, every field pointing at its source', () => {
    const plan = importPlan(text);
    expect(plan.documentKind).not.toBeNull();
    expect(plan.title).not.toBeNull();
    expectSpansToPointAtTheirSource(plan);
  });
});

describeIfPresent(documents, '000_6b44c300a11ff662.txt')('seed 000: Sở Ngoại vụ implements KH 119/KH-UBND (2022)', () => {
  const plan = importPlan(documents.get('000_6b44c300a11ff662.txt')!);

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
        duties:
          'tổ chức triển khai thực hiện và chịu trách nhiệm trước Ban Giám đốc về chất lượng, hiệu quả, tiến độ công việc được giao của phòng mình.',
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
    expect(plan.sections[0].children[0].text).toMatch(/^Nhằm phát huy tinh thần đoàn kết.*trong toàn tỉnh\.$/);
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

describeIfPresent(documents, '002_a81a651bfe07ce4d.txt')('seed 002: Sở Ngoại vụ Hà Tĩnh, phong trào thi đua yêu nước 2021', () => {
  const plan = importPlan(documents.get('002_a81a651bfe07ce4d.txt')!);

  it('reads title, movement, basis and signer', () => {
    expect(plan.title?.value).toBe('Tổ chức phong trào thi đua yêu nước năm 2021');
    expect(plan.movement?.value).toBe('phong trào thi đua yêu nước năm 2021');
    expect(plan.draft.kind).toBe('regular');
    expect(values(plan.bases).map((b) => [b.numberSymbol, b.issuedOn?.iso, b.issuer, b.subject])).toEqual([
      [
        '15/KH-UBND',
        '2021-01-19',
        'Ủy ban nhân dân tỉnh',
        'phát động phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2021',
      ],
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
    expect(plan.phases[0].value.purpose).toMatch(/^Thi đua lập thành tích chào mừng kỷ niệm 91 năm/);
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
      [
        '=',
        100,
        'percent',
        'CBCCVC',
        'chấp hành tốt nội quy, quy chế của cơ quan, pháp luật của nhà nước và chấp hành nghiêm chỉnh việc tham gia an toàn giao thông, an toàn về an ninh trật tự',
      ],
      ['=', 100, 'percent', 'CBCCVC', 'không tham gia các tệ nạn xã hội'],
      ['=', 100, 'percent', 'gia đình CBCCVC thuộc Sở', 'đạt tiêu chuẩn gia đình văn hóa'],
      ['=', 100, 'percent', 'CBCCVN', 'thực hiện tốt quy chế dân chủ, quy chế hoạt động của cơ quan'],
      [
        '=',
        100,
        'percent',
        'CBCCVN',
        'đăng ký thi đua phong trào “Ngày làm việc 8 giờ chất lượng, hiệu quả”, “Giỏi việc nước - Đảm việc nhà” xây dựng gia đình “ấm no, hạnh phúc, bình đẳng, tiến bộ” trong đội ngũ CBCCVN Sở',
      ],
    ]);
    expect(plan.targets[1].source).toBe('Ít nhất 15% CBCCVC đạt danh hiệu Chiến sỹ thi đua cấp cơ sở');
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
    const section = plan.sections[2].children[1].children[2].text;
    expect(section).toContain('tổ chức thực hiện tốt việc kiểm soát thủ tục hành chính tạo điều kiện thuận lợi');
    expect(values(plan.responsibilities).map((r) => [r.unit, r.roles])).toEqual([
      ['Văn phòng - Thanh tra Sở', ['advise', 'implement']],
      ['Các phòng chuyên môn, đơn vị trực thuộc', ['implement', 'report']],
    ]);
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(30);
  });
});

describeIfPresent(documents, '003_b9900a5355c6d3e9.txt')('seed 003: Sở Ngoại vụ Lạng Sơn launches the 2023 movement', () => {
  const plan = importPlan(documents.get('003_b9900a5355c6d3e9.txt')!);

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
      {
        code: 'DUPLICATE_SECTION_NUMBER',
        message: 'Two sections are numbered "3." under III (NỘI DUNG PHONG TRÀO THI ĐUA); renumber them in order',
        span: expect.any(Array),
      },
    ]);
    expect(plan.text.slice(...plan.warnings[0].span!)).toMatch(/^3\. Thi đua cùng chung tay tạo bước đột phá/);
    expect(plan.sections[2].children.map((c) => c.number)).toEqual(['1', '2', '3', '3', '4']);
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
