import { isCalendarDate } from '../calendar.js';
import { timeOfDayMs, type Deadline } from '../deadline.js';
import type { AwardCode, RecipientKind } from '../awards.js';
import { DEFAULT_ESCALATION, DEFAULT_REMINDERS, type Escalation } from '../deadline-schedule.js';

/** A plan (kế hoạch) as its issuer drafts it, field for field as the seed documents write them. */
export type PlanKind = 'regular' | 'thematic';
export type BasisKind = 'plan' | 'directive' | 'decision' | 'other';

/** Căn cứ: a document the plan implements. A 'plan' basis inside the system carries its planId. */
export interface PlanBasis {
  kind: BasisKind;
  numberSymbol: string;
  issuedOn?: string;
  issuer?: string;
  planId?: string;
}

/** Đợt: a phase runs from the end of the previous one (or the time frame's start) to `endsOn` inclusive. */
export interface Phase {
  name: string;
  endsOn: string;
}

export interface Milestones {
  /** Đăng ký thi đua; optional since the 2022 law (R25). */
  registration?: Deadline;
  /** Sơ kết, one per phase at most. */
  interimReviews: { phase: string; deadline: Deadline }[];
  /** Tổng kết. */
  finalReview?: Deadline;
  /** Đề nghị khen thưởng: dossiers due. */
  nomination?: Deadline;
}

/**
 * Chỉ tiêu, e.g. "ít nhất 15% CBCCVC đạt CSTĐCS" =
 * { metric: 'CSTDCS', comparator: '>=', value: 15, unit: 'percent', population: 'CBCCVC' }.
 */
export interface Target {
  /** Free text, or an award code when the target counts an award (then rule-set caps apply). */
  metric: string;
  comparator: '>=' | '<=' | '=';
  value: number;
  unit: 'percent' | 'count';
  population: string;
}

/** "Giấy khen Giám đốc Sở: 02 tập thể; 02 cá nhân" = two quotas. */
export interface Quota {
  award: AwardCode;
  recipientKind: RecipientKind;
  count: number;
}

/** Nơi nhận: who implements the plan, who it is reported to, who receives it for information. */
export type RecipientRole = 'implement' | 'report-to' | 'for-information';
export interface Recipient {
  unitCode: string;
  role: RecipientRole;
}

export interface PlanDraft {
  numberSymbol: string;
  place: string;
  issuedOn: string;
  issuingUnit: string;
  signer: { name: string; title: string };
  title: string;
  movement: string;
  kind: PlanKind;
  bases: PlanBasis[];
  parentPlanId?: string;
  /** Both days inclusive: "từ 28/4/2022 đến hết 31/12/2022". */
  timeFrame: { from: string; to: string };
  phases: Phase[];
  milestones: Milestones;
  targets: Target[];
  quotas: Quota[];
  recipients: Recipient[];
  /** Days before each deadline; default [7, 1]. */
  reminders?: number[];
  /** Days after a missed deadline; default { unit: 0, head: 3, board: 7 }. */
  escalation?: Escalation;
}

export const remindersOf = (draft: PlanDraft): readonly number[] => draft.reminders ?? DEFAULT_REMINDERS;
export const escalationOf = (draft: PlanDraft): Escalation => draft.escalation ?? { ...DEFAULT_ESCALATION };

/** What an amendment may change; a deadline moves by extension, which re-arms the units' timers. */
export type PlanAmendment = Partial<Pick<PlanDraft, 'title' | 'targets' | 'quotas'>>;

export const amendedDraft = (draft: PlanDraft, changes: PlanAmendment): PlanDraft => ({ ...draft, ...changes });

/** One deadline of the plan with a key that pairs it with the parent plan's (derived.ts). */
export interface MilestoneEntry {
  key: string;
  field: string;
  label: string;
  deadline: Deadline;
}

export function milestoneEntries(milestones: Milestones): MilestoneEntry[] {
  const { registration, interimReviews, finalReview, nomination } = milestones;
  return [
    ...(registration
      ? [{ key: 'registration', field: 'milestones.registration', label: 'registration deadline', deadline: registration }]
      : []),
    ...interimReviews.map((review, i) => ({
      key: `interim:${review.phase}`,
      field: `milestones.interimReviews[${i}]`,
      label: `interim review deadline for ${review.phase}`,
      deadline: review.deadline,
    })),
    ...(finalReview
      ? [{ key: 'finalReview', field: 'milestones.finalReview', label: 'final review deadline', deadline: finalReview }]
      : []),
    ...(nomination ? [{ key: 'nomination', field: 'milestones.nomination', label: 'nomination deadline', deadline: nomination }] : []),
  ];
}

export const isValidDeadline = (deadline: Deadline | undefined): deadline is Deadline =>
  !!deadline &&
  isCalendarDate(deadline.date) &&
  // A time belongs to rule 'at' only; elsewhere it would be silently ignored.
  (deadline.rule === 'at'
    ? timeOfDayMs(deadline.time) !== undefined
    : (deadline.rule === 'before' || deadline.rule === 'end-of-day') && deadline.time === undefined);
