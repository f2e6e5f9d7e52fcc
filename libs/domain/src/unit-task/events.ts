import type { EventTypes } from '../decider.js';
import type { EscalationLevel } from '../deadline-schedule.js';
import type { Quota } from '../plan/draft.js';
import type { NominationRules, Nominee, NomineeDecision, NomineeRoute, StageSpec, SubmissionPayload } from './types.js';

/** A submission as recorded; a nomination carries each nominee's route (decided at submission, see decide.ts). */
export type SubmissionMade = { stageId: string; submittedAt: string; late: boolean } & (
  | { payload: Exclude<SubmissionPayload, { kind: 'nomination' }> }
  | { payload: Extract<SubmissionPayload, { kind: 'nomination' }>; routes: NomineeRoute[] }
);

/** The events of a unit task's stream (`plan:<planId>:unit:<unitCode>`). */
export type UnitTaskEvent =
  | {
      type: 'TaskAssigned';
      data: { planId: string; unitCode: string; issuerUnit: string; rules: NominationRules; stages: StageSpec[]; assignedAt: string };
    }
  | { type: 'PlanAmendmentReceived'; data: { reason: string; quotas?: Quota[]; receivedAt: string } }
  | { type: 'StageOpened'; data: { stageId: string; openedAt: string } }
  | { type: 'SubmissionMade'; data: SubmissionMade }
  | { type: 'SubmissionAccepted'; data: { stageId: string; acceptedAt: string } }
  | { type: 'SubmissionReturned'; data: { stageId: string; reason: string; returnedAt: string } }
  | { type: 'ReminderSent'; data: { stageId: string; dueAt: string; daysBefore: number; sentAt: string } }
  | { type: 'DeadlineMissed'; data: { stageId: string; dueAt: string; detectedAt: string } }
  | { type: 'Escalated'; data: { stageId: string; level: EscalationLevel; escalatedAt: string } }
  | { type: 'DeadlineExtended'; data: { stageId: string; from: string; to: string; reason: string; extendedAt: string } }
  | { type: 'NomineeDecided'; data: { stageId: string; index: number; decision: NomineeDecision; reason?: string; decidedAt: string } }
  | { type: 'AwardsConferred'; data: { stageId: string; indexes: number[]; reference?: string; conferredAt: string } }
  | { type: 'NominationsForwarded'; data: { stageId: string; indexes: number[]; to: 'parent' | 'central'; forwardedAt: string } }
  | { type: 'NominationsReceived'; data: { stageId: string; fromUnit: string; nominees: Nominee[]; receivedAt: string } }
  | { type: 'TaskClosed'; data: { closedAt: string } }
  | { type: 'TaskCancelled'; data: { reason: string; cancelledAt: string } };

export const UNIT_TASK_EVENT_TYPES: EventTypes<UnitTaskEvent> = {
  TaskAssigned: true,
  PlanAmendmentReceived: true,
  StageOpened: true,
  SubmissionMade: true,
  SubmissionAccepted: true,
  SubmissionReturned: true,
  ReminderSent: true,
  DeadlineMissed: true,
  Escalated: true,
  DeadlineExtended: true,
  NomineeDecided: true,
  AwardsConferred: true,
  NominationsForwarded: true,
  NominationsReceived: true,
  TaskClosed: true,
  TaskCancelled: true,
};
