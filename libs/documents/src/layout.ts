import { foldDiacritics, type Span } from './grammar.js';
import { matchOf } from './match.js';

/**
 * The layout of a pasted plan: lines joined back into paragraphs (hard wraps and page breaks undone) and
 * the numbered sections (I., 1., 2.1., a)) as a tree. Everything keeps offsets into the normalised text,
 * so each field extracted later can say where it came from.
 */

export interface Paragraph {
  span: Span;
  /** The paragraph's text with its line breaks as spaces: same length as its span, for offset arithmetic. */
  raw: string;
  /** `raw` with diacritics folded, for keyword matching. */
  folded: string;
  /** Whitespace collapsed: what a person reads. */
  text: string;
}

export interface Section {
  /** "I", "2", "2.1", "a" */
  number: string;
  /** The heading line ("MỤC ĐÍCH, YÊU CẦU"); absent when the number starts a paragraph of content. */
  heading?: string;
  /** The body: the numbered paragraph's own text after its number (when it has no heading) and what follows it. */
  text: string;
  span: Span;
  level: number;
  paragraphs: Paragraph[];
  children: Section[];
}

export interface Layout {
  paragraphs: Paragraph[];
  sections: Section[];
}

const ROMAN = /^(X{0,3}(?:IX|IV|V?I{0,3}))\.\s+(\S.*)$/su;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})*)[.)]\s*(\S.*)$/su;
const LETTERED = /^([a-zđ])\)\s*(\S.*)$/su;
const TERMINAL = /[.:;!?]["”)]?$/u;

export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A list item's marker: "-", "+", "–" or "•" (markdown "*" bullets become "-" when the text is normalised). */
export const LIST_MARKER = /^[-+–•]\s*/;

/** How many leading characters are spaces and list markers: where an item's own words start. */
export const leadLength = (text: string) => matchOf(/^[\s+\-–•]*/, text)[0].length;

/** True for a line in capitals ("KẾ HOẠCH", "GIÁM ĐỐC", "I. MỤC ĐÍCH"): such lines are never joined to the next. */
export function isUpperCaseLine(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** A line that opens a block of its own even after an unfinished line: a number, capitals, "Nơi nhận". */
const startsBlock = (line: string) =>
  ROMAN.test(line) || NUMBERED.test(line) || LETTERED.test(line) || isUpperCaseLine(line) || /^noi nhan\b/.test(foldDiacritics(line));

// Hard-wrapped lines run close to the wrap width; a shorter unfinished line ends its paragraph (a heading, a title).
const WRAPPED_LINE = 40;

/**
 * Paragraphs from lines. A line continues the one before it when that one is long, did not end a sentence
 * and is not in capitals, and the line does not open a block; across a blank line only when it starts in
 * lower case, which is how a page break inside a sentence looks once pasted. A "-" after an unfinished long
 * line is the wrap of "kinh tế - xã hội", not a list item.
 */
export function paragraphsOf(text: string): Paragraph[] {
  const folded = foldDiacritics(text);
  const spans: Span[] = [];
  let blankBefore = false;
  let previous = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset + (line.length - line.trimStart().length);
    const end = offset + line.trimEnd().length;
    offset += line.length + 1;
    if (start >= end) {
      blankBefore = true;
      continue;
    }
    const current = text.slice(start, end);
    const last = spans.at(-1);
    const unfinished = last !== undefined && !TERMINAL.test(previous) && !isUpperCaseLine(previous);
    const continues =
      unfinished &&
      (blankBefore ? /^\p{Ll}/u.test(current) && !LETTERED.test(current) : previous.length >= WRAPPED_LINE && !startsBlock(current));
    if (continues) last[1] = end;
    else spans.push([start, end]);
    previous = current;
    blankBefore = false;
  }
  return spans.map((span) => {
    const raw = text.slice(...span).replace(/\n/g, ' ');
    return { span, raw, folded: folded.slice(...span).replace(/\n/g, ' '), text: collapse(raw) };
  });
}

interface Marker {
  number: string;
  rest: string;
  level: number;
}

/** The number that opens a paragraph and its level: I. (1), 1. (2), 1.1. (3), a) one below the enclosing number. */
function markerOf(paragraph: Paragraph, enclosing: number): Marker | undefined {
  const roman = ROMAN.exec(paragraph.text);
  if (roman?.[1] && isUpperCaseLine(roman[2])) return { number: roman[1], rest: roman[2], level: 1 };
  const numbered = NUMBERED.exec(paragraph.text);
  if (numbered) return { number: numbered[1], rest: numbered[2], level: 1 + numbered[1].split('.').length };
  const lettered = LETTERED.exec(paragraph.text);
  if (lettered) return { number: lettered[1], rest: lettered[2], level: Math.max(enclosing, 1) + 1 };
  return undefined;
}

/** A short line without a closing full stop is a heading ("1. Mục đích"); a long one is numbered content. */
const isHeading = (rest: string) => rest.length <= 90 && !/[.;]$/.test(rest) && !/:\s*\S/.test(rest);

/** Sections of the body, from the first Roman-numbered heading on; the paragraphs before it are not in any section. */
export function sectionsOf(paragraphs: Paragraph[]): Section[] {
  const roots: Section[] = [];
  // The sections the paragraph is in, outermost first; empty until the first Roman-numbered heading.
  const open: Section[] = [];
  // Level 0 when no section is open: every marker's level is 1 or more.
  const enclosingLevel = () => open.at(-1)?.level ?? 0;
  for (const paragraph of paragraphs) {
    // The closing block (Nơi nhận, signature) belongs to no section.
    if (/^noi nhan\b/.test(paragraph.folded)) break;
    const marker = markerOf(paragraph, enclosingLevel());
    if (marker) {
      // Numbers before the first Roman-numbered heading open no section.
      if (open.length === 0 && marker.level > 1) continue;
      while (enclosingLevel() >= marker.level) open.pop();
      const heading = marker.level === 1 || isHeading(marker.rest) ? marker.rest.replace(/:$/, '') : undefined;
      const section: Section = {
        number: marker.number,
        ...(heading !== undefined ? { heading } : {}),
        text: heading === undefined ? marker.rest : '',
        span: [...paragraph.span],
        level: marker.level,
        paragraphs: [paragraph],
        children: [],
      };
      (open.at(-1)?.children ?? roots).push(section);
      for (const ancestor of open) {
        ancestor.span[1] = paragraph.span[1];
        ancestor.paragraphs.push(paragraph);
      }
      open.push(section);
      continue;
    }
    const innermost = open.at(-1);
    // Text before the first Roman-numbered heading is in no section.
    if (!innermost) continue;
    for (const section of open) {
      section.span[1] = paragraph.span[1];
      section.paragraphs.push(paragraph);
    }
    innermost.text = innermost.text ? `${innermost.text}\n${paragraph.text}` : paragraph.text;
  }
  return roots;
}

/** Every section, depth first. */
export function flattenSections(sections: readonly Section[]): Section[] {
  return sections.flatMap((section) => [section, ...flattenSections(section.children)]);
}
