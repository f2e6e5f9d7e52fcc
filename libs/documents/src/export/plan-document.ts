import {
  AWARDS,
  isAwardCode,
  isCalendarDate,
  parseCalendarDate,
  type AwardCode,
  type BasisKind,
  type Deadline,
  type PlanBasis,
  type PlanDraft,
  type Quota,
  type RecipientKind,
  type RecipientRole,
  type Target,
  type UnitKind,
} from '#domain';

/**
 * A plan as the document its issuer signs, laid out as Decree 30/2020/NĐ-CP lays out administrative
 * documents. The text here is final: the renderers only place and style it, so the Markdown and the
 * DOCX say the same words, which the importer reads back.
 */

/** What the draft holds only as codes, and where the issuer stands; the caller knows both. */
export interface ExportContext {
  /** A unit's name as of the plan's issue date; a code it does not know is shown as the code. */
  unitName(code: string): string | undefined;
  issuerKind: UnitKind;
  /** The governing authority's line above the issuer's name, e.g. "UBND TỈNH HÀ TĨNH"; a board has none. */
  authority?: string;
  /** The plan this one implements, cited by its title in the basis sentence. */
  parent?: PlanDraft;
}

/** One paragraph of the body; 'heading' is set bold, 'item' is a "- " line. */
export interface PlanBlock {
  style: 'heading' | 'paragraph' | 'item';
  text: string;
}

export interface PlanSection {
  heading: string;
  blocks: PlanBlock[];
}

export interface PlanDocument {
  header: {
    authority?: string;
    issuer: string;
    motto: readonly [string, string];
    number: string;
    placeAndDate: string;
  };
  kind: string;
  title: string;
  basis: string;
  sections: PlanSection[];
  recipients: { heading: string; items: string[] };
  /** `name` is a placeholder to sign over while the signer is not known yet. */
  signature: { title: string; name: string; placeholder: boolean };
}

const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;
const ROMAN = ['I', 'II', 'III', 'IV'];
const NUMBERED = /^\d+\/\S+$/;
const BASIS_WORD: Record<BasisKind, string> = { plan: 'Kế hoạch', directive: 'Chỉ thị', decision: 'Quyết định', other: 'Văn bản' };
const COMPARATOR_WORDS: Record<Target['comparator'], string> = { '>=': 'Ít nhất ', '<=': 'Tối đa ', '=': '' };
const RECIPIENT_WORD: Record<RecipientKind, string> = { collective: 'tập thể', individual: 'cá nhân' };
/** Nơi nhận lists those reported to first, then those who implement, then those informed. */
const ROLE_ORDER: readonly RecipientRole[] = ['report-to', 'implement', 'for-information'];
const ROLE_NOTE: Record<RecipientRole, string> = { 'report-to': 'để b/c', implement: 'để t/h', 'for-information': 'để biết' };
/** Whose Giấy khen it is: the head of the issuing unit, as the plans write it. */
const HEAD_TITLE: Record<UnitKind, string> = { board: 'Chủ tịch UBND tỉnh', department: 'Giám đốc Sở', division: 'Trưởng phòng' };

type NameOf = (code: string) => string;
type AwardNameOf = (award: AwardCode) => string;

/** The document of a draft, typically one `deriveDraft` produced. Throws on a date that does not exist. */
export function buildPlanDocument(draft: PlanDraft, context: ExportContext): PlanDocument {
  const nameOf = (code: string) => context.unitName(code) ?? code;
  const issuer = nameOf(draft.issuingUnit);
  return {
    header: {
      ...(context.issuerKind !== 'board' && context.authority ? { authority: context.authority.toUpperCase() } : {}),
      issuer: issuer.toUpperCase(),
      motto: MOTTO,
      number: numberLine(draft),
      placeAndDate: `${draft.place}, ${headerDate(draft.issuedOn)}`,
    },
    kind: 'KẾ HOẠCH',
    title: draft.title,
    basis: basisSentence(draft, context, nameOf),
    sections: numberSections([
      purposeSection(draft, issuer),
      targetsAndAwardsSection(draft, (award) => awardName(award, context.issuerKind)),
      timeSection(draft),
      organisationSection(draft, issuer, nameOf),
    ]),
    recipients: { heading: 'Nơi nhận:', items: recipientLines(draft, nameOf) },
    signature: {
      title: draft.signer.title.toUpperCase(),
      ...(draft.signer.name.trim() ? { name: draft.signer.name, placeholder: false } : { name: '(Ký, ghi rõ họ tên)', placeholder: true }),
    },
  };
}

/** An unnumbered draft leaves the number blank for the clerk to write in when it is issued. */
function numberLine({ numberSymbol, issuingUnit }: PlanDraft): string {
  const written = numberSymbol.trim();
  if (NUMBERED.test(written)) return `Số: ${written}`;
  // Unit codes nest ("SNGV.VP"); a symbol names the unit alone ("KH-VP").
  const symbol = written.slice(written.lastIndexOf('/') + 1).trim() || `KH-${issuingUnit.split('.').at(-1)}`;
  return `Số:      /${symbol}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Decree 30 pads days below 10 and the months 1 and 2: "ngày 08 tháng 01 năm 2022", "ngày 27 tháng 4 năm 2022". */
function headerDate(date: string): string {
  // An undated draft leaves the date for the clerk, as drafts for signature do.
  if (!isCalendarDate(date)) return 'ngày    tháng    năm    ';
  const { year, month, day } = parseCalendarDate(date);
  return `ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : month} năm ${year}`;
}

/** In the body dates are written short and unpadded: 28/4/2022. */
function bodyDate(date: string): string {
  const { year, month, day } = parseCalendarDate(date);
  return `${day}/${month}/${year}`;
}

function dayAfter(date: string): string {
  const { year, month, day } = parseCalendarDate(date);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

function basisSentence(draft: PlanDraft, { parent }: ExportContext, nameOf: NameOf): string {
  const isParent = (basis: PlanBasis) => basis.kind === 'plan' && basis.planId !== undefined && basis.planId === draft.parentPlanId;
  const bases = [...draft.bases.filter(isParent), ...draft.bases.filter((basis) => !isParent(basis))];
  const cited = bases.map((basis) => citation(basis, nameOf) + (parent && isParent(basis) ? ` về việc ${parent.title}` : ''));
  const implementing = cited.length ? `Thực hiện ${cited.join('; ')}, ` : '';
  return `${implementing}${nameOf(draft.issuingUnit)} xây dựng Kế hoạch thực hiện như sau:`;
}

function citation({ kind, numberSymbol, issuedOn, issuer }: PlanBasis, nameOf: NameOf): string {
  const on = issuedOn ? ` ngày ${bodyDate(issuedOn)}` : '';
  const by = issuer ? ` của ${nameOf(issuer)}` : '';
  return `${BASIS_WORD[kind]} số ${numberSymbol}${on}${by}`;
}

/** A numbered part of a section: its lead line ("2. Yêu cầu") and what follows it. */
interface Part {
  lead: PlanBlock;
  blocks: PlanBlock[];
}

const heading = (text: string): PlanBlock => ({ style: 'heading', text });
const paragraph = (text: string): PlanBlock => ({ style: 'paragraph', text });
const item = (text: string): PlanBlock => ({ style: 'item', text: `- ${text}` });

const paragraphPart = (text: string): Part => ({ lead: paragraph(text), blocks: [] });
const titledPart = (title: string, text: string): Part => ({ lead: heading(title), blocks: [paragraph(text)] });
/** A titled list, left out when there is nothing to list. */
const listPart = (title: string, items: string[]): Part | undefined =>
  items.length ? { lead: heading(title), blocks: items.map(item) } : undefined;

/** Numbers the parts that are present, so that leaving one out renumbers the rest. */
function numberParts(parts: readonly (Part | undefined)[]): PlanBlock[] {
  return parts
    .filter((part): part is Part => part !== undefined)
    .flatMap(({ lead, blocks }, i) => [{ ...lead, text: `${i + 1}. ${lead.text}` }, ...blocks]);
}

function numberSections(sections: readonly (PlanSection | undefined)[]): PlanSection[] {
  return sections
    .filter((section): section is PlanSection => section !== undefined)
    .map((section, i) => ({ ...section, heading: `${ROMAN[i]}. ${section.heading}` }));
}

function purposeSection({ movement }: PlanDraft, issuer: string): PlanSection {
  return {
    heading: 'MỤC ĐÍCH, YÊU CẦU',
    blocks: numberParts([
      titledPart(
        'Mục đích',
        `Triển khai thực hiện phong trào thi đua “${movement}” tại ${issuer}; phát huy tinh thần đoàn kết, chủ động, sáng tạo của cán bộ, công chức, viên chức và người lao động, góp phần hoàn thành thắng lợi nhiệm vụ chính trị được giao.`,
      ),
      titledPart(
        'Yêu cầu',
        'Phong trào thi đua được tổ chức thiết thực, hiệu quả, tránh phô trương, hình thức; thường xuyên đôn đốc, kiểm tra, kịp thời sơ kết, tổng kết, phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến.',
      ),
    ]),
  };
}

function targetsAndAwardsSection({ targets, quotas }: PlanDraft, nameOfAward: AwardNameOf): PlanSection | undefined {
  const blocks = numberParts([
    listPart(
      'Chỉ tiêu thi đua',
      targets.map((target) => targetLine(target, nameOfAward)),
    ),
    listPart('Khen thưởng', quotaLines(quotas, nameOfAward)),
  ]);
  return blocks.length ? { heading: 'CHỈ TIÊU VÀ KHEN THƯỞNG', blocks } : undefined;
}

const awardName = (award: AwardCode, issuerKind: UnitKind) =>
  award === 'GIAY_KHEN' ? `Giấy khen của ${HEAD_TITLE[issuerKind]}` : AWARDS[award].name;

/** Worded mechanically from the target's fields, so that the importer can read the fields back. */
function targetLine({ metric, comparator, value, unit, population }: Target, nameOfAward: AwardNameOf): string {
  const amount = `${String(value).replace('.', ',')}${unit === 'percent' ? '%' : ''}`; // Vietnamese decimal comma
  const measured = isAwardCode(metric) ? `đạt danh hiệu ${nameOfAward(metric)}` : metric;
  return `${COMPARATOR_WORDS[comparator]}${amount} ${population} ${measured}.`;
}

/** One line per award, in the order the draft first names it: "Giấy khen …: 02 tập thể; 03 cá nhân." */
function quotaLines(quotas: readonly Quota[], nameOfAward: AwardNameOf): string[] {
  const awards = [...new Set(quotas.map((quota) => quota.award))];
  return awards.map((award) => {
    const counts = (['collective', 'individual'] as const).flatMap((kind) =>
      quotas
        .filter((quota) => quota.award === award && quota.recipientKind === kind)
        .map((quota) => `${pad2(quota.count)} ${RECIPIENT_WORD[kind]}`),
    );
    return `${nameOfAward(award)}: ${counts.join('; ')}.`;
  });
}

/** Left out when the draft has no time frame, phases or deadlines yet (an imported plan may state none). */
function timeSection(draft: PlanDraft): PlanSection | undefined {
  const { from, to } = draft.timeFrame;
  const blocks = numberParts([
    isCalendarDate(from) && isCalendarDate(to)
      ? paragraphPart(`Thời gian: Phong trào thi đua được triển khai từ ${bodyDate(from)} đến hết ${bodyDate(to)}.`)
      : undefined,
    listPart('Các đợt thi đua', phaseLines(draft)),
    listPart('Thời hạn', deadlineLines(draft)),
  ]);
  return blocks.length > 0 ? { heading: 'THỜI GIAN THỰC HIỆN', blocks } : undefined;
}

/** A phase runs from the day after the previous one ends (the first from the time frame's start). */
function phaseLines({ phases, timeFrame }: PlanDraft): string[] {
  return phases.map(({ name, endsOn }, i) => {
    const from = i === 0 ? timeFrame.from : dayAfter(phases[i - 1].endsOn);
    return isCalendarDate(from) ? `${name}: Từ ${bodyDate(from)} đến ${bodyDate(endsOn)}.` : `${name}: đến ${bodyDate(endsOn)}.`;
  });
}

function deadlineLines({ milestones: { registration, interimReviews, finalReview, nomination } }: PlanDraft): string[] {
  const deadlines: [string, Deadline | undefined][] = [
    ['Đăng ký thi đua', registration],
    ...interimReviews.map(({ phase, deadline }): [string, Deadline] => [`Sơ kết ${phase}`, deadline]),
    ['Tổng kết', finalReview],
    ['Đề nghị khen thưởng', nomination],
  ];
  return deadlines.flatMap(([label, deadline]) => (deadline ? [`${label}: ${deadlineText(deadline)}.`] : []));
}

function deadlineText({ date, rule, time }: Deadline): string {
  const day = bodyDate(date);
  if (rule === 'before') return `trước ngày ${day}`;
  if (rule === 'end-of-day') return `hết ngày ${day}`;
  const [hours, minutes] = (time ?? '').split(':');
  return `trước ${Number(hours)} giờ ${minutes} ngày ${day}`;
}

function organisationSection(draft: PlanDraft, issuer: string, nameOf: NameOf): PlanSection {
  const implementers = draft.recipients.filter((recipient) => recipient.role === 'implement');
  return {
    heading: 'TỔ CHỨC THỰC HIỆN',
    blocks: numberParts([
      ...implementers.map(({ unitCode }) =>
        paragraphPart(`${nameOf(unitCode)} tổ chức triển khai thực hiện Kế hoạch này; báo cáo kết quả về ${issuer} đúng thời hạn.`),
      ),
      paragraphPart(`Văn phòng tham mưu ${draft.signer.title} theo dõi, đôn đốc, tổng hợp kết quả và đề xuất khen thưởng.`),
    ]),
  };
}

function recipientLines({ recipients }: PlanDraft, nameOf: NameOf): string[] {
  const listed = ROLE_ORDER.flatMap((role) =>
    recipients.filter((recipient) => recipient.role === role).map(({ unitCode }) => `- ${nameOf(unitCode)} (${ROLE_NOTE[role]});`),
  );
  return [...listed, '- Lưu: VT.'];
}
