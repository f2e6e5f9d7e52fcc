import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  UnitTaskState,
  NominationRules,
  Nominee,
  NomineeDecision,
  PlanAmendment,
  PlanState,
  Quota,
  StageSpec,
  SubmissionPayload,
  TimerPolicy,
} from '#domain';

/**
 * The messages of the plan and unit-task workflows, defined once for the workflows and the API. Human actions
 * are Updates: their validators refuse a wrong action at once, with a reason, leaving no trace. Messages between
 * workflows (a plan closing, an amendment, nominations forwarded up) are Signals.
 */

/** Who acts. The API has checked the person's scope against the unit hierarchy before sending the update. */
export interface Actor {
  id: string;
  role: 'board' | 'department' | 'auditor';
  unit?: string;
}

export interface SubmitInput {
  actor: Actor;
  stageId: string;
  payload: SubmissionPayload;
}
export interface DecideInput {
  actor: Actor;
  stageId: string;
  decision: 'accept' | 'return';
  reason?: string;
}
export interface DecideNomineeInput {
  actor: Actor;
  stageId: string;
  index: number;
  decision: NomineeDecision;
  reason?: string;
}
export interface ConferInput {
  actor: Actor;
  stageId: string;
  /** The conferring decision's number and symbol, e.g. "45/QĐ-SNGV". */
  reference?: string;
}
export interface ExtendInput {
  actor: Actor;
  stageId: string;
  dueAt: string;
  reason: string;
}

export const submitUpdate = defineUpdate<UnitTaskState, [SubmitInput]>('submit');
export const decideUpdate = defineUpdate<UnitTaskState, [DecideInput]>('decide');
export const decideNomineeUpdate = defineUpdate<UnitTaskState, [DecideNomineeInput]>('decideNominee');
export const conferUpdate = defineUpdate<UnitTaskState, [ConferInput]>('confer');
export const extendUpdate = defineUpdate<UnitTaskState, [ExtendInput]>('extend');

export const nominationsReceivedSignal = defineSignal<[{ fromUnit: string; nominees: Nominee[] }]>('nominationsReceived');
export const planClosedSignal = defineSignal<[{ actor: string }]>('planClosed');
export const planCancelledSignal = defineSignal<[{ actor: string; reason: string }]>('planCancelled');
export const planAmendedSignal = defineSignal<[{ actor: string; reason: string; quotas?: Quota[] }]>('planAmended');
export const deadlineExtendedSignal = defineSignal<[{ actor: string; stageId: string; dueAt: string; reason: string }]>('deadlineExtended');

/** The plan's own updates, by its issuer. */
export interface AmendInput {
  actor: Actor;
  changes: PlanAmendment;
  reason: string;
}
export interface ExtendForAllInput {
  actor: Actor;
  stageId: string;
  dueAt: string;
  reason: string;
}
export interface EndPlanInput {
  actor: Actor;
  reason?: string;
}
export const amendPlanUpdate = defineUpdate<PlanState, [AmendInput]>('amendPlan');
export const extendForAllUpdate = defineUpdate<PlanState, [ExtendForAllInput]>('extendForAll');
export const closePlanUpdate = defineUpdate<PlanState, [EndPlanInput]>('closePlan');
export const cancelPlanUpdate = defineUpdate<PlanState, [EndPlanInput]>('cancelPlan');
/** A derived plan ends with the parent plan that it carries down: closed or cancelled, by the parent's issuer. */
export const parentPlanEndedSignal = defineSignal<[{ actor: string; ending: 'closed' | 'cancelled'; reason?: string }]>('parentPlanEnded');

export interface PlanWorkflowInput {
  planId: string;
  launchedBy: string;
  /** Implementers with units below them: their tasks begin with issuing a derived plan. */
  cascading: string[];
  /** The kind of the issuing unit, for the nominations' authority checks. */
  issuerKind: NominationRules['issuerKind'];
  /** For a derived plan: the issuing department's own task in the parent plan. */
  parentTaskId?: string;
  /** Continue-as-new bookkeeping: how many implementers already have their task started. */
  started?: number;
}

export interface UnitTaskInput {
  planId: string;
  unitCode: string;
  issuerUnit: string;
  stages: StageSpec[];
  policy: TimerPolicy;
  /** The issuer's own task in the parent plan, where approved nominations above the issuer's authority go. */
  parentTaskId?: string;
  /** What nominations are checked against at assignment; amendments reaching the task may change the quotas. */
  rules: NominationRules;
}
