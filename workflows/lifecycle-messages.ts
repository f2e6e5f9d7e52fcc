import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LifecycleState, Nominee, NomineeDecision, Quota, StageSpec, SubmissionPayload, TimerPolicy, UnitKind } from '#domain';

/**
 * The messages of a unit's task in a plan, defined once for the workflow and the API. Human actions are
 * Updates: their validators refuse a wrong action at once, with a reason, leaving no trace. Messages from
 * other workflows (the plan closing, nominations forwarded up) are Signals.
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

export const submitUpdate = defineUpdate<LifecycleState, [SubmitInput]>('submit');
export const decideUpdate = defineUpdate<LifecycleState, [DecideInput]>('decide');
export const decideNomineeUpdate = defineUpdate<LifecycleState, [DecideNomineeInput]>('decideNominee');
export const conferUpdate = defineUpdate<LifecycleState, [ConferInput]>('confer');
export const extendUpdate = defineUpdate<LifecycleState, [ExtendInput]>('extend');

export const nominationsReceivedSignal = defineSignal<[{ fromUnit: string; nominees: Nominee[] }]>('nominationsReceived');
export const planClosedSignal = defineSignal<[{ actor: string }]>('planClosed');
export const planCancelledSignal = defineSignal<[{ actor: string; reason: string }]>('planCancelled');

export interface UnitLifecycleInput {
  planId: string;
  unitCode: string;
  issuerUnit: string;
  stages: StageSpec[];
  policy: TimerPolicy;
  /** The issuer's own task in the parent plan, where approved nominations above the issuer's authority go. */
  parentTaskId?: string;
  /** What nominations are checked against: the plan's quotas and who the issuer is, on the plan's date. */
  nominationRules: { quotas: Quota[]; issuerKind: UnitKind; ruleDate: string };
}
