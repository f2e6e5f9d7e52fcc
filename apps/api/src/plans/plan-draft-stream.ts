import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  eventIdOf,
  PLAN_EVENT_TYPES,
  planDecider,
  planStreamId,
  type PlanCommand,
  type PlanDraft,
  type PlanEvent,
  type PlanState,
  type RecordedPlan,
} from '#domain';
import { EventStore } from '#event-store';

/** A plan folded from its stream, with the version it was read at: what an append to it expects. */
export interface PlanStreamRead {
  state: RecordedPlan;
  version: number;
}

/**
 * The API's only writer of a plan's stream, while the plan is a draft: it creates the plan (PlanCreated) and cancels
 * the draft (PlanCancelled), deciding with planDecider. From PlanLaunched on, the plan's workflow is its stream's only
 * writer (docs/ARCHITECTURE.md, "Streams and their writers"): this refuses to append to a plan that is no longer a
 * draft, and appends at the version it read, so that a launch and a cancellation of the draft are exclusive.
 * No other API code appends to a plan stream.
 */
@Injectable()
export class PlanDraftStream {
  constructor(private readonly store: EventStore) {}

  /** The plan folded from its stream (unknown event types passed over); 404 PLAN_NOT_FOUND when it does not exist. */
  async read(planId: string): Promise<PlanStreamRead> {
    const { state, version } = await this.store.aggregateStream(planStreamId(planId), { ...planDecider, eventTypes: PLAN_EVENT_TYPES });
    if (state.status === 'none') throw new NotFoundException({ code: 'PLAN_NOT_FOUND', message: `Plan ${planId} does not exist` });
    return { state, version };
  }

  /**
   * PlanCreated, the first event of the plan's stream. The plan id is fixed by the operation (actor, Idempotency-Key)
   * and the event id is `<stream>/1`, with no expected version: a retry of the same request is a no-op.
   */
  async create(planId: string, draft: PlanDraft, actor: string): Promise<void> {
    const command: PlanCommand = { type: 'CreatePlan', data: { planId, draft }, metadata: { now: new Date().toISOString(), actor } };
    await this.append(planId, planDecider.decide(command, planDecider.initialState()), { version: 0, expected: 'any' }, { actor });
  }

  /** Cancels the draft read as `plan`; a launch since then makes the append fail with a conflict (409). */
  async cancel(plan: PlanStreamRead, reason: string, actor: string): Promise<PlanState> {
    const { state, version } = plan;
    if (state.status !== 'draft') {
      throw new ConflictException({
        code: 'PLAN_NOT_DRAFT',
        message: `Plan ${state.planId} is ${state.status}: its workflow, not the API, changes it now`,
      });
    }
    const events = planDecider.decide({ type: 'CancelPlan', data: { reason }, metadata: { now: new Date().toISOString(), actor } }, state);
    await this.append(state.planId, events, { version, expected: version }, { actor, reason });
    return events.reduce(planDecider.evolve, state);
  }

  /** `version`: the stream's version the events follow, from which their ids are derived; `expected`: what the store checks. */
  private async append(
    planId: string,
    events: PlanEvent[],
    { version, expected }: { version: number; expected: number | 'any' },
    metadata: { actor: string; reason?: string },
  ): Promise<void> {
    const streamId = planStreamId(planId);
    await this.store.append(
      streamId,
      events.map((event, i) => ({
        ...event,
        eventId: eventIdOf(streamId, version + i + 1),
        metadata: { ...metadata, correlationId: planId },
      })),
      { expectedVersion: expected, streamType: 'plan' },
    );
  }
}
