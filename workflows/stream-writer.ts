import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from './activities.js';

const { appendEvents } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['ExpectedVersionConflictError', 'EventIdConflictError'] },
});

/**
 * The workflow is the only writer of its stream (ARCHITECTURE.md decision 2), so it knows the expected
 * version, and event ids `<stream>/<version>` make every retried append a no-op. Appends are chained so
 * that concurrent update handlers write in the order they decided.
 */
export class StreamWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly streamId: string,
    private readonly streamType: string,
    private version: number,
    private readonly correlationId: string,
  ) {}

  append(events: ReadonlyArray<{ type: string; data: unknown }>, actor: string, reason?: string): Promise<unknown> {
    if (events.length === 0) return this.tail;
    const expectedVersion = this.version;
    const batch = events.map((event, i) => ({
      eventId: `${this.streamId}/${expectedVersion + i + 1}`,
      type: event.type,
      data: event.data,
      metadata: { actor, reason, correlationId: this.correlationId, workflowId: workflowInfo().workflowId },
    }));
    this.version += batch.length;
    this.tail = this.tail.then(() => appendEvents({ streamId: this.streamId, streamType: this.streamType, expectedVersion, events: batch }));
    return this.tail;
  }
}
