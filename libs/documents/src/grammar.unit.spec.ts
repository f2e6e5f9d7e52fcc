import { findDates, findNumberSymbol, foldDiacritics, normalizeDocumentText } from './grammar.js';

describe('dates as Vietnamese documents write them', () => {
  it.each([
    [
      'Kiên Giang, ngày 08 tháng 4 năm 2022',
      { year: 2022, month: 4, day: 8, iso: '2022-04-08', partial: false, text: 'ngày 08 tháng 4 năm 2022' },
    ],
    ['Hà Nội, ngày 8 tháng 04 năm 2022', { iso: '2022-04-08', text: 'ngày 8 tháng 04 năm 2022' }],
    ['Lạng Sơn, ngày tháng 5 năm 2022', { year: 2022, month: 5, partial: true, text: 'ngày tháng 5 năm 2022' }],
    ['ngày    tháng     năm 2023', { year: 2023, partial: true }],
    ['NGÀY 13 THÁNG 01 NĂM 2023', { iso: '2023-01-13' }],
    ['ngay 13 thang 01 nam 2023', { iso: '2023-01-13' }],
    ['Kế hoạch số 119/KH-UBND ngày 27/4/2022 của UBND tỉnh', { iso: '2022-04-27', text: '27/4/2022' }],
    ['Đăng ký thi đua: Trước ngày 28/4/2022', { iso: '2022-04-28' }],
    ['đề nghị khen thưởng hết ngày 30/11/2022', { iso: '2022-11-30' }],
    ['Từ đầu tháng 6/2021 đến', { year: 2021, month: 6, partial: true, text: '6/2021' }],
    ['ngày 07-4-2014', { iso: '2014-04-07' }],
  ])('%s', (text, expected) => {
    const [date] = findDates(text);
    expect(date).toMatchObject(expected);
    expect(text.slice(...date.span)).toBe(date.text);
    expect(date.problem).toBeUndefined();
  });

  it.each([
    ['31/02/2022', '31/02/2022 is not a date'],
    ['ngày 30 tháng 2 năm 2024', '30/02/2024 is not a date'],
    ['29/02/2023', '29/02/2023 is not a date'],
    ['5/13/2022', 'month 13 does not exist'],
  ])('reports %s as impossible, without an ISO date', (text, problem) => {
    const [date] = findDates(text);
    expect(date).toMatchObject({ problem });
    expect(date.iso).toBeUndefined();
  });

  it('accepts 29/02 in a leap year', () => {
    expect(findDates('29/02/2024')[0]).toMatchObject({ iso: '2024-02-29' });
  });

  it('finds every date of a sentence, in order, and none inside symbols or longer numbers', () => {
    const text = 'từ 28/4/2022 đến hết 31/12/2022; Chỉ thị số 34-CT/TW ngày 07/4/2014; mã 123/4/20225';
    expect(findDates(text).map((d) => d.iso)).toEqual(['2022-04-28', '2022-12-31', '2014-04-07']);
  });

  it('keeps spans right when the text was pasted in NFD', () => {
    const nfd = normalizeDocumentText('Kiên Giang, ngày 08 tháng 4 năm 2022'.normalize('NFD'));
    const [date] = findDates(nfd);
    expect(date).toMatchObject({ iso: '2022-04-08', text: 'ngày 08 tháng 4 năm 2022' });
  });
});

describe('numbers and symbols', () => {
  it.each([
    ['Số: 27/KH-STTTT', { number: '27', symbol: 'KH-STTTT', kind: 'KH', text: '27/KH-STTTT' }],
    ['Số: /KH-SGDĐT', { symbol: 'KH-SGDĐT', kind: 'KH', text: '/KH-SGDĐT' }],
    ['Số 119/KH-UBND', { number: '119', symbol: 'KH-UBND' }],
    ['Số:   252 /KH-UBND', { number: '252', symbol: 'KH-UBND' }],
    ['Số: 1234/QĐ-UBND', { number: '1234', symbol: 'QĐ-UBND', kind: 'QĐ' }],
  ])('%s', (text, expected) => {
    const found = findNumberSymbol(text);
    expect(found).toMatchObject(expected);
    expect(found!.number).toBe((expected as { number?: string }).number);
    expect(text.slice(...found!.span)).toBe(found!.text);
  });

  it('says absent when there is no number line', () => {
    expect(findNumberSymbol('KẾ HOẠCH\nPhát động phong trào thi đua')).toBeUndefined();
  });
});

describe('text as users paste it', () => {
  it('folds diacritics and đ for keyword matching, keeping the length of NFC text', () => {
    expect(foldDiacritics('Trước ngày')).toBe('truoc ngay');
    expect(foldDiacritics('ĐĂNG KÝ')).toBe('dang ky');
    expect(foldDiacritics('Sở GD&ĐT')).toHaveLength('Sở GD&ĐT'.length);
  });

  it('normalises NFD to NFC, drops markdown emphasis and collapses spaces', () => {
    expect(normalizeDocumentText('*Đợt 1*:   Từ  **đầu năm**'.normalize('NFD'))).toBe('Đợt 1: Từ đầu năm');
  });
});
