import type { AwardCode, RecipientKind, Target } from '#domain';
import type { Span } from './grammar.js';
import type { Extracted, QuotaFound, TargetFound } from './imported-plan.js';
import { collapse, leadLength, type Paragraph } from './layout.js';
import { groupOf, groupSpanOf } from './match.js';

/**
 * What a plan commits to: targets ("100% CBCCVC …", "Ít nhất 15% CBCCVC đạt danh hiệu Chiến sỹ thi đua cấp
 * cơ sở") and award quotas ("Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân", "02 phòng (đơn vị) được Giám
 * đốc Sở tặng Giấy khen"). Award names are matched to the system's award codes where they are unambiguous.
 */

export interface Clause {
  span: Span;
  raw: string;
  folded: string;
}

/** A paragraph's clauses: split at ";" and at full stops before a capital or a number, list markers dropped. */
export function clausesOf(paragraph: Paragraph): Clause[] {
  const clauses: Clause[] = [];
  const boundary = /;\s*|\.\s+(?=[\p{Lu}\d])|:\s+(?=\d)/gu;
  let start = 0;
  const push = (end: number) => {
    const lead = leadLength(paragraph.raw.slice(start, end));
    const raw = paragraph.raw.slice(start + lead, end).replace(/[\s.,;:]+$/, '');
    if (raw)
      clauses.push({
        span: [paragraph.span[0] + start + lead, paragraph.span[0] + start + lead + raw.length],
        raw,
        folded: paragraph.folded.slice(start + lead, start + lead + raw.length),
      });
  };
  for (const m of paragraph.raw.matchAll(boundary)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(paragraph.raw.length);
  return clauses;
}

/** The award a phrase names, given whether it goes to collectives; null when it is not one the system tracks. */
export function awardNamed(folded: string, collective: boolean): AwardCode | null {
  const provincial = /\b(?:ubnd|uy ban nhan dan|chu tich) tinh\b|\btinh\b/.test(folded);
  if (folded.includes('huan chuong lao dong hang nhat')) return 'HUAN_CHUONG_LD_1';
  if (folded.includes('huan chuong lao dong hang nhi')) return 'HUAN_CHUONG_LD_2';
  if (folded.includes('huan chuong lao dong hang ba')) return 'HUAN_CHUONG_LD_3';
  if (/chien s[iy] thi dua toan quoc/.test(folded)) return 'CSTD_TOAN_QUOC';
  if (/chien s[iy] thi dua (?:cap )?tinh/.test(folded)) return 'CSTD_TINH';
  if (/chien s[iy] thi dua (?:cap )?co so/.test(folded)) return 'CSTDCS';
  if (folded.includes('co thi dua')) return folded.includes('chinh phu') ? 'CO_THI_DUA_CP' : provincial ? 'CO_THI_DUA_TINH' : null;
  if (folded.includes('tap the lao dong xuat sac')) return 'TLDXS';
  if (folded.includes('tap the lao dong tien tien')) return 'TLDTT';
  if (folded.includes('lao dong tien tien')) return collective ? 'TLDTT' : 'LDTT';
  if (folded.includes('bang khen')) return folded.includes('thu tuong') ? 'BANG_KHEN_TTG' : provincial ? 'BANG_KHEN_TINH' : null;
  if (folded.includes('giay khen')) return 'GIAY_KHEN';
  return null;
}

const AWARD_WORD = /giay khen|bang khen|huan chuong|co thi dua|danh hieu|chien s[iy] thi dua|lao dong (?:tien tien|xuat sac)/;
const COLLECTIVE = /\b(?:tap the|phong|don vi|co quan|to chuc|chi bo|cong doan|chi doan|khoa|truong)\b/;

const recipientKindOf = (who: string): RecipientKind => (/^ca nhan|^cbccvc|^can bo/.test(who) ? 'individual' : 'collective');

// "Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân"
const QUOTA_LIST =
  /^(?<award>[^:]{3,90}?)\s*:\s*(?<counts>\d+\s*(?:tap the|ca nhan)(?:\s*[;,]?\s*(?:va\s+)?\d+\s*(?:tap the|ca nhan))*)\s*$/;
// "02 phòng (đơn vị) được Giám đốc Sở tặng Giấy khen", "01 phòng được UBND tỉnh công nhận danh hiệu tập thể Lao động xuất sắc"
const QUOTA_GRANT =
  /^(?:[^:]{0,40}:\s*)?(?<n>\d+)\s+(?<who>ca nhan|tap the|phong|don vi|co quan|cbccvc|can bo)\b[^]*?\bduoc\s+(?<by>.+?)\s+(?:tang|cong nhan|xet tang|khen thuong)\s+(?:danh hieu\s+)?(?<award>.+)$/d;

/** "<award>: 02 tập thể; 02 cá nhân" as a whole line (list marker and full stop aside). */
function listedQuotas(paragraph: Paragraph): Extracted<QuotaFound>[] {
  const lead = leadLength(paragraph.raw);
  const raw = paragraph.raw.slice(lead).replace(/[\s.;]+$/, '');
  const clause: Clause = {
    span: [paragraph.span[0] + lead, paragraph.span[0] + lead + raw.length],
    raw,
    folded: paragraph.folded.slice(lead, lead + raw.length),
  };
  const list = QUOTA_LIST.exec(clause.folded);
  if (!list) return [];
  const award = groupOf(list, 'award');
  if (!AWARD_WORD.test(award)) return [];
  const awardText = clause.raw.slice(0, award.length).trim();
  const conferrer = /^(?:giay khen|bang khen)\s+(?:cua\s+)?(.+)$/.exec(award);
  const counts = [...groupOf(list, 'counts').matchAll(/(\d+)\s*(tap the|ca nhan)/g)];
  return counts.map((c) => {
    const recipientKind = recipientKindOf(c[2]);
    return {
      value: {
        award: awardNamed(award, recipientKind === 'collective'),
        awardName: awardText,
        conferrer: conferrer ? awardText.slice(awardText.length - conferrer[1].length) : null,
        recipientKind,
        count: Number(c[1]),
      },
      span: clause.span,
      source: clause.raw,
    };
  });
}

/** "02 phòng (đơn vị) được Giám đốc Sở tặng Giấy khen" in one clause. */
function grantedQuota(clause: Clause): Extracted<QuotaFound>[] {
  const at = (span: Span) => clause.raw.slice(...span).trim();
  const grant = QUOTA_GRANT.exec(clause.folded);
  if (!grant) return [];
  const award = groupOf(grant, 'award');
  if (!AWARD_WORD.test(award)) return [];
  const countAt = groupSpanOf(grant, 'n')[0];
  const recipientKind = recipientKindOf(groupOf(grant, 'who'));
  const start = clause.span[0] + countAt;
  return [
    {
      value: {
        award: awardNamed(`${groupOf(grant, 'by')} ${award}`, recipientKind === 'collective'),
        awardName: at(groupSpanOf(grant, 'award')),
        conferrer: at(groupSpanOf(grant, 'by')),
        recipientKind,
        count: Number(groupOf(grant, 'n')),
      },
      span: [start, clause.span[1]],
      source: clause.raw.slice(countAt),
    },
  ];
}

/** Every quota in the paragraphs, in order. */
export function findQuotas(paragraphs: readonly Paragraph[]): Extracted<QuotaFound>[] {
  return paragraphs.flatMap((p) => {
    const listed = listedQuotas(p);
    return listed.length > 0 ? listed : clausesOf(p).flatMap(grantedQuota);
  });
}

const COMPARATORS: [RegExp, Target['comparator']][] = [
  [/^(?:it nhat|toi thieu|tren)$/, '>='],
  [/^(?:toi da|khong qua|duoi)$/, '<='],
];
const comparatorOf = (word: string | undefined): Target['comparator'] => COMPARATORS.find(([re]) => re.test(word ?? ''))?.[1] ?? '=';

// The verb that ends the population: "100% CBCCVC | đạt danh hiệu …". "có" is matched with its diacritics
// only, since folded it is also "cơ" (as in "cơ quan").
const VERB = /\s(?:dat|hoan thanh|duoc|chap hanh|khong|thuc hien|tham gia|dang ky|xep loai|nam vung|su dung|ung dung|hoc tap|ky cam ket)\b/;

const PERCENT =
  /^(?:(?<cmp>it nhat|toi thieu|toi da|khong qua|tren|duoi|phan dau(?: dat)?(?: tren)?)\s+)?(?<v>\d+(?:[.,]\d+)?)\s*%\s+(?<rest>\S.*)$/d;
const COUNT = /^(?:(?<cmp>it nhat|toi thieu|toi da|khong qua|phan dau(?: co)?)\s+)?(?<v>\d+)\s+(?<rest>\p{L}.*)$/du;

function targetFrom(clause: Clause, unit: Target['unit']): Extracted<TargetFound> | undefined {
  const m = (unit === 'percent' ? PERCENT : COUNT).exec(clause.folded);
  if (!m) return undefined;
  const restStart = groupSpanOf(m, 'rest')[0];
  const rest = clause.folded.slice(restStart);
  const withDiacritics = clause.raw.slice(restStart).search(/\scó\s/u);
  const verbAt = Math.min(...[rest.search(VERB), withDiacritics].filter((i) => i > 0));
  if (!Number.isFinite(verbAt)) return undefined;
  const population = collapse(clause.raw.slice(restStart, restStart + verbAt));
  const metricText = collapse(clause.raw.slice(restStart + verbAt));
  const foldedMetric = rest.slice(verbAt).trim();
  const award = /^dat\b/.test(foldedMetric) ? awardNamed(foldedMetric, COLLECTIVE.test(rest.slice(0, verbAt))) : null;
  // A bare "phấn đấu" leaves '' and means equal, as no word at all does.
  const cmp = m.groups?.cmp?.replace(/^phan dau(?: dat)?\s*/, '');
  return {
    value: {
      metric: award ?? metricText,
      comparator: comparatorOf(cmp),
      value: Number(groupOf(m, 'v').replace(',', '.')),
      unit,
      population,
      award,
    },
    span: clause.span,
    source: clause.raw,
  };
}

/**
 * Targets: every clause that opens with a percentage, anywhere in the body, and in sections about targets
 * (mục tiêu, chỉ tiêu) every clause that opens with a count and is not an award quota.
 */
export function findTargets(
  body: readonly Paragraph[],
  targetSections: readonly Paragraph[],
  quotas: readonly Extracted<QuotaFound>[],
): Extracted<TargetFound>[] {
  const inQuota = (span: Span) => quotas.some((q) => span[0] < q.span[1] && q.span[0] < span[1]);
  const percent = body.flatMap((p) => clausesOf(p).flatMap((c) => targetFrom(c, 'percent') ?? []));
  const counts = targetSections.flatMap((p) => clausesOf(p).flatMap((c) => (inQuota(c.span) ? [] : (targetFrom(c, 'count') ?? []))));
  return [...percent, ...counts].sort((a, b) => a.span[0] - b.span[0]);
}
