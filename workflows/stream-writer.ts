import { ActivityFailure, condition, currentUpdateInfo, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { eventIdOf, type DomainEvent } from '#domain';
import type { Activities } from './activities.js';

/** Errors by which the event store refuses an append; retrying cannot help, so they are not retried. */
const REFUSALS = ['ExpectedVersionConflictError', 'EventIdConflictError', 'EventStoreError'];

const { appendEvents, readStream } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: REFUSALS },
});

/** A plain Error fails the workflow *task*: the workflow halts, visibly, until the cause is fixed, instead of diverging from its stream. */
export class StreamHalted extends Error {
  override name = 'StreamHalted';
}

/**
 * The workflow is the only writer of its stream (docs/ARCHITECTURE.md, "Streams and their writers"), so it knows the
 * expected version, and event ids `<stream>/<version>` make every retried append a no-op. Appends are chained so
 * that concurrent update handlers write in the order they decided.
 */
export class StreamWriter {
  private version?: number;
  private tail: Promise<unknown> = Promise.resolve();
  /** Appends decided but not yet stored, including those queued after a drain began. */
  private pending = 0;

  constructor(
    private readonly streamId: string,
    private readonly streamType: string,
    private readonly correlationId: string,
  ) {}

  /** Reads what the stream already holds (nothing, on a first run) and positions the writer after it. */
  async load(): Promise<DomainEvent[]> {
    const stream = await readStream(this.streamId);
    this.version = stream.version;
    return stream.events;
  }

  /** Resolves when no append is on its way; a workflow awaits it before it completes or continues as new. */
  async drained(): Promise<void> {
    await condition(() => this.pending === 0);
    await this.tail; // surfaces a refusal
  }

  append(events: readonly DomainEvent[], actor: string): Promise<unknown> {
    if (this.version === undefined) throw new StreamHalted(`append to ${this.streamId} before load()`);
    if (events.length === 0) return this.tail;
    const expectedVersion = this.version;
    const metadata = {
      actor,
      correlationId: this.correlationId,
      causationId: currentUpdateInfo()?.id,
      workflowId: workflowInfo().workflowId,
    };
    // A reason that is part of what happened (a return, an extension, a cancellation) is also the event's reason for auditors.
    const batch = events.map((event, i) => {
      const reason = reasonOf(event.data);
      return {
        eventId: eventIdOf(this.streamId, expectedVersion + i + 1),
        type: event.type,
        data: event.data,
        metadata: reason === undefined ? metadata : { ...metadata, reason },
      };
    });
    this.version += batch.length;
    this.pending++;
    this.tail = this.tail
      .then(() =>
        appendEvents({ streamId: this.streamId, streamType: this.streamType, expectedVersion, events: batch }).catch((failure: unknown) => {
          const cause = failure instanceof ActivityFailure ? failure.cause?.message : String(failure);
          throw new StreamHalted(`The event store refused events ${expectedVersion + 1}… of ${this.streamId}: ${cause}`);
        }),
      )
      .finally(() => this.pending--);
    return this.tail;
  }
}

function reasonOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('reason' in data)) return undefined;
  return typeof data.reason === 'string' ? data.reason : undefined;
}
