import { readFileSync } from 'node:fs';
import { expectSpansToPointAtTheirSource, values } from '../../../test/support/imported-plan.js';
import { importPlan } from './index.js';

/**
 * The importer over a full document with a header, deadlines and quotas (fixtures/). Real published plans are read by
 * import-plan.corpus.spec.ts (npm run test:corpus -- DIR).
 */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

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
    expect(plan.issuingUnit?.value).toEqual({
      name: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      authority: 'UBND TỈNH KIÊN GIANG',
      unitCode: 'STTTT',
      from: 'header',
    });
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
    expect(plan.warnings.filter((w) => w.code === 'UNKNOWN_UNIT').map((w) => plan.text.slice(...w.span!))).toEqual([
      'Ban TĐKT tỉnh (để b/c)',
      'Giám đốc, các PGĐ Sở',
      'Các phòng, đơn vị thuộc Sở (để t/h)',
    ]);
    expect(expectSpansToPointAtTheirSource(plan)).toBeGreaterThan(25);
  });
});
