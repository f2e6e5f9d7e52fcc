import { isAwardCode, type RecipientKind } from './awards.js';
import { formatVietnamDateTime } from './calendar.js';
import { DEFAULT_ESCALATION, DEFAULT_REMINDERS, deadlineSchedule, extendDeadline, type Escalation } from './deadline-schedule.js';
import { DomainError } from './errors.js';
import type { Checks } from './limits.js';
import type { Nomination } from './nominations.js';
import type { Quota } from './plan-model.js';
import type { UnitKind } from './units.js';
import { isObject, isText } from './values.js';

/**
 * A recipient unit's task in a plan, from assignment to closing: a decider (`decideLifecycle`) and a fold
 * (`evolveLifecycle`) over the events of the unit's task stream. Stages come from the plan's milestones, in
 * deadline order; each is open from `opensAt`, takes a submission from the unit, and a decision from the
 * issuer (accept, or return with a reason, after which the unit resubmits). Reminders, missed deadlines,
 * escalations and extensions are events too, decided here and timed by the workflow.
 */

export type StageKind = 'derived-plan' | 'registration' | 'interim-review' | 'final-review' | 'nomination';
export type StageStatus = 'pending' | 'open' | 'submitted' | 'returned' | 'accepted';
export type EscalationLevel = 'unit' | 'head' | 'board';

export interface StageSpec {
  id: string;
  kind: StageKind;
  /** The phase (đợt) an interim review closes. */
  phase?: string;
  opensAt: string;
  dueAt: string;
}

/** A nominee as submitted: nominations.ts checks it against quotas and authority. */
export type Nominee = Nomination;

/** Where a nominee is decided: by this plan's issuer, or forwarded to the parent level (or beyond the province). */
export type NomineeRoute = 'decide-here' | 'forward' | 'central';
export type NomineeDecision = 'approved' | 'returned' | 'rejected';

export interface NomineeState extends Nominee {
  route: NomineeRoute;
  decision?: NomineeDecision;
  reason?: string;
  conferred?: boolean;
  forwarded?: boolean;
}

export interface StageState extends StageSpec {
  status: StageStatus;
  overdue: boolean;
  escalation?: EscalationLevel;
  submittedAt?: string;
  late?: boolean;
  returnReason?: string;
  /** What the unit submitted last: registered titles, a report, a derived plan id, or nominations. */
  submission?: SubmissionPayload;
  nominees?: NomineeState[];
  /** Nominations forwarded up from the units below, for this unit to carry into its own nomination. */
  received?: Array<Nominee & { fromUnit: string }>;
  remindersSent: number[];
}

export type SubmissionPayload =
  | { kind: 'derived-plan'; derivedPlanId: string }
  | { kind: 'registration'; titles: Array<{ award: string; recipientKind: RecipientKind; name?: string }> }
  | { kind: 'report'; summary: string }
  | { kind: 'nomination'; nominees: Nominee[] };

/** What this unit's nominations are checked against: the plan's quotas, the issuer's kind, the plan's date. */
export interface NominationRules {
  quotas: Quota[];
  issuerKind: UnitKind;
  ruleDate: string;
}

export interface LifecycleState {
  status: 'unassigned' | 'open' | 'closed' | 'cancelled';
  planId?: string;
  unitCode?: string;
  /** The unit that issued the plan: it decides on this unit's submissions. */
  issuerUnit?: string;
  rules?: NominationRules;
  stages: StageState[];
  /** Reasons of the plan's amendments that reached this unit, newest last. */
  amendments: string[];
}

export type LifecycleEvent =
  | { type: 'TaskAssigned'; data: { planId: string; unitCode: string; issuerUnit: string; rules: NominationRules; stages: StageSpec[]; assignedAt: string } }
  | { type: 'PlanAmendmentReceived'; data: { reason: string; quotas?: Quota[]; receivedAt: string } }
  | { type: 'StageOpened'; data: { stageId: string; openedAt: string } }
  | { type: 'SubmissionMade'; data: { stageId: string; payload: SubmissionPayload; routes?: NomineeRoute[]; submittedAt: string; late: boolean } }
  | { type: 'SubmissionAccepted'; data: { stageId: string; acceptedAt: string } }
  | { type: 'SubmissionReturned'; data: { stageId: string; reason: string; returnedAt: string } }
  | { type: 'ReminderSent'; data: { stageId: string; dueAt: string; daysBefore: number; sentAt: string } }
  | { type: 'DeadlineMissed'; data: { stageId: string; dueAt: string; detectedAt: string } }
  | { type: 'Escalated'; data: { stageId: string; level: EscalationLevel; escalatedAt: string } }
  | { type: 'DeadlineExtended'; data: { stageId: string; from: string; to: string; reason: string; extendedAt: string } }
  | { type: 'NomineeDecided'; data: { stageId: string; index: number; decision: NomineeDecision; reason?: string; decidedAt: string } }
  | { type: 'AwardsConferred'; data: { stageId: string; indexes: number[]; reference?: string; conferredAt: string } }
  | { type: 'NominationsForwarded'; data: { stageId: string; indexes: number[]; to: 'parent' | 'central'; forwardedAt: string } }
  | { type: 'NominationsReceived'; data: { stageId: string; fromUnit: string; nominees: Nominee[]; receivedAt: string } }
  | { type: 'TaskClosed'; data: { closedAt: string } }
  | { type: 'TaskCancelled'; data: { reason: string; cancelledAt: string } };

/** The caller's verdict on each nominee (quota and authority, see nominations.ts): a route, or why it is refused. */
export type NomineeAssessment = { route: NomineeRoute } | { error: string };

export type LifecycleCommand =
  | { type: 'Assign'; data: { planId: string; unitCode: string; issuerUnit: string; rules: NominationRules; stages: StageSpec[]; now: string } }
  | { type: 'ReceiveAmendment'; data: { reason: string; quotas?: Quota[]; now: string } }
  | { type: 'OpenStage'; data: { stageId: string; now: string } }
  | { type: 'Submit'; data: { stageId: string; payload: SubmissionPayload; assessments?: NomineeAssessment[]; now: string } }
  | { type: 'Decide'; data: { stageId: string; decision: 'accept' | 'return'; reason?: string; now: string } }
  | { type: 'DecideNominee'; data: { stageId: string; index: number; decision: NomineeDecision; reason?: string; now: string } }
  | { type: 'Confer'; data: { stageId: string; reference?: string; hasParentLevel: boolean; now: string } }
  | { type: 'Remind'; data: { stageId: string; daysBefore: number; now: string } }
  | { type: 'Escalate'; data: { stageId: string; level: EscalationLevel; now: string } }
  | { type: 'Extend'; data: { stageId: string; dueAt: string; reason: string; now: string } }
  | { type: 'ReceiveNominations'; data: { fromUnit: string; nominees: Nominee[]; now: string } }
  | { type: 'Close'; data: { now: string } }
  | { type: 'Cancel'; data: { reason: string; now: string } };

export const initialLifecycleState = (): LifecycleState => ({ status: 'unassigned', stages: [], amendments: [] });

const SUBMISSION_KIND: Record<StageKind, SubmissionPayload['kind']> = {
  'derived-plan': 'derived-plan',
  registration: 'registration',
  'interim-review': 'report',
  'final-review': 'report',
  nomination: 'nomination',
};

/**
 * With `checks` 'new-input' (the default) an extension is held to the product's bounds, and a submission to its shape and
 * to one derived plan per task; a workflow handler passes
 * 'recorded' (see Checks), its update validator, or the plan's for an extension for all, having applied them.
 */
export function decideLifecycle(command: LifecycleCommand, state: LifecycleState, checks: Checks = 'new-input'): LifecycleEvent[] {
  if (command.type === 'Assign') {
    if (state.status !== 'unassigned') return []; // a replayed assignment changes nothing
    const { now, ...rest } = command.data;
    return [{ type: 'TaskAssigned', data: { ...rest, stages: [...rest.stages].sort(byDue), assignedAt: now } }];
  }
  if (state.status === 'unassigned') throw new DomainError('TASK_NOT_ASSIGNED', 'This task has not been assigned yet; try again shortly');
  if (state.status !== 'open') {
    if (command.type === 'Close' || command.type === 'Cancel') return []; // closing twice is harmless
    throw new DomainError('TASK_NOT_OPEN', `This task is ${state.status}; nothing can be changed`);
  }
  const { now } = command.data;

  switch (command.type) {
    case 'OpenStage': {
      const stage = stageOf(state, command.data.stageId);
      return stage.status === 'pending' ? [{ type: 'StageOpened', data: { stageId: stage.id, openedAt: now } }] : [];
    }
    case 'Submit': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status === 'pending') {
        throw new DomainError('STAGE_NOT_OPEN', `${describe(stage)} opens on ${formatVietnamDateTime(stage.opensAt)}; it cannot be submitted yet`);
      }
      // A task carries its plan down exactly once: after a return, only the same derived plan comes back. Like the
      // payload's shape below, a rule of issue 14 for new submissions: one accepted before it replays as it was.
      const { payload } = command.data;
      const recorded = stage.submission?.kind === 'derived-plan' ? stage.submission.derivedPlanId : undefined;
      if (checks === 'new-input' && payload.kind === 'derived-plan' && recorded !== undefined && recorded !== payload.derivedPlanId) {
        throw new DomainError('DERIVED_PLAN_EXISTS', `Unit ${state.unitCode} already submitted derived plan ${recorded} for this task; resubmit that plan (amend it) rather than launch another`);
      }
      if (stage.status === 'submitted') throw new DomainError('AWAITING_DECISION', `${describe(stage)} was submitted and awaits the issuer's decision`);
      if (stage.status === 'accepted') throw new DomainError('ALREADY_ACCEPTED', `${describe(stage)} was already accepted; nothing was recorded`);
      if (payload.kind !== SUBMISSION_KIND[stage.kind]) {
        throw new DomainError('WRONG_SUBMISSION', `${describe(stage)} takes a ${SUBMISSION_KIND[stage.kind]} submission, not a ${payload.kind}`);
      }
      if (checks === 'new-input') checkPayload(payload);
      let routes: NomineeRoute[] | undefined;
      if (payload.kind === 'nomination') {
        const assessments = command.data.assessments ?? [];
        if (assessments.length !== payload.nominees.length) throw new Error('every nominee needs an assessment');
        const problems = assessments.flatMap((a) => ('error' in a ? [a.error] : []));
        if (problems.length > 0) throw new DomainError('NOMINATION_REFUSED', problems.join('; '));
        routes = assessments.map((a) => (a as { route: NomineeRoute }).route);
      }
      const late = Date.parse(now) >= Date.parse(stage.dueAt);
      return [{ type: 'SubmissionMade', data: { stageId: stage.id, payload, ...(routes ? { routes } : {}), submittedAt: now, late } }];
    }
    case 'Decide': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status !== 'submitted') throw new DomainError('NOTHING_TO_DECIDE', `${describe(stage)} has no submission awaiting a decision`);
      if (stage.kind === 'nomination') throw new DomainError('DECIDE_PER_NOMINEE', 'Nominations are decided nominee by nominee');
      if (command.data.decision === 'accept') return [{ type: 'SubmissionAccepted', data: { stageId: stage.id, acceptedAt: now } }];
      const reason = requireReason(command.data.reason, 'A returned submission');
      return [{ type: 'SubmissionReturned', data: { stageId: stage.id, reason, returnedAt: now } }];
    }
    case 'DecideNominee': {
      const stage = stageOf(state, command.data.stageId);
      const nominee = stage.nominees?.[command.data.index];
      if (stage.status !== 'submitted' || !nominee) {
        throw new DomainError('NOTHING_TO_DECIDE', `${describe(stage)} has no nominee ${command.data.index + 1} awaiting a decision`);
      }
      if (nominee.decision) throw new DomainError('ALREADY_DECIDED', `Nominee ${command.data.index + 1} (${nominee.name}) was already ${nominee.decision}`);
      const reason = command.data.decision === 'approved' ? command.data.reason : requireReason(command.data.reason, `A ${command.data.decision} nominee`);
      const decided: LifecycleEvent = { type: 'NomineeDecided', data: { stageId: stage.id, index: command.data.index, decision: command.data.decision, ...(reason ? { reason } : {}), decidedAt: now } };
      // A returned nominee sends the whole nomination back to the unit, which resubmits it.
      return command.data.decision === 'returned'
        ? [decided, { type: 'SubmissionReturned', data: { stageId: stage.id, reason: `${nominee.name}: ${reason}`, returnedAt: now } }]
        : [decided];
    }
    case 'Confer': {
      const stage = stageOf(state, command.data.stageId);
      const nominees = stage.nominees ?? [];
      const undecided = nominees.findIndex((n) => !n.decision);
      if (stage.status !== 'submitted' || undecided >= 0) {
        throw new DomainError('UNDECIDED_NOMINEES', undecided >= 0 ? `Nominee ${undecided + 1} (${nominees[undecided]!.name}) has no decision yet` : `${describe(stage)} has no nominations to confer`);
      }
      const approved = (route: NomineeRoute) => nominees.flatMap((n, i) => (n.decision === 'approved' && n.route === route ? [i] : []));
      const events: LifecycleEvent[] = [];
      if (approved('decide-here').length > 0) {
        events.push({ type: 'AwardsConferred', data: { stageId: stage.id, indexes: approved('decide-here'), ...(command.data.reference ? { reference: command.data.reference } : {}), conferredAt: now } });
      }
      // Above the issuer's authority: the parent level decides (as the issuer's own nomination), or the central level beyond the province.
      const upward = [...approved('forward'), ...approved('central')];
      if (upward.length > 0) {
        events.push({ type: 'NominationsForwarded', data: { stageId: stage.id, indexes: upward, to: command.data.hasParentLevel ? 'parent' : 'central', forwardedAt: now } });
      }
      events.push({ type: 'SubmissionAccepted', data: { stageId: stage.id, acceptedAt: now } });
      return events;
    }
    case 'Remind': {
      const stage = stageOf(state, command.data.stageId);
      if (!awaitingUnit(stage) || stage.remindersSent.includes(command.data.daysBefore) || Date.parse(now) >= Date.parse(stage.dueAt)) return [];
      return [{ type: 'ReminderSent', data: { stageId: stage.id, dueAt: stage.dueAt, daysBefore: command.data.daysBefore, sentAt: now } }];
    }
    case 'Escalate': {
      const stage = stageOf(state, command.data.stageId);
      if (!awaitingUnit(stage) || Date.parse(now) < Date.parse(stage.dueAt)) return [];
      const events: LifecycleEvent[] = [];
      if (!stage.overdue) events.push({ type: 'DeadlineMissed', data: { stageId: stage.id, dueAt: stage.dueAt, detectedAt: now } });
      if (LEVELS.indexOf(command.data.level) > LEVELS.indexOf(stage.escalation ?? ('none' as EscalationLevel))) {
        events.push({ type: 'Escalated', data: { stageId: stage.id, level: command.data.level, escalatedAt: now } });
      }
      return events;
    }
    case 'Extend': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status === 'accepted') throw new DomainError('ALREADY_ACCEPTED', `${describe(stage)} was already accepted; its deadline cannot change`);
      const { previous, deadline, reason } = extendDeadline(stage.dueAt, command.data.dueAt, command.data.reason, { now, checks });
      return [{ type: 'DeadlineExtended', data: { stageId: stage.id, from: previous, to: deadline, reason, extendedAt: now } }];
    }
    case 'ReceiveAmendment':
      return [{ type: 'PlanAmendmentReceived', data: { reason: requireReason(command.data.reason, 'An amendment'), ...(command.data.quotas ? { quotas: command.data.quotas } : {}), receivedAt: now } }];
    case 'ReceiveNominations': {
      const stage = state.stages.find((s) => s.kind === 'nomination');
      if (!stage) throw new DomainError('NO_NOMINATION_STAGE', `Unit ${state.unitCode}'s task has no nomination stage to receive forwarded nominations`);
      return [{ type: 'NominationsReceived', data: { stageId: stage.id, fromUnit: command.data.fromUnit, nominees: command.data.nominees, receivedAt: now } }];
    }
    case 'Close':
      return [{ type: 'TaskClosed', data: { closedAt: now } }];
    case 'Cancel':
      return [{ type: 'TaskCancelled', data: { reason: requireReason(command.data.reason, 'A cancellation'), cancelledAt: now } }];
  }
}

export function evolveLifecycle(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  const update = (stageId: string, change: (stage: StageState) => Partial<StageState>): LifecycleState => ({
    ...state,
    stages: state.stages.map((stage) => (stage.id === stageId ? { ...stage, ...change(stage) } : stage)),
  });
  switch (event.type) {
    case 'TaskAssigned': {
      const { planId, unitCode, issuerUnit, rules, stages, assignedAt } = event.data;
      const opened = (spec: StageSpec): StageStatus => (Date.parse(spec.opensAt) <= Date.parse(assignedAt) ? 'open' : 'pending');
      return { ...state, status: 'open', planId, unitCode, issuerUnit, rules, stages: stages.map((spec) => ({ ...spec, status: opened(spec), overdue: false, remindersSent: [] })) };
    }
    case 'PlanAmendmentReceived':
      return { ...state, amendments: [...state.amendments, event.data.reason], ...(event.data.quotas ? { rules: { ...state.rules!, quotas: event.data.quotas } } : {}) };
    case 'StageOpened':
      return update(event.data.stageId, () => ({ status: 'open' }));
    case 'SubmissionMade': {
      const { payload, routes } = event.data;
      // A late submission ends the overdue state; that it was late stays recorded (`late`).
      return update(event.data.stageId, () => ({
        status: 'submitted',
        overdue: false,
        submission: payload,
        submittedAt: event.data.submittedAt,
        late: event.data.late,
        returnReason: undefined,
        ...(payload.kind === 'nomination' ? { nominees: payload.nominees.map((n, i) => ({ ...n, route: routes![i]! })) } : {}),
      }));
    }
    case 'SubmissionAccepted':
      return update(event.data.stageId, () => ({ status: 'accepted' }));
    case 'SubmissionReturned':
      return update(event.data.stageId, () => ({ status: 'returned', returnReason: event.data.reason }));
    case 'ReminderSent':
      return update(event.data.stageId, (stage) => ({ remindersSent: [...stage.remindersSent, event.data.daysBefore] }));
    case 'DeadlineMissed':
      return update(event.data.stageId, () => ({ overdue: true }));
    case 'Escalated':
      return update(event.data.stageId, () => ({ escalation: event.data.level }));
    case 'DeadlineExtended':
      // The unit is on time again: the reminders and the escalation ladder start over for the new deadline.
      return update(event.data.stageId, () => ({ dueAt: event.data.to, overdue: false, escalation: undefined, remindersSent: [] }));
    case 'NomineeDecided':
      return update(event.data.stageId, (stage) => ({
        nominees: stage.nominees!.map((n, i) => (i === event.data.index ? { ...n, decision: event.data.decision, reason: event.data.reason } : n)),
      }));
    case 'AwardsConferred':
      return update(event.data.stageId, (stage) => ({ nominees: stage.nominees!.map((n, i) => (event.data.indexes.includes(i) ? { ...n, conferred: true } : n)) }));
    case 'NominationsForwarded':
      return update(event.data.stageId, (stage) => ({ nominees: stage.nominees!.map((n, i) => (event.data.indexes.includes(i) ? { ...n, forwarded: true } : n)) }));
    case 'NominationsReceived':
      return update(event.data.stageId, (stage) => ({
        received: [...(stage.received ?? []), ...event.data.nominees.map((n) => ({ ...n, fromUnit: event.data.fromUnit }))],
      }));
    case 'TaskClosed':
      return { ...state, status: 'closed' };
    case 'TaskCancelled':
      return { ...state, status: 'cancelled' };
  }
}

/**
 * What a person sees as the unit's stage: the latest opened stage not yet accepted (a missed earlier stage
 * stays visible through its overdue flag, not by holding the unit back), else `execution` until the next opens.
 */
export type DisplayStage = StageKind | 'execution' | 'decision' | 'completed' | 'closed' | 'cancelled' | 'unassigned';

export function displayStage(state: LifecycleState): DisplayStage {
  if (state.status !== 'open') return state.status;
  const current = currentStage(state);
  if (!current) return 'completed';
  if (current.status === 'pending') return 'execution';
  if (current.kind === 'nomination' && current.status === 'submitted') return 'decision';
  return current.kind;
}

/** The stage a person sees: the latest opened and not accepted, else the next to open; none once all are accepted. */
export function currentStage(state: LifecycleState): StageState | undefined {
  if (state.status !== 'open') return undefined;
  return state.stages.findLast((stage) => stage.status !== 'pending' && stage.status !== 'accepted') ?? state.stages.find((stage) => stage.status === 'pending');
}

/** The plan this unit issued to carry the parent plan down (its derived-plan submission), if any. */
export const derivedPlanOf = (state: LifecycleState): string | undefined => {
  const submission = state.stages.find((stage) => stage.kind === 'derived-plan')?.submission;
  return submission?.kind === 'derived-plan' ? submission.derivedPlanId : undefined;
};

/** The unit is overdue while any stage's deadline has passed without a submission. */
export const isOverdue = (state: LifecycleState) => state.stages.some((stage) => stage.overdue);

const LEVELS: EscalationLevel[] = ['unit', 'head', 'board'];
const byDue = (a: StageSpec, b: StageSpec) => Date.parse(a.dueAt) - Date.parse(b.dueAt);
const awaitingUnit = (stage: StageState) => stage.status === 'open' || stage.status === 'returned';

function stageOf(state: LifecycleState, stageId: string): StageState {
  const stage = state.stages.find((s) => s.id === stageId);
  if (!stage) throw new DomainError('UNKNOWN_STAGE', `This task has no stage "${stageId}"; its stages are ${state.stages.map((s) => s.id).join(', ')}`);
  return stage;
}

function describe(stage: StageState): string {
  const names: Record<StageKind, string> = {
    'derived-plan': 'The derived plan',
    registration: 'The registration',
    'interim-review': `The interim report${stage.phase ? ` for ${stage.phase}` : ''}`,
    'final-review': 'The final report',
    nomination: 'The nomination',
  };
  return names[stage.kind];
}

function requireReason(reason: string | undefined, what: string): string {
  if (!reason?.trim()) throw new DomainError('REASON_REQUIRED', `${what} needs a reason that the unit can act on`);
  return reason.trim();
}

/**
 * A submission as the record will keep it. The API checks the same shapes first; this is the last word, for whatever
 * reaches the workflow, so each value is checked for its type before it is read.
 */
function checkPayload(payload: SubmissionPayload): void {
  const refuse = (message: string): never => {
    throw new DomainError('INVALID_SUBMISSION', message);
  };
  const isRecipientKind = (value: unknown) => value === 'individual' || value === 'collective';
  switch (payload.kind) {
    case 'derived-plan':
      if (!isText(payload.derivedPlanId)) refuse('derivedPlanId is required');
      return;
    case 'registration':
      if (!Array.isArray(payload.titles) || payload.titles.length === 0) refuse('titles must name at least one title the unit aims for');
      payload.titles.forEach((title, i) => {
        if (!isObject(title)) refuse(`titles[${i}] must be an object`);
        if (!isAwardCode(title.award)) refuse(`titles[${i}].award must be a known award code`);
        if (!isRecipientKind(title.recipientKind)) refuse(`titles[${i}].recipientKind must be "individual" or "collective"`);
        if (title.name !== undefined && !isText(title.name)) refuse(`titles[${i}].name must be text when given`);
      });
      return;
    case 'report':
      if (!isText(payload.summary)) refuse('summary must not be empty');
      return;
    case 'nomination':
      if (!Array.isArray(payload.nominees) || payload.nominees.length === 0) refuse('nominees must name at least one collective or individual');
      payload.nominees.forEach((n, i) => {
        if (!isObject(n)) refuse(`nominees[${i}] must be an object`);
        if (!isRecipientKind(n.nomineeKind)) refuse(`nominees[${i}].nomineeKind must be "individual" or "collective"`);
        if (!isAwardCode(n.award)) refuse(`nominees[${i}].award must be a known award code`);
        if (!isText(n.name)) refuse(`nominees[${i}].name must not be empty`);
        if (!isText(n.achievement)) refuse(`nominees[${i}].achievement must summarise the achievement`);
      });
      return;
    default:
      refuse('the submission is of no known kind');
  }
}

/** When the workflow acts on its own: reminders N days before a deadline, the escalation ladder N days after (the plan's settings). */
export interface TimerPolicy {
  reminders: readonly number[];
  escalation: Escalation;
}

export const DEFAULT_TIMER_POLICY: TimerPolicy = { reminders: DEFAULT_REMINDERS, escalation: DEFAULT_ESCALATION };

/** Every timed command the task still expects, with its instant; the workflow sleeps until the earliest. */
export function scheduledCommands(state: LifecycleState, policy: TimerPolicy): Array<{ at: number; command: LifecycleCommand }> {
  if (state.status !== 'open') return [];
  return state.stages.flatMap((stage): Array<{ at: number; command: LifecycleCommand }> => {
    if (stage.status === 'pending') return [{ at: Date.parse(stage.opensAt), command: { type: 'OpenStage', data: { stageId: stage.id, now: '' } } }];
    if (!awaitingUnit(stage)) return [];
    const reached = stage.escalation ? LEVELS.indexOf(stage.escalation) : -1;
    // Reminders fall between the stage's opening and its deadline; once it is overdue only the ladder remains.
    return deadlineSchedule(stage.dueAt, { ...policy, now: stage.opensAt }).flatMap((point): Array<{ at: number; command: LifecycleCommand }> => {
      const at = Date.parse(point.at);
      const stageId = stage.id;
      if (point.kind === 'reminder') {
        const daysBefore = -point.offsetDays;
        return stage.overdue || stage.remindersSent.includes(daysBefore) ? [] : [{ at, command: { type: 'Remind', data: { stageId, daysBefore, now: '' } } }];
      }
      return LEVELS.indexOf(point.level!) > reached ? [{ at, command: { type: 'Escalate', data: { stageId, level: point.level!, now: '' } } }] : [];
    });
  });
}

/**
 * Decides every timed command due at `now`, until none is left: opening a stage at an instant can make a
 * reminder due at that same instant. A due command that decides nothing (a reminder whose deadline has passed
 * meanwhile, e.g. after an outage) is passed over, so it never holds back the escalation ladder behind it.
 */
export function decideDue(state: LifecycleState, policy: TimerPolicy, now: number): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  for (let round = 0; round < 100; round++) {
    const due = scheduledCommands(state, policy)
      .filter(({ at }) => at <= now)
      .sort((a, b) => a.at - b.at)
      .map(({ command }) => ({ ...command, data: { ...command.data, now: new Date(now).toISOString() } }) as LifecycleCommand);
    const decided = due.map((command) => decideLifecycle(command, state)).find((result) => result.length > 0);
    if (!decided) return events;
    events.push(...decided);
    state = decided.reduce(evolveLifecycle, state);
  }
  throw new Error('timed commands did not settle');
}

/** The next instant after `now` at which a timed command falls due, if any. */
export function nextWakeUp(state: LifecycleState, policy: TimerPolicy, now: number): number | undefined {
  const future = scheduledCommands(state, policy).map(({ at }) => at).filter((at) => at > now);
  return future.length > 0 ? Math.min(...future) : undefined;
}
