import type { Command } from '../decider.js';
import type { EscalationLevel } from '../deadline-schedule.js';
import type { Quota } from '../plan/draft.js';
import type { NominationRules, Nominee, NomineeAssessment, NomineeDecision, StageSpec, SubmissionPayload } from './types.js';

/** What a unit task is asked to do: by a person (through an update), by another workflow (a signal) or by its timers. */
export type UnitTaskCommand =
  | Command<'Assign', { planId: string; unitCode: string; issuerUnit: string; rules: NominationRules; stages: StageSpec[] }>
  | Command<'ReceiveAmendment', { reason: string; quotas?: Quota[] }>
  | Command<'OpenStage', { stageId: string }>
  | Command<'Submit', { stageId: string; payload: SubmissionPayload; assessments?: NomineeAssessment[] }>
  | Command<'Decide', { stageId: string; decision: 'accept' | 'return'; reason?: string }>
  | Command<'DecideNominee', { stageId: string; index: number; decision: NomineeDecision; reason?: string }>
  | Command<'Confer', { stageId: string; reference?: string; hasParentLevel: boolean }>
  | Command<'Remind', { stageId: string; daysBefore: number }>
  | Command<'Escalate', { stageId: string; level: EscalationLevel }>
  | Command<'Extend', { stageId: string; dueAt: string; reason: string }>
  | Command<'ReceiveNominations', { fromUnit: string; nominees: Nominee[] }>
  | Command<'Close', Record<string, never>>
  | Command<'Cancel', { reason: string }>;
