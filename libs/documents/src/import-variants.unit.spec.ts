import { readFileSync } from 'node:fs';
import { itReadsTheSamePlanAsPasted } from '../../../test/support/paste-variants.js';
import { importPlan, type ImportedPlan } from './index.js';

/**
 * Text as users paste it: the same plan read from NFD, hard-wrapped, emphasised or unaccented text gives the same plan
 * (over the project's fixture here; over a folder of real plans in import-variants.corpus.spec.ts).
 */
const text = readFileSync(new URL('./fixtures/kh-27-stttt.txt', import.meta.url), 'utf8');

describe('fixtures/kh-27-stttt.txt read as users paste it', () => {
  itReadsTheSamePlanAsPasted(text);
});

describe('keywords typed without diacritics, where that is unambiguous', () => {
  const unaccented = text
    .replace('Đăng ký thi đua: Trước ngày', 'Dang ky thi dua: truoc ngay')
    .replace('Hồ sơ đề nghị khen thưởng gửi về Văn phòng Sở hết ngày', 'Ho so de nghi khen thuong gui ve Van phong So het ngay')
    .replace('Báo cáo tổng kết chậm nhất ngày', 'Bao cao tong ket cham nhat ngay')
    .replace(
      'Báo cáo sơ kết Đợt 1 gửi về Văn phòng Sở trước 16 giờ 00 ngày',
      'Bao cao so ket Dot 1 gui ve Van phong So truoc 16 gio 00 ngay',
    )
    .replace(/Đợt (\d): Từ/g, 'Dot $1: Tu')
    .replace('1. Thời gian: từ', '1. Thoi gian: tu')
    .replace('Ít nhất 15%', 'It nhat 15%')
    .replace('Nơi nhận:', 'Noi nhan:');

  it('reads the same deadlines, phases, time frame, targets and recipients', () => {
    expect(unaccented).not.toMatch(/Trước ngày|Đợt 1: Từ|Nơi nhận/);
    const plain = importPlan(unaccented);
    const accented = importPlan(text);
    expect(plain.draft.milestones).toEqual(accented.draft.milestones);
    expect(plain.draft.phases).toEqual([
      { name: 'Đợt 1', endsOn: '2022-06-30' },
      { name: 'Đợt 2', endsOn: '2022-12-31' },
    ]);
    expect(plain.draft.timeFrame).toEqual(accented.draft.timeFrame);
    expect(plain.draft.targets).toEqual(accented.draft.targets);
    expect(plain.recipients.map((r) => r.value)).toEqual(accented.recipients.map((r) => r.value));
  });
});

/** A small plan around the one inconsistency each case is about. */
function plan(header: string, body: string): ImportedPlan {
  return importPlan(
    `UBND TỈNH HÀ TĨNH\nSỞ NỘI VỤ\n${header}\n\nKẾ HOẠCH\nThi đua năm 2022\n\nThực hiện Kế hoạch số 119/KH-UBND ngày 27/4/2022 của UBND tỉnh,\n\n${body}\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nLê Văn Bình\n`,
  );
}
const codes = (p: ImportedPlan) => p.warnings.map((w) => w.code);

describe("the document's own inconsistencies are warnings, each pointing at its text", () => {
  const good = 'I. THỜI GIAN\n1. Thời gian: từ 01/5/2022 đến hết 31/12/2022.';

  it('a blank number ("Số: /KH-SGDĐT") is not numbered yet; a blank day keeps the date partial, never invented', () => {
    const p = plan('Số: /KH-SGDĐT  Lạng Sơn, ngày    tháng 5 năm 2022', good);
    expect(p.numberSymbol?.value).toEqual({ number: null, symbol: 'KH-SGDĐT', kind: 'KH' });
    expect(p.issuedOn?.value).toEqual({ year: 2022, month: 5, partial: true });
    expect(p.place?.value).toBe('Lạng Sơn');
    expect(p.draft).toMatchObject({ numberSymbol: '/KH-SGDĐT', issuedOn: '', place: 'Lạng Sơn' });
    expect(codes(p)).toEqual(['NOT_YET_NUMBERED', 'PARTIAL_DATE']);
  });

  it('an impossible date (31/02) is reported and not carried into the draft', () => {
    const p = plan('Số: 12/KH-SNV  Hà Tĩnh, ngày 31 tháng 02 năm 2022', good);
    expect(p.issuedOn?.value).toEqual({ year: 2022, month: 2, day: 31, partial: false, problem: '31/02/2022 is not a date' });
    expect(p.draft.issuedOn).toBe('');
    expect(p.warnings[0]).toMatchObject({
      code: 'IMPOSSIBLE_DATE',
      message: '"ngày 31 tháng 02 năm 2022": 31/02/2022 is not a date; correct the date in the document',
    });
    expect(p.text.slice(...p.warnings[0].span!)).toBe('ngày 31 tháng 02 năm 2022');
  });

  it('a phase that ends before it starts, phases that overlap, a phase and a deadline outside the time frame', () => {
    const p = plan(
      'Số: 12/KH-SNV  Hà Tĩnh, ngày 02 tháng 5 năm 2022',
      [
        good,
        '2. Các đợt',
        '- Đợt 1: Từ 01/7/2022 đến 30/6/2022.',
        '- Đợt 2: Từ 15/6/2022 đến 15/01/2023.',
        '3. Thời hạn',
        '- Đăng ký thi đua: trước ngày 20/4/2022.',
      ].join('\n'),
    );
    expect(codes(p)).toEqual(['PHASE_ENDS_BEFORE_START', 'PHASES_OVERLAP', 'PHASE_OUTSIDE_TIME_FRAME', 'DEADLINE_OUTSIDE_TIME_FRAME']);
    expect(p.warnings[0].message).toBe('Đợt 1 ends (30/06/2022) before it starts (01/07/2022)');
    expect(p.text.slice(...p.warnings[0].span!)).toBe('Đợt 1: Từ 01/7/2022 đến 30/6/2022');
  });

  it('two sections numbered "II", a skipped number, a basis dated after the document', () => {
    const p = plan(
      'Số: 12/KH-SNV  Hà Tĩnh, ngày 20 tháng 4 năm 2022',
      'I. MỤC ĐÍCH\nNội dung.\n\nII. NỘI DUNG\n1. Một\n3. Ba\n\nII. THỜI GIAN\nNội dung.',
    );
    expect(codes(p)).toEqual(['BASIS_AFTER_DOCUMENT', 'SECTION_NUMBER_GAP', 'DUPLICATE_SECTION_NUMBER']);
    expect(p.warnings.map((w) => w.message)).toEqual([
      'Kế hoạch 119/KH-UBND is dated 27/04/2022, after this document (20/04/2022)',
      'Section "3." under II (NỘI DUNG) follows section 1; a number is missing or out of order',
      'Two sections are numbered "II."; renumber them in order',
    ]);
  });
});
