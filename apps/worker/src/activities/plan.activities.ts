import { Injectable } from '@nestjs/common';
import { evolvePlan, initialPlanState, planStreamId, type PlanEvent, type PlanState } from '#domain';
import { EventStore } from '#event-store';
import type { Activities, AppendEventsInput } from '../../../../workflows/activities.js';

/**
 * The workflows' only way to the event store. Errors keep their class names (ExpectedVersionConflictError,
 * EventIdConflictError), which the workflows' retry policy treats as non-retryable.
 */
@Injectable()
export class PlanActivities implements Activities {
  constructor(private readonly store: EventStore) {}

  async appendEvents({ streamId, streamType, expectedVersion, events }: AppendEventsInput): Promise<{ version: number; written: number }> {
    const result = await this.store.append(streamId, events, { expectedVersion, streamType });
    return { version: result.version, written: result.written };
  }

  loadPlan(planId: string): Promise<{ state: PlanState; version: number }> {
    return this.store.aggregateStream(planStreamId(planId), {
      initialState: initialPlanState,
      evolve: (state, event) => evolvePlan(state, event as unknown as PlanEvent),
    });
  }
}
