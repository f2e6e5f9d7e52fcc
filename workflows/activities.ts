import type { PlanState } from '#domain';
import type { EventMetadata } from '#event-store';

/** The activities the workflows call; implemented by the worker (apps/worker/src/activities). */
export interface WorkflowEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface AppendEventsInput {
  streamId: string;
  streamType: string;
  expectedVersion: number;
  events: WorkflowEvent[];
}

export interface Activities {
  /** Idempotent: a retry with the same event ids writes nothing. */
  appendEvents(input: AppendEventsInput): Promise<{ version: number; written: number }>;
  /** The plan's state folded from its stream, and the stream's version. */
  loadPlan(planId: string): Promise<{ state: PlanState; version: number }>;
}
