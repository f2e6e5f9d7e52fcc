import type { BasisKind } from '#domain';
import { findDates, type DocumentDate } from './grammar.js';
import type { Citation, Extracted, WrittenDate } from './imported-plan.js';
import { collapse, type Paragraph } from './layout.js';
import { matchOf } from './match.js';

/**
 * Documents cited in a plan: "Kế hoạch số 119/KH-UBND ngày 27/4/2022 của UBND tỉnh về việc …", "Chỉ thị
 * 34-CT/TW ngày 07/4/2014 của Bộ Chính trị", "Nghị định 91/2017/NĐ-CP". A citation needs a symbol with
 * letters: "Chỉ thị 35" or "Kế hoạch 5 năm" cite nothing that can be looked up.
 */

/** The kind of document each kind word (folded) cites; CITATION matches these words only. */
const KINDS: Record<string, BasisKind> = {
  'ke hoach': 'plan',
  'chi thi': 'directive',
  'quyet dinh': 'decision',
  'nghi quyet': 'other',
  'ket luan': 'other',
  'nghi dinh': 'other',
  'thong tu': 'other',
  'cong van': 'other',
  'huong dan': 'other',
  'thong bao': 'other',
  'van ban': 'other',
  luat: 'other',
};

// Kind word, optional "số", then number and symbol: 119/KH-UBND, 272-QĐ-TW, 33-KL/TW, 91/2017/NĐ-CP, 15/2003/QH11.
// A law is cited by its name before its number: "Luật Thi đua, khen thưởng số 15/2003/QH11" (the name holds no other kind word).
const KIND_WORDS = Object.keys(KINDS).join('|');
const CITATION = new RegExp(
  `\\b(${KIND_WORDS})\\s+(?:(?:(?!(?:${KIND_WORDS})\\b)[^\\s;.]+\\s+){0,8}?so\\s*:?\\s*)?(\\d+)\\s*([/-])\\s*((?:\\d{4}[/-])?[a-z][a-z0-9]*(?:[-/][a-z][a-z0-9]*)*)(?![\\w/])`,
  'g',
);
// What may come between the symbol and its date: a stray "tỉnh", a comma; all of it optional, so it matches any text.
const DATE_AFTER = /^(?:\s+tinh)?\s*,?\s*/;
const ISSUER = /^\s*(?:cua|do)\s+/;
// The issuer's name ends where the subject or the sentence goes on.
const ISSUER_END =
  /\s+(?:ve|phat dong|ban hanh|huong dan|trien khai|quy dinh|thuc hien|tiep tuc|theo|va cac|nham|gan voi)\b|\s*[,;.:(“"]|$/;
/** Where the issuer's name ends. A parenthesis is part of the name ("Hội đồng TĐKT tỉnh (UBND tỉnh)") unless it is a term ("(khóa XI)"). */
function issuerLength(rest: string): number {
  let from = 0;
  for (;;) {
    const end = ISSUER_END.exec(rest.slice(from));
    if (!end) return rest.length;
    const at = from + end.index;
    const inner = /^\s*\(([^)]*)\)/.exec(rest.slice(at));
    if (!inner || /^khoa\b/.test(inner[1])) return at;
    from = at + inner[0].length;
  }
}

const SUBJECT = /^\s*(?:ve viec|ve)\s+/;

export const writtenDate = (date: DocumentDate): WrittenDate => ({
  ...(date.iso ? { iso: date.iso } : {}),
  year: date.year,
  ...(date.month !== undefined ? { month: date.month } : {}),
  ...(date.day !== undefined ? { day: date.day } : {}),
  partial: date.partial,
  ...(date.problem ? { problem: date.problem } : {}),
});

/** Every citation in a paragraph, in order. */
export function findCitations(paragraph: Paragraph): Extracted<Citation>[] {
  // Offsets are taken within the paragraph, whose line breaks are spaces, and shifted to the document's.
  const { raw: text, folded } = paragraph;
  const [from, to] = [0, text.length];
  const region = folded;
  const found: Extracted<Citation>[] = [];
  for (const m of region.matchAll(CITATION)) {
    const start = from + m.index;
    let end = start + m[0].length;
    const symbolStart = end - m[4].length;
    const symbol = text.slice(symbolStart, end);
    const number = m[2];
    const numberSymbol = `${number}${m[3]}${symbol}`;

    let issuedOn: WrittenDate | null = null;
    const dateStart = end + matchOf(DATE_AFTER, folded.slice(end, to))[0].length;
    const [date] = findDates(text.slice(dateStart, Math.min(to, dateStart + 36)));
    // "ngày 27/4/2022" or "ngày 27 tháng 4 năm 2022" right after the symbol; a date further on is another's.
    if (date && /^(?:ngay\s*)?$/.test(folded.slice(dateStart, dateStart + date.span[0]))) {
      issuedOn = writtenDate(date);
      end = dateStart + date.span[1];
    }

    let issuer: string | null = null;
    const issuerLead = ISSUER.exec(folded.slice(end, to));
    if (issuerLead) {
      const length = issuerLength(folded.slice(end + issuerLead[0].length, to));
      if (length > 0 && length <= 120) {
        issuer = collapse(text.slice(end + issuerLead[0].length, end + issuerLead[0].length + length));
        end += issuerLead[0].length + length;
      }
    }

    let subject: string | null = null;
    const subjectLead = SUBJECT.exec(folded.slice(end, to));
    if (subjectLead) {
      // The subject runs to the end of the clause: a ";", ", " before a capital (the next clause's subject), a full stop or the end.
      const rest = text.slice(end + subjectLead[0].length, to);
      const length = rest.search(/;|,\s+(?=\p{Lu})|\.(?:\s|$)|$/u);
      subject = collapse(rest.slice(0, length)).replace(/[\s,;:.]+$/, '') || null;
    }

    const kind = KINDS[m[1]];
    found.push({
      value: { kind, kindLabel: text.slice(start, start + m[1].length), number, symbol, numberSymbol, issuedOn, issuer, subject },
      span: [paragraph.span[0] + start, paragraph.span[0] + end],
      source: text.slice(start, end),
    });
  }
  return found;
}
