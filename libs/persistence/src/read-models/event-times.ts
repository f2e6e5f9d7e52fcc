import { isEventOf, UNIT_TASK_EVENT_TYPES, type DomainEvent, type UnitTaskEvent } from '#domain';
import type { RecordedEvent } from '#event-store';

/** An event union as a map from each type name to that type's data. */
export type DataByType<E extends DomainEvent> = { [T in E['type']]: Extract<E, { type: T }>['data'] };

/** Where each event type's data says when it happened: a function per type name, undefined for a type with no time of its own. */
export type OwnTimes<M> = { [T in keyof M]: (data: M[T]) => string | undefined };

/** The time an event's data gives it, read by the function of its type. */
export function ownTime<M, T extends keyof M>(times: OwnTimes<M>, event: { type: T; data: M[T] }): string | undefined {
  return times[event.type](event.data);
}

/** Each unit task event's own time: when it happened in the task's life (timer instants in time-skipping tests, too). */
const OCCURRED_AT: OwnTimes<DataByType<UnitTaskEvent>> = {
  TaskAssigned: (data) => data.assignedAt,
  PlanAmendmentReceived: (data) => data.receivedAt,
  StageOpened: (data) => data.openedAt,
  SubmissionMade: (data) => data.submittedAt,
  SubmissionAccepted: (data) => data.acceptedAt,
  SubmissionReturned: (data) => data.returnedAt,
  ReminderSent: (data) => data.sentAt,
  DeadlineMissed: (data) => data.detectedAt,
  Escalated: (data) => data.escalatedAt,
  DeadlineExtended: (data) => data.extendedAt,
  NomineeDecided: (data) => data.decidedAt,
  AwardsConferred: (data) => data.conferredAt,
  NominationsForwarded: (data) => data.forwardedAt,
  NominationsReceived: (data) => data.receivedAt,
  TaskClosed: (data) => data.closedAt,
  TaskCancelled: (data) => data.cancelledAt,
};

/** A unit task event's own time; the recording time for any other event. */
export function occurredAt(event: Pick<RecordedEvent, 'type' | 'data' | 'recordedAt'>): Date {
  const own = isEventOf(UNIT_TASK_EVENT_TYPES, event) ? ownTime(OCCURRED_AT, event) : undefined;
  // Stored data is JSON, whatever its type says: a time that is not a string is no time.
  return new Date(typeof own === 'string' ? own : event.recordedAt);
}
