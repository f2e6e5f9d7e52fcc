import { findDates, findNumberSymbol, foldDiacritics, type Span } from './grammar.js';
import type {
  DocumentKind,
  Extracted,
  IssuingUnit,
  RecipientFound,
  Responsibility,
  ResponsibilityRole,
  Signer,
  UnitDirectoryEntry,
} from './imported-plan.js';
import { collapse, flattenSections, isUpperCaseLine, leadLength, LIST_MARKER, type Paragraph, type Section } from './layout.js';
import { groupOf, matchOf } from './match.js';

/**
 * Who and what: the header of Decree 30/2020 (governing body, issuing unit, "Số: …", place and date, the
 * national motto), the document's kind and title, the issuing unit named in the body when the header is
 * missing, the recipients (Nơi nhận), the signature block and who is responsible for what.
 */

const MOTTO = /cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc/g;

const KINDS: [RegExp, DocumentKind][] = [
  [/^ke hoach\b/, 'plan'],
  [/^phat dong\b/, 'launch'],
  [/^chuong trinh\b/, 'programme'],
  [/^huong dan\b/, 'guidance'],
  [/^quyet dinh\b/, 'decision'],
  [/^chi thi\b/, 'directive'],
  [/^thong bao\b/, 'notice'],
];

export interface KindHeading {
  index: number;
  kind: Extracted<{ kind: DocumentKind; label: string }>;
  /** Capitals after the kind on the same line ("KẾ HOẠCH PHÁT ĐỘNG …"): the start of the title. */
  titleStart?: Span;
}

/** The kind of document a line (folded) opens with, and the length of the words that name it. */
function kindNamed(folded: string): { kind: DocumentKind; labelLength: number } | undefined {
  for (const [re, kind] of KINDS) {
    const label = re.exec(folded);
    if (label) return { kind, labelLength: label[0].length };
  }
  return undefined;
}

/** The first line in capitals that names a kind of document: "KẾ HOẠCH", "PHÁT ĐỘNG". */
export function findKindHeading(paragraphs: readonly Paragraph[]): KindHeading | undefined {
  for (const [index, paragraph] of paragraphs.slice(0, 20).entries()) {
    if (!isUpperCaseLine(paragraph.raw) || /^so\b/.test(paragraph.folded)) continue;
    const found = kindNamed(paragraph.folded);
    if (!found) continue;
    const { kind, labelLength } = found;
    const span: Span = [paragraph.span[0], paragraph.span[0] + labelLength];
    const label = paragraph.raw.slice(0, labelLength);
    const rest = paragraph.raw.slice(labelLength).trim();
    return {
      index,
      kind: { value: { kind, label }, span, source: label },
      ...(rest ? { titleStart: [paragraph.span[1] - rest.length, paragraph.span[1]] as Span } : {}),
    };
  }
  return undefined;
}

const PREAMBLE_START = /^(?:thuc hien|can cu|trien khai|nham|huong ung|de |theo )/;

/** The title: the lines after the kind heading, up to the preamble ("Thực hiện …", "Căn cứ …"). */
export function findTitle(
  text: string,
  paragraphs: readonly Paragraph[],
  heading: KindHeading,
): { title: Extracted<string>; next: number } | undefined {
  const spans: Span[] = heading.titleStart ? [heading.titleStart] : [];
  let next = heading.index + 1;
  while (next < paragraphs.length && spans.length < 3) {
    const paragraph = paragraphs[next];
    if (PREAMBLE_START.test(paragraph.folded) || /^[ivx]+\.\s/.test(paragraph.folded)) break;
    spans.push(paragraph.span);
    next++;
  }
  if (spans.length === 0) return undefined;
  const span: Span = [spans[0][0], spans[spans.length - 1][1]];
  return { title: { value: collapse(spans.map((s) => text.slice(...s)).join(' ')), span, source: text.slice(...span) }, next };
}

/** The movement a title names: its quoted name, else the title from "phong trào" on (without "tại <unit>"). */
export function movementOf(text: string, title: Extracted<string>): Extracted<string> | null {
  const written = text.slice(...title.span);
  const source = written.replace(/\n/g, ' ');
  const quoted = /[“"]([^”"]{3,})[”"]/u.exec(source);
  if (quoted) {
    const start = title.span[0] + quoted.index + 1;
    return {
      value: collapse(quoted[1]),
      span: [start, start + quoted[1].length],
      source: written.slice(quoted.index + 1, quoted.index + 1 + quoted[1].length),
    };
  }
  const folded = foldDiacritics(source);
  const at = folded.search(/phong trao/);
  if (at < 0) return null;
  const end = folded.search(/\s+tai\s+\S/);
  const span: Span = [title.span[0] + at, title.span[0] + (end > at ? end : source.length)];
  return { value: collapse(text.slice(...span)), span, source: text.slice(...span) };
}

interface HeaderLine {
  span: Span;
  text: string;
}

/** The header before the kind heading: number and symbol, place and date, issuing unit and the body above it. */
export function readHeader(text: string, end: number) {
  const region = text.slice(0, end);
  const folded = foldDiacritics(region);
  const numberSymbol = findNumberSymbol(region) ?? null;

  // Place and date: "Kiên Giang, ngày 08 tháng 4 năm 2022"; the place runs back to the line start or the symbol.
  let place: Extracted<string> | null = null;
  const dated = findDates(region).find(
    (d) => foldDiacritics(d.text).startsWith('ngay') && /,\s*$/.test(region.slice(Math.max(0, d.span[0] - 3), d.span[0])),
  );
  if (dated) {
    const comma = region.lastIndexOf(',', dated.span[0]);
    const lineStart = region.lastIndexOf('\n', comma) + 1;
    const mottoEnd = [...folded.slice(lineStart, comma).matchAll(MOTTO)].map((m) => lineStart + m.index + m[0].length).at(-1) ?? lineStart;
    const start = Math.max(mottoEnd, numberSymbol && numberSymbol.span[1] <= comma ? numberSymbol.span[1] : lineStart);
    const words = region.slice(start, comma);
    const trimmedStart = start + (words.length - words.trimStart().length);
    if (region.slice(trimmedStart, comma).trim())
      place = {
        value: collapse(region.slice(trimmedStart, comma)),
        span: [trimmedStart, comma],
        source: region.slice(trimmedStart, comma),
      };
  }
  const issuedOn = dated ?? null;

  // What is left of each line once the motto, the number and the place and date are taken out: the unit lines.
  const taken: Span[] = [...folded.matchAll(MOTTO)].map((m) => [m.index, m.index + m[0].length] as Span);
  if (numberSymbol) taken.push([folded.lastIndexOf('so', numberSymbol.span[0]), numberSymbol.span[1]]);
  if (dated) taken.push([place?.span[0] ?? dated.span[0], dated.span[1]]);
  const units: HeaderLine[] = [];
  let offset = 0;
  for (const line of region.split('\n')) {
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, indexed by UTF-16 offsets: alike in BMP text
    const kept = [...line];
    taken.forEach(([a, b]) => {
      for (let i = Math.max(a, offset); i < Math.min(b, offset + line.length); i++) kept[i - offset] = ' ';
    });
    const rest = kept.join('');
    const lead = rest.length - rest.trimStart().length;
    const body = rest.trim().replace(/^[-_=.\s]+$/, '');
    if (body && isUpperCaseLine(body)) units.push({ span: [offset + lead, offset + lead + rest.trim().length], text: collapse(body) });
    offset += line.length + 1;
  }
  return { numberSymbol, place, issuedOn, units };
}

/** The issuing unit from the header's last unit line, with the governing body above it. */
export function issuingUnitFromHeader(
  units: readonly HeaderLine[],
  directory: readonly UnitDirectoryEntry[],
): Extracted<IssuingUnit> | null {
  const unit = units.at(-1);
  if (!unit) return null;
  return {
    value: { name: unit.text, authority: units.at(-2)?.text ?? null, unitCode: resolveUnit(unit.text, directory), from: 'header' },
    span: unit.span,
    source: unit.text,
  };
}

/** "…, Sở Ngoại vụ xây dựng Kế hoạch … như sau:" in the preamble, or "Trên đây là Kế hoạch … của Sở Ngoại vụ." */
export function issuingUnitFromBody(
  preamble: readonly Paragraph[],
  closing: readonly Paragraph[],
  directory: readonly UnitDirectoryEntry[],
): Extracted<IssuingUnit> | null {
  for (const paragraph of [...preamble].reverse()) {
    // Matched on the folded text but with the capital checked on the original: both have the same offsets.
    const match = [
      ...paragraph.folded.matchAll(
        /(?:^|[,:]\s*)([^,;:]{2,80}?)\s+(?:xay dung|ban hanh|phat dong|trien khai|to chuc)\s+(?:ke hoach|phong trao)/g,
      ),
    ]
      .map((m) => ({ start: m.index + m[0].indexOf(m[1]), length: m[1].length }))
      .filter(({ start }) => /^\p{Lu}/u.test(paragraph.raw.slice(start)))
      .at(-1);
    if (match) return unitAt(paragraph, match.start, match.length, 'preamble', directory);
  }
  for (const paragraph of closing) {
    const m = /^tren day la .*\bcua\s+([^.]+?)\.?(?:\/\.)?$/.exec(paragraph.folded);
    if (m) return unitAt(paragraph, paragraph.folded.lastIndexOf(m[1]), m[1].length, 'closing', directory);
  }
  return null;
}

function unitAt(
  paragraph: Paragraph,
  start: number,
  length: number,
  from: IssuingUnit['from'],
  directory: readonly UnitDirectoryEntry[],
): Extracted<IssuingUnit> {
  const name = collapse(paragraph.raw.slice(start, start + length));
  const span: Span = [paragraph.span[0] + start, paragraph.span[0] + start + length];
  return {
    value: { name, authority: null, unitCode: resolveUnit(name, directory), from },
    span,
    source: paragraph.raw.slice(start, start + length),
  };
}

// Names are compared folded, with the usual abbreviations spelled out and punctuation dropped.
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bhdnd\b/g, 'hoi dong nhan dan'],
  [/\btd\s*-?\s*kt\b/g, 'thi dua khen thuong'],
  [/\bvp\b/g, 'van phong'],
];
function comparable(name: string): string {
  let folded = foldDiacritics(name);
  for (const [re, full] of ABBREVIATIONS) folded = folded.replace(re, full);
  return folded
    .replace(/[^a-z0-9()]+/g, ' ')
    .replace(/^\s*cac\s+/, '')
    .trim();
}

/** The code of the unit a name refers to: its full name, the name without its parenthesis, or the parenthesis. */
export function resolveUnit(name: string, directory: readonly UnitDirectoryEntry[]): string | null {
  const wanted = comparable(name).replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  const matches = directory.filter((entry) => {
    const full = comparable(entry.name);
    const aliases = [full.replace(/[()]/g, ' '), full.replace(/\([^)]*\)/g, ' '), ...[...full.matchAll(/\(([^)]*)\)/g)].map((m) => m[1])];
    return aliases.some((alias) => alias.replace(/\s+/g, ' ').trim() === wanted);
  });
  return matches.length === 1 ? matches[0].code : null;
}

// A recipient's role when the document says it, "(để b/c)", and otherwise from the kind of unit named.
const ANNOTATED: [RegExp, RecipientFound['role']][] = [
  [/\b(?:b\/c|bao cao)\b/, 'report-to'],
  [/\b(?:t\/h|thuc hien|chi dao)\b/, 'implement'],
  [/\b(?:biet|p\/h|phoi hop|theo doi|dang tai)\b/, 'for-information'],
];
const BY_NAME: [RegExp, RecipientFound['role']][] = [
  [/trang thong tin|cong thong tin|website/, 'for-information'],
  [/lanh dao|ban giam doc|\bgiam doc\b|chi bo|dang uy|thuong truc/, 'for-information'],
  [/\bcum\b|\bkhoi\b|thanh vien|cac so|ban nganh/, 'for-information'],
  [/ubnd|uy ban nhan dan|\btinh\b|so noi vu|\bbo\b|tinh uy/, 'report-to'],
  [/phong|don vi|trung tam|\bto\b|hoi dong|doan the|cong doan|chi doan|truong|khoa/, 'implement'],
];

/** Nơi nhận: one item per line after "Nơi nhận:", up to the signature block. */
export function findRecipients(
  paragraphs: readonly Paragraph[],
  directory: readonly UnitDirectoryEntry[],
): { recipients: Extracted<RecipientFound>[]; end: number } | undefined {
  const at = paragraphs.findIndex((p) => /^noi nhan\b/.test(p.folded));
  if (at < 0) return undefined;
  const recipients: Extracted<RecipientFound>[] = [];
  let index = at + 1;
  const first = paragraphs[at];
  const inline = matchOf(/^noi nhan\s*:?\s*/, first.folded)[0].length;
  const items: Paragraph[] = first.raw.slice(inline).trim()
    ? [
        {
          ...first,
          span: [first.span[0] + inline, first.span[1]],
          raw: first.raw.slice(inline),
          folded: first.folded.slice(inline),
          text: collapse(first.raw.slice(inline)),
        },
      ]
    : [];
  while (index < paragraphs.length && LIST_MARKER.test(paragraphs[index].raw)) items.push(paragraphs[index++]);
  for (const item of items) {
    const lead = leadLength(item.raw);
    const body = item.raw.slice(lead).replace(/[\s;.,]+$/, '');
    const span: Span = [item.span[0] + lead, item.span[0] + lead + body.length];
    const folded = item.folded.slice(lead, lead + body.length);
    const archive = /^luu\b\s*:?\s*/.exec(folded);
    if (archive) {
      recipients.push({
        value: { name: collapse(body.slice(archive[0].length)), role: 'archive', roleFrom: 'annotation', unitCode: null },
        span,
        source: body,
      });
      continue;
    }
    const note = /\(([^)]*)\)\s*$/.exec(folded);
    const name = collapse(note ? body.slice(0, note.index) : body);
    const annotated = note ? ANNOTATED.find(([re]) => re.test(note[1]))?.[1] : undefined;
    const role = annotated ?? BY_NAME.find(([re]) => re.test(comparable(name)) || re.test(foldDiacritics(name)))?.[1] ?? 'for-information';
    recipients.push({
      value: { name, role, roleFrom: annotated ? 'annotation' : 'name', unitCode: resolveUnit(name, directory) },
      span,
      source: body,
    });
  }
  return { recipients, end: index };
}

const SIGNING_NOTE = /^\((?:da ky|ky|ky ten|ky,.*|ky va .*|chu ky)[^)]*\)$/;
const NAME = /^(?:\p{Lu}[\p{Ll}\p{M}]*\s+){1,5}\p{Lu}[\p{Ll}\p{M}]*$/u;

/** The signature block at the end: title lines in capitals ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and the name under them. */
export function findSigner(text: string, paragraphs: readonly Paragraph[], from: number): Extracted<Signer> | null {
  const tail = paragraphs.slice(from);
  let i = tail.length - 1;
  let name: Paragraph | undefined;
  if (i >= 0 && NAME.test(tail[i].text)) name = tail[i--];
  while (i >= 0 && SIGNING_NOTE.test(tail[i].folded)) i--;
  const titleLines: Paragraph[] = [];
  while (
    i >= 0 &&
    titleLines.length < 4 &&
    isUpperCaseLine(tail[i].raw) &&
    !LIST_MARKER.test(tail[i].folded) &&
    !tail[i].folded.startsWith('noi nhan')
  )
    titleLines.unshift(tail[i--]);
  if (titleLines.length === 0) return null;
  const span: Span = [titleLines[0].span[0], (name ?? titleLines[titleLines.length - 1]).span[1]];
  return { value: { name: name?.text ?? null, title: titleLines.map((l) => l.text).join(', ') }, span, source: text.slice(...span) };
}

/** "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC" → "KT. Giám đốc, Phó Giám đốc": titles as the plan model keeps them. */
export function titleCase(title: string): string {
  return title
    .split(/,\s*/)
    .map((part) =>
      part
        .split(' ')
        .map((word, i, words) => {
          if (/^(?:KT|TM|TL|TUQ|Q)\.$/.test(word) || /^(?:UBND|HĐND|TĐKT|CT|PCT)$/.test(word)) return word;
          const lower = word.toLocaleLowerCase('vi');
          // The office after "Phó" keeps its capital: "Phó Giám đốc".
          const first = i === 0 || /^(?:KT|TM|TL|TUQ|Q)\.$|^PHÓ$/u.test(words[i - 1].toLocaleUpperCase('vi'));
          return first ? lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1) : lower;
        })
        .join(' '),
    )
    .join(', ');
}

const ROLE_WORDS: [RegExp, ResponsibilityRole][] = [
  [/tham muu/, 'advise'],
  [/hoi dong|binh xet|xet khen|xet duyet|lua chon|xet,/, 'review'],
  // Not bare "thực hiện": every duty mentions carrying something out.
  [/trien khai|to chuc thuc hien/, 'implement'],
  [/theo doi|kiem tra|don doc|giam sat/, 'monitor'],
  [/bao cao/, 'report'],
];
const ACTOR =
  /^(?<unit>(?:cac |lanh dao |thu truong |ban |hoi dong |van phong|phong |trung tam|to |chi bo|cong doan|chi doan|doan |so |don vi)[^:;.]{0,100}?)\s+(?:co trach nhiem|chiu trach nhiem|chu dong|to chuc|tham muu|trien khai|phoi hop|theo doi|chi dao|quan triet|thuc hien|bao cao|huong dan|can cu)\b/;
const ITEM_MARKER = /^(?:[ivx]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s*/;

/** Who does what, from the implementation section (Tổ chức thực hiện): one entry per sentence that names a unit and its duty. */
export function findResponsibilities(sections: readonly Section[]): Extracted<Responsibility>[] {
  // Lettered items ("a) Văn phòng Sở có trách nhiệm:") are the responsibilities themselves, not the section.
  const isOrganisation = (s: Section) =>
    !/^[a-zđ]$/.test(s.number) && /to chuc thuc hien|trach nhiem/.test(foldDiacritics(s.heading ?? ''));
  const organisation = flattenSections(sections).filter((s) => isOrganisation(s) && !flattenSections(s.children).some(isOrganisation));
  const found: Extracted<Responsibility>[] = [];
  for (const section of organisation) {
    for (const paragraph of section.paragraphs.slice(1)) {
      const marker = ITEM_MARKER.exec(paragraph.folded)?.[0].length ?? 0;
      const list = LIST_MARKER.exec(paragraph.folded)?.[0].length;
      const last = found.at(-1);
      if (list !== undefined) {
        if (last) last.value.duties = [last.value.duties, collapse(paragraph.raw.slice(list))].filter(Boolean).join('\n');
        continue;
      }
      // A sentence without a unit of its own continues the duty of the sentence before it, in the same paragraph.
      let lastInParagraph: Extracted<Responsibility> | undefined;
      for (const sentence of paragraph.raw.slice(marker).split(/(?<=\.)\s+(?=\p{Lu})/u)) {
        const start = paragraph.raw.indexOf(sentence, marker);
        const actor = ACTOR.exec(paragraph.folded.slice(start, start + sentence.length));
        if (!actor) {
          if (lastInParagraph) lastInParagraph.value.duties += ` ${collapse(sentence)}`;
          continue;
        }
        const unitLength = groupOf(actor, 'unit').length;
        const unit = collapse(sentence.slice(0, unitLength));
        const duties = collapse(sentence.slice(unitLength)).replace(/:$/, '');
        const span: Span = [paragraph.span[0] + start, paragraph.span[0] + start + sentence.length];
        lastInParagraph = { value: { unit, duties, roles: [] }, span, source: sentence };
        found.push(lastInParagraph);
      }
    }
  }
  for (const { value } of found) {
    const words = foldDiacritics(`${value.unit} ${value.duties}`);
    value.roles = ROLE_WORDS.filter(([re]) => re.test(words)).map(([, role]) => role);
  }
  return found;
}
