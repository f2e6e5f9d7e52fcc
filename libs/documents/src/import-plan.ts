import { formatDate, type Deadline, type Milestones, type PlanDraft, type PlanKind, type Quota } from '#domain';
import { findCitations, writtenDate } from './citations.js';
import { findQuotas, findTargets } from './commitments.js';
import { findDates, foldDiacritics, normalizeDocumentText, type Span } from './grammar.js';
import type {
  DeadlineFound,
  Extracted,
  ImportedPlan,
  ImportWarning,
  SectionOutline,
  UnitDirectoryEntry,
  WrittenDate,
} from './imported-plan.js';
import { flattenSections, paragraphsOf, sectionsOf, type Paragraph, type Section } from './layout.js';
import {
  findKindHeading,
  findRecipients,
  findResponsibilities,
  findSigner,
  findTitle,
  issuingUnitFromBody,
  issuingUnitFromHeader,
  movementOf,
  readHeader,
  resolveUnit,
  titleCase,
} from './parties.js';
import { findDeadlines, findPhases, findReviewTimings, findTimeFrame } from './schedule.js';

export interface ImportOptions {
  /**
   * Units to match the issuer's and recipients' names against: a list, or the units in force on the document's date
   * (undefined when it has none), since names change with reorganisations. Without them no unit codes are filled in.
   */
  units?: readonly UnitDirectoryEntry[] | ((issuedOn: string | undefined) => readonly UnitDirectoryEntry[]);
}

/**
 * Reads the text of a plan document (as pasted: NFC or NFD, markdown emphasis, hard-wrapped) into what it
 * says, each field with its span, and into a draft plan for a person to check. Nothing is invented: what
 * the document does not say is null and listed in `absent`; what it says inconsistently is a warning.
 */
export function importPlan(input: string, options: ImportOptions = {}): ImportedPlan {
  const text = normalizeDocumentText(input);
  const paragraphs = paragraphsOf(text);
  const sections = sectionsOf(paragraphs);

  const heading = findKindHeading(paragraphs);
  const header = readHeader(text, heading ? heading.kind.span[0] : 0);
  const directory = typeof options.units === 'function' ? options.units(header.issuedOn?.iso) : (options.units ?? []);
  const titled = heading ? findTitle(text, paragraphs, heading) : undefined;
  const closing = findRecipients(paragraphs, directory);
  const closingStart = closing ? paragraphs.findIndex((p) => /^noi nhan\b/.test(p.folded)) : paragraphs.length;
  const bodyStart = sections[0]?.span[0] ?? text.length;
  const preambleFrom = titled?.next ?? (heading ? heading.index + 1 : 0);
  const preamble = paragraphs.slice(preambleFrom).filter((p) => p.span[1] <= bodyStart);
  const body = paragraphs.slice(0, closingStart).filter((p) => p.span[0] >= bodyStart);

  const title = titled?.title ?? null;
  const movement = title ? movementOf(text, title) : null;
  const issuingUnit =
    issuingUnitFromHeader(header.units, directory) ??
    issuingUnitFromBody(
      preamble,
      body.filter((p) => p.folded.startsWith('tren day la')),
      directory,
    );
  const bases = preamble.flatMap(findCitations);
  const references = body.flatMap(findCitations);

  const timeFrame = findTimeFrame(text, body);
  const phases = findPhases(text, body);
  const ranges = [...(timeFrame ? [timeFrame.span] : []), ...phases.map((p) => p.span)];
  const deadlines = findDeadlines(text, body, ranges);
  const reviewTimings = findReviewTimings(text, body, deadlines);
  const quotas = findQuotas(body);
  const targetParagraphs = uniqueParagraphs(
    flattenSections(sections).filter((s) => /muc tieu|chi tieu/.test(foldDiacritics(s.heading ?? ''))),
  );
  const targets = findTargets(body, targetParagraphs, quotas);
  const responsibilities = findResponsibilities(sections);
  const recipients = closing?.recipients ?? [];
  const signer = findSigner(text, paragraphs, closing?.end ?? closingStart);

  const numberSymbol = header.numberSymbol
    ? {
        value: { number: header.numberSymbol.number ?? null, symbol: header.numberSymbol.symbol, kind: header.numberSymbol.kind },
        span: header.numberSymbol.span,
        source: header.numberSymbol.text,
      }
    : null;
  const issuedOn = header.issuedOn
    ? { value: writtenDate(header.issuedOn), span: header.issuedOn.span, source: header.issuedOn.text }
    : null;

  const found = {
    documentKind: heading?.kind ?? null,
    numberSymbol,
    place: header.place,
    issuedOn,
    issuingUnit,
    signer,
    title,
    movement,
    bases,
    references,
    timeFrame: timeFrame ? { value: timeFrame.value, span: timeFrame.span, source: timeFrame.source } : null,
    phases,
    deadlines,
    reviewTimings,
    targets,
    quotas,
    responsibilities,
    recipients,
  };
  const warnings = [
    ...sectionWarnings(sections),
    ...dateWarnings(text, found, timeFrame?.stray),
    ...unitWarnings(found, directory.length > 0),
  ];
  const draft = draftOf(found, warnings, directory);
  const absent = Object.entries(found)
    .filter(
      ([key, value]) => value === null || (Array.isArray(value) && value.length === 0 && key !== 'references' && key !== 'reviewTimings'),
    )
    .map(([key]) => key);
  if (signer?.value.name === null) absent.push('signer.name');
  return {
    text,
    ...found,
    sections: outline(sections),
    absent,
    warnings: warnings.sort((a, b) => (a.span?.[0] ?? 0) - (b.span?.[0] ?? 0)),
    draft,
  };
}

type Found = Omit<ImportedPlan, 'text' | 'sections' | 'absent' | 'warnings' | 'draft'>;

function uniqueParagraphs(sections: readonly Section[]): Paragraph[] {
  const seen = new Set<Paragraph>();
  for (const section of sections) for (const p of section.paragraphs) seen.add(p);
  return [...seen].sort((a, b) => a.span[0] - b.span[0]);
}

function outline(sections: readonly Section[]): SectionOutline[] {
  return sections.map((s) => ({ number: s.number, heading: s.heading ?? null, text: s.text, span: s.span, children: outline(s.children) }));
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10 };
function numberValue(number: string): number | undefined {
  if (/^[IVX]+$/.test(number)) {
    const digits = number.split('').map((c) => ROMAN_VALUES[c]);
    return digits.reduce((sum, d, i) => sum + (d < (digits[i + 1] ?? 0) ? -d : d), 0);
  }
  const last = number.slice(number.lastIndexOf('.') + 1);
  return /^\d+$/.test(last) ? Number(last) : undefined;
}

/** Two sections numbered alike under the same parent, or a number skipped. */
function sectionWarnings(sections: readonly Section[], parent?: Section): ImportWarning[] {
  const where = parent ? ` under ${parent.number}${parent.heading ? ` (${parent.heading})` : ''}` : '';
  const warnings: ImportWarning[] = [];
  const seen = new Set<string>();
  let previous: number | undefined;
  for (const section of sections) {
    const span: Span = section.paragraphs[0].span;
    if (seen.has(section.number)) {
      warnings.push({
        code: 'DUPLICATE_SECTION_NUMBER',
        message: `Two sections are numbered "${section.number}."${where}; renumber them in order`,
        span,
      });
    } else {
      const value = numberValue(section.number);
      if (value !== undefined && previous !== undefined && value !== previous + 1) {
        warnings.push({
          code: 'SECTION_NUMBER_GAP',
          message: `Section "${section.number}."${where} follows section ${previous}; a number is missing or out of order`,
          span,
        });
      }
      previous = value ?? previous;
    }
    seen.add(section.number);
    warnings.push(...sectionWarnings(section.children, section));
  }
  return warnings;
}

const shown = (date: WrittenDate) =>
  date.iso ? formatDate(date.iso) : [date.day, date.month, date.year].filter((x) => x !== undefined).join('/');

function dateWarnings(text: string, found: Found, stray: Span | undefined): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const date of findDates(text)) {
    if (date.problem)
      warnings.push({
        code: 'IMPOSSIBLE_DATE',
        message: `"${date.text}": ${date.problem}; correct the date in the document`,
        span: date.span,
      });
  }
  const { issuedOn, numberSymbol, timeFrame, phases, bases, deadlines } = found;
  if (numberSymbol?.value.number === null) {
    warnings.push({
      code: 'NOT_YET_NUMBERED',
      message: `The document has no number yet ("Số: ${numberSymbol.source}"); it is given one when it is signed`,
      span: numberSymbol.span,
    });
  }
  if (issuedOn?.value.partial) {
    warnings.push({
      code: 'PARTIAL_DATE',
      message: `The document's date is incomplete ("${issuedOn.source}"); it is kept as written and the draft's issue date is left empty`,
      span: issuedOn.span,
    });
  }
  if (stray)
    warnings.push({
      code: 'STRAY_WORD',
      message: `"tháng" stands before a full date ("${text.slice(stray[0], timeFrame?.span[1])}"); read as the date`,
      span: stray,
    });

  const frame = timeFrame?.value;
  if (timeFrame && frame?.from.iso && frame.to.iso && frame.from.iso > frame.to.iso) {
    warnings.push({
      code: 'TIME_FRAME_ORDER',
      message: `The time frame ends (${shown(frame.to)}) before it starts (${shown(frame.from)})`,
      span: timeFrame.span,
    });
  }
  const names = new Set<string>();
  phases.forEach(({ value: phase, span }, i) => {
    if (names.has(phase.name))
      warnings.push({ code: 'DUPLICATE_PHASE', message: `${phase.name} appears twice; each phase is listed once`, span });
    names.add(phase.name);
    if (phase.from?.iso && phase.to.iso && phase.to.iso < phase.from.iso) {
      warnings.push({
        code: 'PHASE_ENDS_BEFORE_START',
        message: `${phase.name} ends (${shown(phase.to)}) before it starts (${shown(phase.from)})`,
        span,
      });
    }
    const previous = phases[i - 1]?.value;
    if (previous?.to.iso && phase.from?.iso && phase.from.iso <= previous.to.iso) {
      warnings.push({
        code: 'PHASES_OVERLAP',
        message: `${phase.name} starts (${shown(phase.from)}) before ${previous.name} ends (${shown(previous.to)})`,
        span,
      });
    }
    if (frame?.from.iso && frame.to.iso && phase.to.iso && (phase.to.iso < frame.from.iso || phase.to.iso > frame.to.iso)) {
      warnings.push({
        code: 'PHASE_OUTSIDE_TIME_FRAME',
        message: `${phase.name} ends (${shown(phase.to)}) outside the time frame (${shown(frame.from)} – ${shown(frame.to)})`,
        span,
      });
    }
  });
  for (const basis of bases) {
    const dated = basis.value.issuedOn;
    if (dated?.iso && issuedOn?.value.iso && dated.iso > issuedOn.value.iso) {
      warnings.push({
        code: 'BASIS_AFTER_DOCUMENT',
        message: `${basis.value.kindLabel} ${basis.value.numberSymbol} is dated ${shown(dated)}, after this document (${shown(issuedOn.value)})`,
        span: basis.span,
      });
    }
  }
  for (const deadline of deadlines) {
    const on = deadline.value.date.iso;
    if (on && frame?.from.iso && frame.to.iso && (on < frame.from.iso || on > frame.to.iso)) {
      warnings.push({
        code: 'DEADLINE_OUTSIDE_TIME_FRAME',
        message: `"${deadline.source}" falls outside the time frame (${shown(frame.from)} – ${shown(frame.to)})`,
        span: deadline.span,
      });
    }
  }
  return warnings;
}

function unitWarnings({ quotas, issuingUnit, recipients }: Found, resolving: boolean): ImportWarning[] {
  const warnings: ImportWarning[] = quotas
    .filter((q) => q.value.award === null)
    .map((q) => ({
      code: 'AWARD_NOT_TRACKED',
      message: `"${q.value.awardName}"${q.value.conferrer ? ` of ${q.value.conferrer}` : ''} is not an award the system tracks; it is kept here but left out of the draft's quotas`,
      span: q.span,
    }));
  if (!resolving) return warnings;
  if (issuingUnit && !issuingUnit.value.unitCode) {
    warnings.push({
      code: 'UNKNOWN_UNIT',
      message: `The issuing unit "${issuingUnit.value.name}" matches no unit by name; choose it in the draft`,
      span: issuingUnit.span,
    });
  }
  for (const r of recipients) {
    if (r.value.role !== 'archive' && !r.value.unitCode) {
      warnings.push({
        code: 'UNKNOWN_UNIT',
        message: `The recipient "${r.value.name}" matches no unit by name; choose it in the draft or leave it out`,
        span: r.span,
      });
    }
  }
  return warnings;
}

/** A deadline whose date is a full one (`iso` set): the only ones a draft's milestones take. */
type DatedDeadline = DeadlineFound & { date: { iso: string } };
const isDated = (d: Extracted<DeadlineFound>): d is Extracted<DatedDeadline> => Boolean(d.value.date.iso);

const deadlineOf = ({ date, rule, time }: DatedDeadline): Deadline => ({
  date: date.iso,
  rule,
  ...(rule === 'at' && time ? { time } : {}),
});

/** The same content in the plan model's shape: empty strings where the document is silent, for the person to fill. */
function draftOf(found: Found, warnings: ImportWarning[], directory: readonly UnitDirectoryEntry[]): PlanDraft {
  const {
    numberSymbol,
    place,
    issuedOn,
    issuingUnit,
    signer,
    title,
    movement,
    bases,
    timeFrame,
    phases,
    deadlines,
    targets,
    quotas,
    recipients,
  } = found;
  const datedDeadlines = deadlines.filter(isDated);
  const first = (kind: DeadlineFound['kind']) => datedDeadlines.find((d) => d.value.kind === kind)?.value;
  const registration = first('registration');
  const finalReview = first('final-review');
  const nomination = first('nomination');
  const milestones: Milestones = {
    ...(registration ? { registration: deadlineOf(registration) } : {}),
    interimReviews: datedDeadlines
      .filter((d) => d.value.kind === 'interim-review')
      .map((d) => ({ phase: d.value.phase ?? '', deadline: deadlineOf(d.value) })),
    ...(finalReview ? { finalReview: deadlineOf(finalReview) } : {}),
    ...(nomination ? { nomination: deadlineOf(nomination) } : {}),
  };

  let frame = { from: timeFrame?.value.from.iso ?? '', to: timeFrame?.value.to.iso ?? '' };
  const firstFrom = phases[0]?.value.from?.iso;
  const lastTo = phases.at(-1)?.value.to.iso;
  if (!timeFrame && firstFrom && lastTo) {
    frame = { from: firstFrom, to: lastTo };
    warnings.push({
      code: 'TIME_FRAME_FROM_PHASES',
      message: `The document states no time frame; the draft takes it from its phases (${formatDate(firstFrom)} – ${formatDate(lastTo)})`,
    });
  }

  const draftQuotas: Quota[] = [];
  for (const { value, span } of quotas) {
    if (value.award === null) continue;
    if (draftQuotas.some((q) => q.award === value.award && q.recipientKind === value.recipientKind)) {
      warnings.push({
        code: 'DUPLICATE_QUOTA',
        message: `"${value.awardName}" for ${value.recipientKind === 'collective' ? 'collectives' : 'individuals'} is set twice; the draft keeps the first`,
        span,
      });
      continue;
    }
    draftQuotas.push({ award: value.award, recipientKind: value.recipientKind, count: value.count });
  }

  const quoted = movement !== null && /[“"]/.test(title?.source ?? '');
  const kind: PlanKind = quoted || foldDiacritics(title?.value ?? '').includes('chuyen de') ? 'thematic' : 'regular';
  const codes = new Set<string>();
  return {
    numberSymbol: numberSymbol ? `${numberSymbol.value.number ?? ''}/${numberSymbol.value.symbol}` : '',
    place: place?.value ?? '',
    issuedOn: issuedOn?.value.iso ?? '',
    issuingUnit: issuingUnit?.value.unitCode ?? '',
    signer: { name: signer?.value.name ?? '', title: signer ? titleCase(signer.value.title) : '' },
    title: title?.value ?? '',
    movement: movement?.value ?? '',
    kind,
    bases: bases.map(({ value }) => ({
      kind: value.kind,
      numberSymbol: value.numberSymbol,
      ...(value.issuedOn?.iso ? { issuedOn: value.issuedOn.iso } : {}),
      // A unit the system knows is kept by its code, as plans created in the system keep it.
      ...(value.issuer ? { issuer: resolveUnit(value.issuer, directory) ?? value.issuer } : {}),
    })),
    timeFrame: frame,
    phases: phases.flatMap(({ value: { name, to } }) => (to.iso ? [{ name, endsOn: to.iso }] : [])),
    milestones,
    targets: targets.map(({ value: { metric, comparator, value, unit, population } }) => ({ metric, comparator, value, unit, population })),
    quotas: draftQuotas,
    recipients: recipients.flatMap(({ value }) => {
      if (value.role === 'archive' || !value.unitCode || codes.has(value.unitCode)) return [];
      codes.add(value.unitCode);
      return [{ unitCode: value.unitCode, role: value.role }];
    }),
  };
}
