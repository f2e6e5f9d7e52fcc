/**
 * The vocabulary shared by the API, the workflows and the auditors: a plan's events here, a unit task's in
 * unit-task/events.ts. Who did it travels in the event store's metadata (actor); a reason is part of what happened
 * when the domain needs it (a return, a cancellation), and is copied to the metadata too.
 */
import type { DomainEvent, EventTypes } from '../decider.js';
import type { PlanAmendment, PlanDraft } from './draft.js';

export type PlanCreated = DomainEvent<'PlanCreated', { planId: string; draft: PlanDraft }>;
export type PlanLaunched = DomainEvent<'PlanLaunched', { planId: string; launchedAt: string; implementers: string[] }>;
export type PlanAmended = DomainEvent<'PlanAmended', { changes: PlanAmendment; reason: string; amendedAt: string }>;
export type DeadlinesExtended = DomainEvent<'DeadlinesExtended', { stageId: string; dueAt: string; reason: string; extendedAt: string }>;
export type PlanClosed = DomainEvent<'PlanClosed', { closedAt: string }>;
export type PlanCancelled = DomainEvent<'PlanCancelled', { reason: string; cancelledAt: string }>;
export type PlanEvent = PlanCreated | PlanLaunched | PlanAmended | DeadlinesExtended | PlanClosed | PlanCancelled;

export const PLAN_EVENT_TYPES: EventTypes<PlanEvent> = {
  PlanCreated: true,
  PlanLaunched: true,
  PlanAmended: true,
  DeadlinesExtended: true,
  PlanClosed: true,
  PlanCancelled: true,
};
