import { formatVietnamDateTime, planStreamId, unitTaskStreamId, type UnitTaskEvent, type PlanEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { PlanEntity, UnitTaskEntity } from '../read-models/entities.js';
import { parseStreamId, planProjection, unitTaskProjection } from '../read-models/projections.js';
import { eventTime } from './cascade-events.js';

/**
 * An auditor's questions, answered from a cascade's events (cascade-events.ts) with the read models' own fold:
 * what did it look like at a point (as-of), what happened since (diff), who did what (timeline). Pure.
 */

/** A point in a plan's history: a date-time (each event's own time), or a version of the root plan's stream. */
export type HistoryPoint = { at: Date } | { planVersion: number };

export interface CascadeRows {
  plans: PlanEntity[];
  tasks: UnitTaskEntity[];
}

/**
 * The events up to a point. By time, each stream's prefix: an event counts at its own time, or at the next event's
 * if that is earlier (PlanCreated has no time of its own and is recorded whenever the draft was typed in).
 */
export function eventsUpTo(events: readonly RecordedEvent[], point: HistoryPoint, rootStreamId: string): RecordedEvent[] {
  if ('planVersion' in point) {
    const last = events.findIndex((e) => e.streamId === rootStreamId && e.version === point.planVersion);
    return last < 0 ? [...events] : events.slice(0, last + 1);
  }
  const effective: number[] = [];
  const laterInStream = new Map<string, number>();
  for (let i = events.length - 1; i >= 0; i--) {
    const { streamId } = events[i];
    effective[i] = Math.min(eventTime(events[i]).getTime(), laterInStream.get(streamId) ?? Infinity);
    laterInStream.set(streamId, effective[i]);
  }
  return events.filter((_, i) => effective[i] <= point.at.getTime());
}

/** The `plans` and `unit_tasks` rows these events fold to: the same projections that keep the live tables. */
export function cascadeRows(events: readonly RecordedEvent[]): CascadeRows {
  // A row exists once its stream's first event is folded, so its state is never the empty one. The generated columns
  // are filled as PostgreSQL fills them (entities.ts).
  const plans = planProjection
    .rowsOf(events)
    .flatMap(({ state, ...row }): PlanEntity[] =>
      state.status === 'none' ? [] : [{ ...row, state, document: state.draft, implementers: state.implementers }],
    );
  const tasks = unitTaskProjection
    .rowsOf(events)
    .flatMap(({ state, ...row }): UnitTaskEntity[] => (state.status === 'unassigned' ? [] : [{ ...row, state, stages: state.stages }]));
  return { plans, tasks };
}

/** What a person reads for each event type (Vietnamese: the timeline is user-facing). */
const ACTION_NAMES = {
  PlanCreated: 'Tạo dự thảo kế hoạch',
  PlanLaunched: 'Ban hành kế hoạch',
  PlanAmended: 'Điều chỉnh kế hoạch',
  DeadlinesExtended: 'Gia hạn cho tất cả đơn vị',
  PlanClosed: 'Kết thúc kế hoạch',
  PlanCancelled: 'Hủy kế hoạch',
  TaskAssigned: 'Giao nhiệm vụ cho đơn vị',
  PlanAmendmentReceived: 'Đơn vị nhận điều chỉnh kế hoạch',
  StageOpened: 'Mở bước thực hiện',
  SubmissionMade: 'Đơn vị nộp',
  SubmissionAccepted: 'Chấp thuận',
  SubmissionReturned: 'Trả lại, yêu cầu bổ sung',
  ReminderSent: 'Nhắc hạn',
  DeadlineMissed: 'Quá hạn',
  Escalated: 'Báo cáo cấp trên về việc quá hạn',
  DeadlineExtended: 'Gia hạn cho đơn vị',
  NomineeDecided: 'Quyết định về người được đề nghị',
  AwardsConferred: 'Quyết định khen thưởng',
  NominationsForwarded: 'Chuyển đề nghị khen thưởng lên cấp trên',
  NominationsReceived: 'Nhận đề nghị khen thưởng từ cấp dưới',
  TaskClosed: 'Kết thúc nhiệm vụ',
  TaskCancelled: 'Hủy nhiệm vụ',
} satisfies Record<PlanEvent['type'] | UnitTaskEvent['type'], string>;
/** By any type name: a store may hold types this code does not know (written by newer code). */
const ACTIONS = new Map<string, string>(Object.entries(ACTION_NAMES));

export interface TimelineEntry {
  /** The event's global position: the timeline's cursor. */
  position: string;
  planId: string;
  unitCode?: string;
  streamId: string;
  /** The version of its stream this event produced (of the plan's stream, for a plan event). */
  version: number;
  type: string;
  action: string;
  /** Its own time (ISO) and in Vietnam time (dd/mm/yyyy hh:mm), and when the store recorded it. */
  at: string;
  atVietnam: string;
  recordedAt: string;
  actor: string;
  reason?: string;
  eventId: string;
  data: unknown;
}

export interface TimelineFilter {
  unit?: string;
  actor?: string;
  types?: readonly string[];
  from?: Date;
  to?: Date;
}

/** The reason in an event's data (a return, an extension, a cancellation), if it has one. */
const reasonIn = (data: unknown) => (typeof data === 'object' && data !== null && 'reason' in data ? data.reason : undefined);

export function timelineEntry(event: RecordedEvent): TimelineEntry {
  const ids = parseStreamId(event.streamId);
  const at = eventTime(event);
  const reason = event.metadata.reason ?? reasonIn(event.data);
  return {
    position: event.globalPosition,
    planId: ids?.planId ?? event.metadata.correlationId ?? '',
    ...(ids?.unitCode ? { unitCode: ids.unitCode } : {}),
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    action: ACTIONS.get(event.type) ?? event.type,
    at: at.toISOString(),
    atVietnam: formatVietnamDateTime(at),
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    ...(typeof reason === 'string' ? { reason } : {}),
    eventId: event.eventId,
    data: event.data,
  };
}

/** A page of the timeline: entries after the cursor (a global position) matching every filter given. */
export function timeline(
  events: readonly RecordedEvent[],
  filter: TimelineFilter,
  page: { after?: string; limit: number },
): { entries: TimelineEntry[]; total: number; next?: string } {
  const matching = events
    .map(timelineEntry)
    .filter(
      (entry) =>
        (!filter.unit || entry.unitCode === filter.unit) &&
        (!filter.actor || entry.actor === filter.actor) &&
        (!filter.types?.length || filter.types.includes(entry.type)) &&
        (!filter.from || entry.at >= filter.from.toISOString()) &&
        (!filter.to || entry.at <= filter.to.toISOString()),
    );
  const start = page.after === undefined ? 0 : matching.findIndex((entry) => entry.position === page.after) + 1;
  const entries = matching.slice(start, start + page.limit);
  const last = entries.at(-1);
  // More entries follow: the page is full (a limit is at least 1), and its last entry is the next page's cursor.
  const more = start + page.limit < matching.length;
  return { entries, total: matching.length, ...(more && last ? { next: last.position } : {}) };
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RowDiff {
  planId: string;
  unitCode?: string;
  changes: FieldChange[];
  /** What happened to this plan or task in between, and who did it. */
  events: TimelineEntry[];
}

const PLAN_FIELDS = ['status', 'title', 'numberSymbol', 'launchedAt', 'version'] as const;
const TASK_FIELDS = [
  'status',
  'stage',
  'stageId',
  'stageStatus',
  'dueAt',
  'overdue',
  'escalation',
  'returnedReason',
  'derivedPlanId',
  'version',
] as const;
const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/** What changed between two points, row by row (plans and units' tasks), with the events that changed it. */
export function diffCascade(events: readonly RecordedEvent[], from: HistoryPoint, to: HistoryPoint, rootStreamId: string): RowDiff[] {
  const before = eventsUpTo(events, from, rootStreamId);
  const after = eventsUpTo(events, to, rootStreamId);
  const earlier = new Set(before.map((e) => e.eventId));
  const between = after.filter((e) => !earlier.has(e.eventId));
  const [rowsBefore, rowsAfter] = [cascadeRows(before), cascadeRows(after)];

  const diffs: RowDiff[] = [];
  const compare = <T extends object>(
    key: { planId: string; unitCode?: string },
    old: T | undefined,
    now: T | undefined,
    fields: readonly (keyof T & string)[],
    streamId: string,
  ) => {
    const changes = fields
      .map((field) => ({ field, before: comparable(old?.[field]), after: comparable(now?.[field]) }))
      .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
    const happened = between.filter((e) => e.streamId === streamId).map(timelineEntry);
    if (changes.length > 0 || happened.length > 0) diffs.push({ ...key, changes, events: happened });
  };
  const planById = new Map(rowsBefore.plans.map((p) => [p.planId, p]));
  for (const plan of rowsAfter.plans)
    compare({ planId: plan.planId }, planById.get(plan.planId), plan, PLAN_FIELDS, planStreamId(plan.planId));
  const taskByKey = new Map(rowsBefore.tasks.map((t) => [`${t.planId}/${t.unitCode}`, t]));
  for (const task of rowsAfter.tasks) {
    compare(
      { planId: task.planId, unitCode: task.unitCode },
      taskByKey.get(`${task.planId}/${task.unitCode}`),
      task,
      TASK_FIELDS,
      unitTaskStreamId(task.planId, task.unitCode),
    );
  }
  return diffs;
}
