import type { Deadline } from '#domain';
import { writtenDate } from './citations.js';
import { findDates, type Span } from './grammar.js';
import type { DeadlineFound, DeadlineKind, Extracted, Phase, ReviewTiming, WrittenDate } from './imported-plan.js';
import { collapse, leadLength, type Paragraph } from './layout.js';
import { groupOf, groupSpanOf } from './match.js';

/**
 * When things happen: the time frame ("từ 28/4/2022 đến hết 31/12/2022"), phases ("Đợt 1: Từ đầu năm đến
 * 19/5/2021"), deadlines ("Đăng ký thi đua: Trước ngày 28/4/2022", "trước 16 giờ 00 ngày 20/5/2022") and
 * review timings without a date ("Sơ kết thi đua vào cuối đợt 1"). Matched on folded text, so "truoc ngay"
 * reads like "trước ngày".
 */

const NUMERIC_DATE = String.raw`\d{1,2}[/.-]\d{1,2}[/.-]\d{4}`;
const WORDED_DATE = String.raw`ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}`;
const DATE = String.raw`(?:${WORDED_DATE}|(?:ngay\s+)?${NUMERIC_DATE})`;
const START = String.raw`(?:${DATE}|dau nam|dau thang\s+\d{1,2}[/.-]\d{4}|thang\s+\d{1,2}[/.-]\d{4}|ngay (?:ky|ban hanh)(?: ban hanh)?)`;
const END = String.raw`(?:${DATE}|(?:cuoi|het) nam(?:\s+\d{4})?)`;
// "từ [tháng] <start> đến [hết] <end>"; the stray "tháng" before a full date is a slip of the seed 000 kind.
const RANGE = String.raw`\btu\s+(?<stray>thang\s+(?=\d{1,2}[/.-]\d{1,2}[/.-]))?(?<from>${START})\s*,?\s+den\s+(?:het\s+)?(?<to>${END})`;

const RANGE_RE = new RegExp(RANGE, 'dg');
const PHASE_RE = new RegExp(String.raw`\bdot\s+(?<n>\d+|[ivx]+)\b\s*:?\s*(?:${RANGE})`, 'dg');

interface Range {
  from: WrittenDate | null;
  to: WrittenDate;
  span: Span;
  stray?: Span;
}

/** A start or end as written, read into a date; `year` resolves "đầu năm" (the year of the other end). */
function readPoint(text: string, span: Span, folded: string, year: number | undefined, end: boolean): WrittenDate | null {
  const words = folded.slice(...span);
  if (/^(?:dau|cuoi|het) nam/.test(words)) {
    const written = /\d{4}/.exec(words)?.[0];
    const y = written ? Number(written) : year;
    if (y === undefined) return { partial: true, reading: words };
    const iso = end ? `${y}-12-31` : `${y}-01-01`;
    return { iso, year: y, partial: false, reading: end ? 'the end of the year' : 'the start of the year' };
  }
  if (/^ngay (?:ky|ban hanh)/.test(words)) return { partial: true, reading: 'the date the plan is signed' };
  const [date] = findDates(text.slice(...span));
  if (!date) return null;
  const written = writtenDate(date);
  // "đầu tháng 6/2021", "tháng 6/2021" as a start: the first of that month.
  if (!end && written.day === undefined && written.month !== undefined && !written.problem) {
    return {
      ...written,
      iso: `${written.year}-${String(written.month).padStart(2, '0')}-01`,
      partial: false,
      reading: 'the start of the month',
    };
  }
  return written;
}

/** A range matched in a paragraph, its spans made absolute. */
function rangeOf(paragraph: Paragraph, m: RegExpExecArray): Range | undefined {
  const toSpan = groupSpanOf(m, 'to');
  const fromSpan = groupSpanOf(m, 'from');
  const stray = m.indices?.groups?.stray;
  const { raw, folded } = paragraph;
  const to0 = readPoint(raw, toSpan, folded, undefined, true);
  const from = readPoint(raw, fromSpan, folded, to0?.year, false);
  const to = to0?.iso || !from?.year ? to0 : readPoint(raw, toSpan, folded, from.year, true);
  if (!to) return undefined;
  const at = paragraph.span[0];
  return { from, to, span: [at + m.index, at + m.index + m[0].length], ...(stray ? { stray: [at + stray[0], at + stray[1]] } : {}) };
}

/** The plan's time frame: the first range of dates outside a phase, in a paragraph that speaks of time. */
export function findTimeFrame(
  text: string,
  paragraphs: readonly Paragraph[],
): (Extracted<{ from: WrittenDate; to: WrittenDate }> & { stray?: Span }) | null {
  for (const paragraph of paragraphs) {
    if (/\bdot\s+(\d+|[ivx]+)\b/.test(paragraph.folded) || !/thoi gian|trien khai|thuc hien|ap dung/.test(paragraph.folded)) continue;
    for (const m of paragraph.folded.matchAll(RANGE_RE)) {
      const range = rangeOf(paragraph, m);
      if (!range?.from) continue;
      return {
        value: { from: range.from, to: range.to },
        span: range.span,
        source: text.slice(...range.span),
        ...(range.stray ? { stray: range.stray } : {}),
      };
    }
  }
  return null;
}

const phaseName = (n: string) => `Đợt ${/^\d+$/.test(n) ? Number(n) : n.toUpperCase()}`;

/** Every "Đợt N: Từ … đến …" line, with what the line says the phase is for. */
export function findPhases(text: string, paragraphs: readonly Paragraph[]): Extracted<Phase>[] {
  const phases: Extracted<Phase>[] = [];
  for (const paragraph of paragraphs) {
    for (const m of paragraph.folded.matchAll(PHASE_RE)) {
      const range = rangeOf(paragraph, m);
      if (!range) continue;
      const purpose = collapse(text.slice(range.span[1], paragraph.span[1]).replace(/^[\s:,.;-]+/, ''));
      phases.push({
        value: { name: phaseName(groupOf(m, 'n')), from: range.from, to: range.to, purpose: purpose || null },
        span: range.span,
        source: text.slice(...range.span),
      });
    }
  }
  return phases;
}

// "trước ngày D", "hết ngày D", "chậm nhất ngày D", "trước 16 giờ 00 ngày D", "trước 16h ngày D".
const DEADLINE_RE = new RegExp(
  String.raw`\b(?<word>truoc het|truoc|cham nhat(?: la)?|han chot|den het|het)\s+(?:ngay\s+)?(?:(?<hour>\d{1,2})\s*(?:gio|h)\s*(?<minute>\d{2})?\s*(?:phut)?\s*,?\s*(?:ngay\s+)?)?(?<date>${DATE})`,
  'dg',
);

// Which deadline a clause is about, most specific first: "báo cáo sơ kết" is an interim review, not a report.
const DEADLINE_KINDS: [RegExp, DeadlineKind][] = [
  [/de nghi khen thuong|ho so (?:de nghi|khen thuong)|trinh khen thuong/, 'nomination'],
  [/dang ky/, 'registration'],
  [/so ket/, 'interim-review'],
  [/tong ket/, 'final-review'],
  [/bao cao/, 'report'],
];

const phaseIn = (folded: string) => {
  const m = /\bdot\s+(\d+|[ivx]+)\b/.exec(folded);
  return m ? phaseName(m[1]) : null;
};

/** Every deadline, classified by the clause it closes; dates inside a range (`skip`) are not deadlines. */
export function findDeadlines(text: string, paragraphs: readonly Paragraph[], skip: readonly Span[]): Extracted<DeadlineFound>[] {
  const found: Extracted<DeadlineFound>[] = [];
  for (const paragraph of paragraphs) {
    for (const m of paragraph.folded.matchAll(DEADLINE_RE)) {
      const start = paragraph.span[0] + m.index;
      if (skip.some(([a, b]) => start >= a && start < b)) continue;
      const [date] = findDates(paragraph.raw.slice(...groupSpanOf(m, 'date')));
      if (!date) continue;
      // The clause the deadline closes: what follows the last sentence break before it (split always gives one piece at least).
      const clauses = paragraph.folded.slice(0, m.index).split(/[.;]\s/);
      const clause = clauses[clauses.length - 1];
      const kind = DEADLINE_KINDS.find(([re]) => re.test(clause))?.[1] ?? 'other';
      const hour = m.groups?.hour;
      const rule: Deadline['rule'] = hour !== undefined ? 'at' : groupOf(m, 'word') === 'truoc' ? 'before' : 'end-of-day';
      const time = hour !== undefined ? `${hour.padStart(2, '0')}:${m.groups?.minute ?? '00'}` : null;
      const span: Span = [start, paragraph.span[0] + m.index + m[0].length];
      found.push({
        value: { kind, phase: kind === 'interim-review' ? phaseIn(clause) : null, date: writtenDate(date), rule, time },
        span,
        source: text.slice(...span),
      });
    }
  }
  return found;
}

/** "Sơ kết thi đua vào cuối đợt 1", "Tổng kết vào dịp cuối năm 2021": reviews announced without a deadline. */
export function findReviewTimings(
  text: string,
  paragraphs: readonly Paragraph[],
  deadlines: readonly Extracted<DeadlineFound>[],
): Extracted<ReviewTiming>[] {
  const timings: Extracted<ReviewTiming>[] = [];
  for (const paragraph of paragraphs) {
    const item = leadLength(paragraph.folded);
    const clause = /^(so ket|tong ket)\b[^.;]*?\b(vao|trong|dip|cuoi)\b[^.;]*/.exec(paragraph.folded.slice(item));
    if (!clause) continue;
    const span: Span = [paragraph.span[0] + item, paragraph.span[0] + item + clause[0].length];
    if (deadlines.some((d) => d.span[0] >= span[0] && d.span[0] < span[1])) continue;
    const timingStart = span[0] + clause.index + clause[0].indexOf(clause[2], clause[1].length);
    timings.push({
      value: {
        kind: clause[1] === 'so ket' ? 'interim-review' : 'final-review',
        timing: collapse(text.slice(timingStart, span[1])),
        phase: phaseIn(clause[0]),
      },
      span,
      source: text.slice(...span),
    });
  }
  return timings;
}
