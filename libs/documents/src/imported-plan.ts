import type { AwardCode, BasisKind, Deadline, PlanDraft, RecipientKind, RecipientRole, Target } from '#domain';
import type { Span } from './grammar.js';

/**
 * What the import read from a plan document. Every field says where it came from (`span` into `text`, the
 * normalised document, and `source`, the words themselves); a field the document does not have is null and
 * named in `absent`. `draft` is the same content in the plan model's shape, for the user to check, complete
 * and confirm (POST /plans): the import never creates a plan by itself.
 */
export interface Extracted<T> {
  value: T;
  span: Span;
  source: string;
}

/** A date as written: `iso` only when day, month and year are all there and real. */
export interface WrittenDate {
  iso?: string;
  year?: number;
  month?: number;
  day?: number;
  partial: boolean;
  problem?: string;
  /** How an open-ended start was read: "đầu năm" = 1 January of the year the phase ends. */
  reading?: string;
}

export type DocumentKind = 'plan' | 'launch' | 'programme' | 'guidance' | 'decision' | 'directive' | 'notice';

export interface Citation {
  kind: BasisKind;
  /** "Kế hoạch", "Chỉ thị", "Nghị quyết", … as written. */
  kindLabel: string;
  number: string;
  symbol: string;
  numberSymbol: string;
  issuedOn: WrittenDate | null;
  issuer: string | null;
  subject: string | null;
}

export interface Phase {
  name: string;
  from: WrittenDate | null;
  to: WrittenDate;
  /** What the phase is for, when the line says it after the dates. */
  purpose: string | null;
}

export type DeadlineKind = 'registration' | 'interim-review' | 'final-review' | 'nomination' | 'report' | 'other';

export interface DeadlineFound {
  kind: DeadlineKind;
  /** For an interim review: the phase it names ("Sơ kết Đợt 1"). */
  phase: string | null;
  date: WrittenDate;
  rule: Deadline['rule'];
  time: string | null;
}

/** "Sơ kết thi đua vào cuối đợt 1": when a review happens, as worded, where no deadline is given. */
export interface ReviewTiming {
  kind: 'interim-review' | 'final-review';
  timing: string;
  phase: string | null;
}

export interface TargetFound extends Target {
  /** The award the target counts, when it names one. */
  award: AwardCode | null;
}

export interface QuotaFound {
  /** Null when the award is not one the system tracks (e.g. a ministry's Bằng khen): kept, but not in the draft. */
  award: AwardCode | null;
  awardName: string;
  conferrer: string | null;
  recipientKind: RecipientKind;
  count: number;
}

export type ResponsibilityRole = 'advise' | 'review' | 'implement' | 'monitor' | 'report';

export interface Responsibility {
  unit: string;
  duties: string;
  roles: ResponsibilityRole[];
}

export interface RecipientFound {
  name: string;
  /** 'archive' is the "Lưu: VT" line; it is not a unit of the plan. */
  role: RecipientRole | 'archive';
  /** Whether the document says the role ("(để b/c)") or it was read from the kind of unit named. */
  roleFrom: 'annotation' | 'name';
  unitCode: string | null;
}

export interface Signer {
  name: string | null;
  title: string;
}

export interface IssuingUnit {
  name: string;
  /** The governing body printed above it in the header ("UBND TỈNH KIÊN GIANG"). */
  authority: string | null;
  unitCode: string | null;
  from: 'header' | 'preamble' | 'closing';
}

export interface SectionOutline {
  number: string;
  heading: string | null;
  text: string;
  span: Span;
  children: SectionOutline[];
}

export interface ImportWarning {
  code: string;
  message: string;
  span?: Span;
}

export interface ImportedPlan {
  text: string;
  documentKind: Extracted<{ kind: DocumentKind; label: string }> | null;
  numberSymbol: Extracted<{ number: string | null; symbol: string; kind: string }> | null;
  place: Extracted<string> | null;
  issuedOn: Extracted<WrittenDate> | null;
  issuingUnit: Extracted<IssuingUnit> | null;
  signer: Extracted<Signer> | null;
  title: Extracted<string> | null;
  movement: Extracted<string> | null;
  bases: Extracted<Citation>[];
  /** Documents cited in the body, outside the bases (Chỉ thị, Nghị quyết the plan refers to). */
  references: Extracted<Citation>[];
  timeFrame: Extracted<{ from: WrittenDate; to: WrittenDate }> | null;
  phases: Extracted<Phase>[];
  deadlines: Extracted<DeadlineFound>[];
  reviewTimings: Extracted<ReviewTiming>[];
  targets: Extracted<TargetFound>[];
  quotas: Extracted<QuotaFound>[];
  responsibilities: Extracted<Responsibility>[];
  recipients: Extracted<RecipientFound>[];
  sections: SectionOutline[];
  absent: string[];
  warnings: ImportWarning[];
  draft: PlanDraft;
}

/** Units the import may match names against (their names as the hierarchy has them). */
export interface UnitDirectoryEntry {
  code: string;
  name: string;
}
