import type { EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { formatVietnamDateTime, type EscalationLevel, type StageState, type UnitTaskEvent, type UnitTaskState } from '#domain';
import type { RecordedEventOf } from '#event-store';
import type { InboxAudience, InboxItemEntity, InboxKind, InboxResolution } from './entities.js';
import { occurredAt } from './event-times.js';

/**
 * What is waiting for whom, derived from each event of a unit's task with the task's state before and after it
 * (the fold of the unit task decider's `evolve`, see projections.ts). Pure: `inboxChanges` says what to do, `applyInboxChanges`
 * does it in the append transaction.
 *
 * - a stage opens (TaskAssigned for the stages open at assignment, StageOpened) → "submit" for the unit, due then;
 * - SubmissionMade → the unit's items for the stage are resolved (also its overdue escalations); "decide" for the issuer;
 * - SubmissionReturned → the "decide" is resolved; "resubmit" for the unit, with the reason, due at the stage's deadline;
 * - SubmissionAccepted, AwardsConferred, NominationsForwarded → the "decide" is resolved;
 * - ReminderSent → the unit's open item is marked reminded; DeadlineMissed → marked overdue;
 * - Escalated → the unit's items carry the level; head → "overdue" for the unit's head; board → "overdue" for the issuer;
 * - DeadlineExtended → the unit's items move to the new date, no longer overdue or escalated; the escalations are resolved;
 * - TaskClosed / TaskCancelled → every open item of the task is resolved.
 */

/** The event with where it belongs: the task's plan and unit come from the stream id. */
export interface UnitTaskStep {
  event: RecordedEventOf<UnitTaskEvent>;
  planId: string;
  unitCode: string;
  before: UnitTaskState;
  after: UnitTaskState;
}

/** Open items of the step's task, narrowed by stage, audience and kind. */
export interface ItemFilter {
  stageId?: string;
  audiences?: readonly InboxAudience[];
  kinds?: readonly InboxKind[];
}

export type NewInboxItem = Omit<InboxItemEntity, 'resolvedAt' | 'resolution'>;
type ItemUpdate = Partial<Pick<InboxItemEntity, 'dueAt' | 'overdue' | 'escalation' | 'remindedAt'>>;

export type InboxChange =
  | { op: 'open'; item: NewInboxItem }
  | { op: 'update'; where: ItemFilter; set: ItemUpdate }
  | { op: 'resolve'; where: ItemFilter; at: Date; resolution: InboxResolution };

/** Namespace of inbox item ids (uuid v5 of the source event id, audience, kind and stage). */
const INBOX_ID_NAMESPACE = 'a3f0c2d4-5b6e-4f70-8a91-b2c3d4e5f607';

/** "the registration", "the interim report for Đợt 1": how messages name a stage. */
export function stageLabel(stage: Pick<StageState, 'kind' | 'phase'>): string {
  switch (stage.kind) {
    case 'derived-plan':
      return 'the derived plan';
    case 'registration':
      return 'the registration';
    case 'interim-review':
      return `the interim report${stage.phase ? ` for ${stage.phase}` : ''}`;
    case 'final-review':
      return 'the final report';
    case 'nomination':
      return 'the nominations';
  }
}

export function inboxChanges(step: UnitTaskStep): InboxChange[] {
  const { after, unitCode, event } = step;
  if (after.status === 'unassigned') return []; // an event folded onto no task cannot be in a valid stream
  const at = occurredAt(step.event);
  const stageOf = (stageId: string) => after.stages.find((stage) => stage.id === stageId);
  const item = (
    audience: InboxAudience,
    kind: InboxKind,
    stage: StageState,
    message: string,
    extra: Partial<NewInboxItem> = {},
  ): InboxChange => ({
    op: 'open',
    item: {
      id: uuidv5(`${step.event.eventId}|${audience}|${kind}|${stage.id}`, INBOX_ID_NAMESPACE),
      planId: step.planId,
      unitCode,
      addresseeUnit: audience === 'issuer' ? after.issuerUnit : unitCode,
      audience,
      kind,
      stageId: stage.id,
      stageKind: stage.kind,
      message,
      reason: null,
      dueAt: new Date(stage.dueAt),
      overdue: false,
      escalation: null,
      remindedAt: null,
      createdAt: at,
      sourceEventId: step.event.eventId,
      ...extra,
    },
  });
  const submit = (stage: StageState) => item('unit', 'submit', stage, `Submit ${stageLabel(stage)}`, { overdue: stage.overdue });
  const resolve = (where: ItemFilter, resolution: InboxResolution): InboxChange => ({ op: 'resolve', where, at, resolution });
  const update = (where: ItemFilter, set: ItemUpdate): InboxChange => ({ op: 'update', where, set });
  const forUnit = (stageId: string): ItemFilter => ({ stageId, audiences: ['unit'] });

  switch (event.type) {
    case 'TaskAssigned':
      return after.stages.filter((stage) => stage.status === 'open').map(submit);
    case 'StageOpened': {
      const stage = stageOf(event.data.stageId);
      return stage?.status === 'open' ? [submit(stage)] : [];
    }
    case 'SubmissionMade': {
      const stage = stageOf(event.data.stageId);
      if (!stage) return [];
      const { payload, late } = event.data;
      const what =
        payload.kind === 'nomination'
          ? `each of ${unitCode}'s ${payload.nominees.length} nominee(s)`
          : `${unitCode}'s ${stageLabel(stage).replace(/^the /, '')}`;
      return [
        resolve({ stageId: stage.id, kinds: ['submit', 'resubmit', 'overdue'] }, 'submitted'),
        item('issuer', 'decide', stage, `Decide on ${what}${late ? ' (submitted late)' : ''}`, { dueAt: null }),
      ];
    }
    case 'SubmissionReturned': {
      const stage = stageOf(event.data.stageId);
      if (!stage) return [];
      return [
        resolve({ stageId: stage.id, kinds: ['decide'] }, 'returned'),
        item('unit', 'resubmit', stage, `Returned: correct ${stageLabel(stage)} and submit again`, {
          reason: event.data.reason,
          overdue: stage.overdue,
        }),
      ];
    }
    case 'SubmissionAccepted':
      return [resolve({ stageId: event.data.stageId }, 'accepted')];
    case 'AwardsConferred':
      return [resolve({ stageId: event.data.stageId, kinds: ['decide'] }, 'conferred')];
    case 'NominationsForwarded':
      return [resolve({ stageId: event.data.stageId, kinds: ['decide'] }, 'forwarded')];
    case 'ReminderSent':
      return [update(forUnit(event.data.stageId), { remindedAt: at })];
    case 'DeadlineMissed':
      return [update(forUnit(event.data.stageId), { overdue: true })];
    case 'Escalated':
      return escalated(event.data.stageId, event.data.level);
    case 'DeadlineExtended':
      return [
        resolve({ stageId: event.data.stageId, kinds: ['overdue'] }, 'extended'),
        update(forUnit(event.data.stageId), { dueAt: new Date(event.data.to), overdue: false, escalation: null, remindedAt: null }),
      ];
    case 'TaskClosed':
      return [resolve({}, 'closed')];
    case 'TaskCancelled':
      return [resolve({}, 'cancelled')];
    case 'PlanAmendmentReceived':
    case 'NomineeDecided':
    case 'NominationsReceived':
      return [];
  }
  return [];

  function escalated(stageId: string, level: EscalationLevel): InboxChange[] {
    const stage = stageOf(stageId);
    if (!stage) return [];
    const changes = [update({ stageId, audiences: ['unit', 'head'] }, { escalation: level })];
    const due = formatVietnamDateTime(stage.dueAt);
    if (level === 'head') {
      changes.push(
        item('head', 'overdue', stage, `${unitCode} is overdue: ${stageLabel(stage)} was due ${due}`, { overdue: true, escalation: level }),
      );
    } else if (level === 'board') {
      changes.push(
        item('issuer', 'overdue', stage, `Unit ${unitCode} is overdue: ${stageLabel(stage)} was due ${due}`, {
          overdue: true,
          escalation: level,
        }),
      );
    }
    return changes;
  }
}

const INSERT_COLUMNS = [
  ['id', 'id'],
  ['plan_id', 'planId'],
  ['unit_code', 'unitCode'],
  ['addressee_unit', 'addresseeUnit'],
  ['audience', 'audience'],
  ['kind', 'kind'],
  ['stage_id', 'stageId'],
  ['stage_kind', 'stageKind'],
  ['message', 'message'],
  ['reason', 'reason'],
  ['due_at', 'dueAt'],
  ['overdue', 'overdue'],
  ['escalation', 'escalation'],
  ['reminded_at', 'remindedAt'],
  ['created_at', 'createdAt'],
  ['source_event_id', 'sourceEventId'],
] as const satisfies readonly (readonly [string, keyof NewInboxItem])[];

/** Looked up by the field names of an update's `set`; the satisfies clause keeps a column for each. */
const UPDATE_COLUMNS: Readonly<Record<string, string>> = {
  dueAt: 'due_at',
  overdue: 'overdue',
  escalation: 'escalation',
  remindedAt: 'reminded_at',
} satisfies Record<keyof ItemUpdate, string>;

/** Applies the changes of one step, in order. Inserting an id that exists does nothing (a replayed event). */
export async function applyInboxChanges(
  step: Pick<UnitTaskStep, 'planId' | 'unitCode'>,
  changes: readonly InboxChange[],
  tx: EntityManager,
): Promise<void> {
  for (const change of changes) {
    if (change.op === 'open') {
      const params = INSERT_COLUMNS.map(([, field]) => change.item[field]);
      await tx.query(
        `INSERT INTO inbox_items (${INSERT_COLUMNS.map(([column]) => column).join(', ')})
         VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO NOTHING`,
        params,
      );
      continue;
    }
    const params: unknown[] = [step.planId, step.unitCode];
    const param = (value: unknown) => `$${params.push(value)}`;
    let assignments: string;
    if (change.op === 'update') {
      const entries = Object.entries(change.set);
      if (entries.length === 0) continue;
      assignments = entries.map(([field, value]) => `${UPDATE_COLUMNS[field]} = ${param(value)}`).join(', ');
    } else {
      assignments = `resolved_at = ${param(change.at)}, resolution = ${param(change.resolution)}`;
    }
    const { stageId, audiences, kinds } = change.where;
    const conditions = [
      'plan_id = $1',
      'unit_code = $2',
      'resolved_at IS NULL',
      ...(stageId !== undefined ? [`stage_id = ${param(stageId)}`] : []),
      ...(audiences ? [`audience = ANY(${param(audiences)}::text[])`] : []),
      ...(kinds ? [`kind = ANY(${param(kinds)}::text[])`] : []),
    ];
    await tx.query(`UPDATE inbox_items SET ${assignments} WHERE ${conditions.join(' AND ')}`, params);
  }
}
