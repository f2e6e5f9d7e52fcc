/**
 * The small grammar of Vietnamese administrative documents that the plan import (issue 5) builds on: dates as they
 * are written ("ngày 08 tháng 4 năm 2022", "27/4/2022", "tháng 6/2021", partial "ngày tháng 5 năm 2022") and
 * numbers and symbols ("Số: 27/KH-STTTT", unnumbered "Số: /KH-SGDĐT"). Each match carries its span in the text it
 * was given; what is blank stays absent (never invented); an impossible date (31/02) is reported, not corrected.
 */

/** Text as users paste it: NFC (input may be NFD), no markdown emphasis, single spaces. Spans refer to this text. */
export function normalizeDocumentText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // Markdown headings and "*"/"•" bullets become plain lines and "-" items before emphasis is dropped.
      .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
      .replace(/^([ \t]*)[*•][ \t]+/gm, '$1- ')
      .replace(/\*{1,3}|_{2,3}/g, '')
      .replace(/[ \t\u00a0]+/g, ' ')
  );
}

/** For matching keywords whatever the diacritics: "Trước", "trước" and "truoc" all fold to "truoc". Same length as NFC input. */
export function foldDiacritics(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- by code point on purpose: a surrogate pair is one character to fold
  return [...text.normalize('NFC')]
    .map((ch) => {
      const folded =
        ch === 'đ' || ch === 'Đ'
          ? 'd'
          : ch
              .normalize('NFD')
              .replace(/\p{Mn}/gu, '')
              .toLowerCase();
      // A few letters lower-case to two code units ("İ"); keeping them as they are keeps offsets aligned.
      return folded.length === ch.length ? folded : ch;
    })
    .join('');
}

export type Span = [start: number, end: number];

export interface DocumentDate {
  year: number;
  month?: number;
  day?: number;
  /** YYYY-MM-DD, only when day, month and year are all written and form a real date. */
  iso?: string;
  /** Day or month left blank in the document (e.g. a draft not yet dated). */
  partial: boolean;
  /** Set when the written date does not exist, e.g. 31/02/2022. */
  problem?: string;
  text: string;
  span: Span;
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateOf(parts: { day?: number; month?: number; year: number }, text: string, span: Span): DocumentDate {
  const { day, month, year } = parts;
  const date: DocumentDate = {
    year,
    ...(month !== undefined ? { month } : {}),
    ...(day !== undefined ? { day } : {}),
    partial: day === undefined || month === undefined,
    text,
    span,
  };
  if (month !== undefined && (month < 1 || month > 12)) return { ...date, problem: `month ${month} does not exist` };
  if (day !== undefined && month !== undefined) {
    const real = new Date(Date.UTC(year, month - 1, day));
    if (day < 1 || real.getUTCMonth() !== month - 1) return { ...date, problem: `${pad(day)}/${pad(month)}/${year} is not a date` };
    date.iso = `${year}-${pad(month)}-${pad(day)}`;
  }
  return date;
}

// "ngày 08 tháng 4 năm 2022", with the day or the month possibly blank; matched on the folded text.
const WORDED = /ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*nam\s*(\d{4})/g;
// "27/4/2022", "27-4-2022", "27.4.2022", and "6/2021" (a month); not part of a longer number or a symbol.
const NUMERIC = /(?<![\d/.-])(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})(?![\d/])/g;

/** Every date written in `text` (NFC: pass it through normalizeDocumentText first), in order of appearance. */
export function findDates(text: string): DocumentDate[] {
  const folded = foldDiacritics(text);
  const found: DocumentDate[] = [];
  for (const m of folded.matchAll(WORDED)) {
    const span: Span = [m.index, m.index + m[0].length];
    found.push(
      dateOf(
        { ...(m[1] ? { day: Number(m[1]) } : {}), ...(m[2] ? { month: Number(m[2]) } : {}), year: Number(m[3]) },
        text.slice(...span),
        span,
      ),
    );
  }
  const inside = (at: number) => found.some(({ span }) => at >= span[0] && at < span[1]);
  for (const m of folded.matchAll(NUMERIC)) {
    if (inside(m.index)) continue;
    const span: Span = [m.index, m.index + m[0].length];
    found.push(dateOf({ ...(m[1] ? { day: Number(m[1]) } : {}), month: Number(m[2]), year: Number(m[3]) }, text.slice(...span), span));
  }
  return found.sort((a, b) => a.span[0] - b.span[0]);
}

export interface NumberSymbol {
  /** Absent when the document is not numbered yet ("Số: /KH-SGDĐT"). */
  number?: string;
  /** "KH-STTTT": the document kind's abbreviation and the issuer's. */
  symbol: string;
  /** "KH" (kế hoạch), "CT" (chỉ thị), "QĐ" (quyết định), … */
  kind: string;
  text: string;
  span: Span;
}

// "Số: 27/KH-STTTT", "Số 119/KH-UBND", "Số: /KH-SGDĐT", "số 34-CT/TW" (Party style: number-kind/issuer).
const NUMBER_SYMBOL = /so\s*:?\s*(\d+)?\s*([/-])\s*([a-z]+(?:[-/][a-z0-9]+)+)/g;

/** The document's number and symbol: the first "Số: …" in the text. */
export function findNumberSymbol(text: string): NumberSymbol | undefined {
  const folded = foldDiacritics(text);
  for (const m of folded.matchAll(NUMBER_SYMBOL)) {
    const start = m.index + m[0].indexOf(m[1] ?? m[2]);
    const span: Span = [start, m.index + m[0].length];
    const written = text.slice(...span);
    const symbol = written.replace(/^\d*\s*[/-]\s*/, '');
    return { ...(m[1] ? { number: m[1] } : {}), symbol, kind: symbol.split(/[-/]/)[0], text: written, span };
  }
  return undefined;
}
