import type { RecipientKind } from '../awards.js';
import type { Escalation, EscalationLevel } from '../deadline-schedule.js';
import type { Nomination } from '../nominations.js';
import type { Quota } from '../plan/draft.js';
import type { UnitKind } from '../units.js';

/**
 * A recipient unit's task in a plan, from assignment to closing. Stages come from the plan's milestones, in deadline
 * order; each is open from `opensAt`, takes a submission from the unit, and a decision from the issuer (accept, or
 * return with a reason, after which the unit resubmits). Reminders, missed deadlines, escalations and extensions are
 * events too, decided in decide.ts and timed by the workflow (timers.ts).
 */

export type StageKind = 'derived-plan' | 'registration' | 'interim-review' | 'final-review' | 'nomination';
export type StageStatus = 'pending' | 'open' | 'submitted' | 'returned' | 'accepted';

export interface StageSpec {
  id: string;
  kind: StageKind;
  /** The phase (đợt) an interim review closes. */
  phase?: string;
  opensAt: string;
  dueAt: string;
}

/** A nominee as submitted: nominations.ts checks it against quotas and authority. */
export type Nominee = Nomination;

/** Where a nominee is decided: by this plan's issuer, or forwarded to the parent level (or beyond the province). */
export type NomineeRoute = 'decide-here' | 'forward' | 'central';
export type NomineeDecision = 'approved' | 'returned' | 'rejected';

export interface NomineeState extends Nominee {
  route: NomineeRoute;
  decision?: NomineeDecision;
  reason?: string;
  conferred?: boolean;
  forwarded?: boolean;
}

export interface StageState extends StageSpec {
  status: StageStatus;
  overdue: boolean;
  escalation?: EscalationLevel;
  submittedAt?: string;
  late?: boolean;
  returnReason?: string;
  /** What the unit submitted last: registered titles, a report, a derived plan id, or nominations. */
  submission?: SubmissionPayload;
  nominees?: NomineeState[];
  /** Nominations forwarded up from the units below, for this unit to carry into its own nomination. */
  received?: (Nominee & { fromUnit: string })[];
  remindersSent: number[];
}

export type SubmissionPayload =
  | { kind: 'derived-plan'; derivedPlanId: string }
  | { kind: 'registration'; titles: { award: string; recipientKind: RecipientKind; name?: string }[] }
  | { kind: 'report'; summary: string }
  | { kind: 'nomination'; nominees: Nominee[] };

/** What this unit's nominations are checked against: the plan's quotas, the issuer's kind, the plan's date. */
export interface NominationRules {
  quotas: Quota[];
  issuerKind: UnitKind;
  ruleDate: string;
}

interface AssignedTask {
  planId: string;
  unitCode: string;
  /** The unit that issued the plan: it decides on this unit's submissions. */
  issuerUnit: string;
  rules: NominationRules;
  stages: StageState[];
  /** Reasons of the plan's amendments that reached this unit, newest last. */
  amendments: string[];
}

export type UnitTaskState = { status: 'unassigned' } | (AssignedTask & { status: 'open' | 'closed' | 'cancelled' });
export type UnitTaskStatus = UnitTaskState['status'];
/** A task once assigned: open, or ended with its plan. */
export type AssignedUnitTask = Exclude<UnitTaskState, { status: 'unassigned' }>;

/** The caller's verdict on each nominee (quota and authority, see nominations.ts): a route, or why it is refused. */
export type NomineeAssessment = { route: NomineeRoute } | { error: string };

/** When the workflow acts on its own: reminders N days before a deadline, the escalation ladder N days after (the plan's settings). */
export interface TimerPolicy {
  reminders: readonly number[];
  escalation: Escalation;
}
