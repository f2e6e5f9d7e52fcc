import { Injectable } from '@nestjs/common';
import { EventStore } from '#event-store';
import type { Activities, AppendEventsInput, StoredStream } from '#workflows';

/**
 * The workflows' only way to the event store. Errors keep their class names (ExpectedVersionConflictError,
 * EventIdConflictError, EventStoreError), which the workflows' retry policy treats as non-retryable.
 */
@Injectable()
export class PlanActivities implements Activities {
  constructor(private readonly store: EventStore) {}

  async appendEvents({ streamId, streamType, expectedVersion, events }: AppendEventsInput): Promise<{ version: number; written: number }> {
    const result = await this.store.append(streamId, events, { expectedVersion, streamType });
    return { version: result.version, written: result.written };
  }

  /** The activities as the Worker takes them: plain functions bound to this provider. */
  bound(): Activities {
    return { appendEvents: this.appendEvents.bind(this), readStream: this.readStream.bind(this) };
  }

  async readStream(streamId: string): Promise<StoredStream> {
    const events = await this.store.readStream(streamId);
    return { events: events.map(({ type, data }) => ({ type, data })), version: events.at(-1)?.version ?? 0 };
  }
}
