import { defineUpdate } from '@temporalio/workflow';
import type { UnitTaskState } from '#domain';

/** Defined once, imported by the workflows and by the API's client. Workflow ids equal their streams' ids (#domain ids.ts). */
export interface AcknowledgeInput {
  /** Who acknowledges, recorded as the event's actor. */
  actor: string;
}

export const acknowledgeTaskUpdate = defineUpdate<UnitTaskState, [AcknowledgeInput]>('acknowledgeTask');

export interface PlanWorkflowInput {
  planId: string;
  /** Who launched the plan, recorded as the actor of PlanLaunched. */
  launchedBy: string;
}

export interface UnitTaskWorkflowInput {
  planId: string;
  unitCode: string;
  dueAt: string;
}
