import { isAwardCode } from '../awards.js';
import { formatVietnamDateTime } from '../calendar.js';
import { ESCALATION_LEVELS, extendDeadline } from '../deadline-schedule.js';
import { DomainError } from '../errors.js';
import { isObject, isText } from '../values.js';
import type { UnitTaskCommand } from './commands.js';
import type { UnitTaskEvent } from './events.js';
import type { AssignedUnitTask, NomineeRoute, StageKind, StageSpec, StageState, SubmissionPayload, UnitTaskState } from './types.js';

const SUBMISSION_KIND: Record<StageKind, SubmissionPayload['kind']> = {
  'derived-plan': 'derived-plan',
  registration: 'registration',
  'interim-review': 'report',
  'final-review': 'report',
  nomination: 'nomination',
};

/**
 * With `checks` 'new-input' (the default) an extension is held to the product's bounds, and a submission to its shape and
 * to one derived plan per task; a workflow handler passes 'recorded' (see Checks), its update validator, or the plan's
 * for an extension for all, having applied them.
 */
export function decide(command: UnitTaskCommand, state: UnitTaskState): UnitTaskEvent[] {
  const { now, checks = 'new-input' } = command.metadata;
  if (command.type === 'Assign') {
    if (state.status !== 'unassigned') return []; // a replayed assignment changes nothing
    const { data } = command;
    return [{ type: 'TaskAssigned', data: { ...data, stages: [...data.stages].sort(byDue), assignedAt: now } }];
  }
  if (state.status === 'unassigned') throw new DomainError('TASK_NOT_ASSIGNED', 'This task has not been assigned yet; try again shortly');
  if (state.status !== 'open') {
    if (command.type === 'Close' || command.type === 'Cancel') return []; // closing twice is harmless
    throw new DomainError('TASK_NOT_OPEN', `This task is ${state.status}; nothing can be changed`);
  }

  switch (command.type) {
    case 'OpenStage': {
      const stage = stageOf(state, command.data.stageId);
      return stage.status === 'pending' ? [{ type: 'StageOpened', data: { stageId: stage.id, openedAt: now } }] : [];
    }
    case 'Submit': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status === 'pending') {
        throw new DomainError(
          'STAGE_NOT_OPEN',
          `${describe(stage)} opens on ${formatVietnamDateTime(stage.opensAt)}; it cannot be submitted yet`,
        );
      }
      // A task carries its plan down exactly once: after a return, only the same derived plan comes back. Like the
      // payload's shape below, a rule of issue 14 for new submissions: one accepted before it replays as it was.
      const { payload } = command.data;
      const recorded = stage.submission?.kind === 'derived-plan' ? stage.submission.derivedPlanId : undefined;
      if (checks === 'new-input' && payload.kind === 'derived-plan' && recorded !== undefined && recorded !== payload.derivedPlanId) {
        throw new DomainError(
          'DERIVED_PLAN_EXISTS',
          `Unit ${state.unitCode} already submitted derived plan ${recorded} for this task; resubmit that plan (amend it) rather than launch another`,
        );
      }
      if (stage.status === 'submitted')
        throw new DomainError('AWAITING_DECISION', `${describe(stage)} was submitted and awaits the issuer's decision`);
      if (stage.status === 'accepted')
        throw new DomainError('ALREADY_ACCEPTED', `${describe(stage)} was already accepted; nothing was recorded`);
      if (payload.kind !== SUBMISSION_KIND[stage.kind]) {
        throw new DomainError(
          'WRONG_SUBMISSION',
          `${describe(stage)} takes a ${SUBMISSION_KIND[stage.kind]} submission, not a ${payload.kind}`,
        );
      }
      if (checks === 'new-input') checkPayload(payload);
      const late = Date.parse(now) >= Date.parse(stage.dueAt);
      if (payload.kind !== 'nomination') return [{ type: 'SubmissionMade', data: { stageId: stage.id, payload, submittedAt: now, late } }];
      const assessments = command.data.assessments ?? [];
      if (assessments.length !== payload.nominees.length) throw new Error('every nominee needs an assessment');
      const routes = assessments.flatMap((a) => ('route' in a ? [a.route] : []));
      const problems = assessments.flatMap((a) => ('error' in a ? [a.error] : []));
      if (problems.length > 0) throw new DomainError('NOMINATION_REFUSED', problems.join('; '));
      return [{ type: 'SubmissionMade', data: { stageId: stage.id, payload, routes, submittedAt: now, late } }];
    }
    case 'Decide': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status !== 'submitted')
        throw new DomainError('NOTHING_TO_DECIDE', `${describe(stage)} has no submission awaiting a decision`);
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
      if (nominee.decision)
        throw new DomainError('ALREADY_DECIDED', `Nominee ${command.data.index + 1} (${nominee.name}) was already ${nominee.decision}`);
      const reason =
        command.data.decision === 'approved'
          ? command.data.reason
          : requireReason(command.data.reason, `A ${command.data.decision} nominee`);
      const decided: UnitTaskEvent = {
        type: 'NomineeDecided',
        data: {
          stageId: stage.id,
          index: command.data.index,
          decision: command.data.decision,
          ...(reason ? { reason } : {}),
          decidedAt: now,
        },
      };
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
        throw new DomainError(
          'UNDECIDED_NOMINEES',
          undecided >= 0
            ? `Nominee ${undecided + 1} (${nominees[undecided]?.name ?? ''}) has no decision yet`
            : `${describe(stage)} has no nominations to confer`,
        );
      }
      const approved = (route: NomineeRoute) => nominees.flatMap((n, i) => (n.decision === 'approved' && n.route === route ? [i] : []));
      const events: UnitTaskEvent[] = [];
      if (approved('decide-here').length > 0) {
        events.push({
          type: 'AwardsConferred',
          data: {
            stageId: stage.id,
            indexes: approved('decide-here'),
            ...(command.data.reference ? { reference: command.data.reference } : {}),
            conferredAt: now,
          },
        });
      }
      // Above the issuer's authority: the parent level decides (as the issuer's own nomination), or the central level beyond the province.
      const upward = [...approved('forward'), ...approved('central')];
      if (upward.length > 0) {
        events.push({
          type: 'NominationsForwarded',
          data: { stageId: stage.id, indexes: upward, to: command.data.hasParentLevel ? 'parent' : 'central', forwardedAt: now },
        });
      }
      events.push({ type: 'SubmissionAccepted', data: { stageId: stage.id, acceptedAt: now } });
      return events;
    }
    case 'Remind': {
      const stage = stageOf(state, command.data.stageId);
      if (!awaitingUnit(stage) || stage.remindersSent.includes(command.data.daysBefore) || Date.parse(now) >= Date.parse(stage.dueAt))
        return [];
      return [{ type: 'ReminderSent', data: { stageId: stage.id, dueAt: stage.dueAt, daysBefore: command.data.daysBefore, sentAt: now } }];
    }
    case 'Escalate': {
      const stage = stageOf(state, command.data.stageId);
      if (!awaitingUnit(stage) || Date.parse(now) < Date.parse(stage.dueAt)) return [];
      const events: UnitTaskEvent[] = [];
      if (!stage.overdue) events.push({ type: 'DeadlineMissed', data: { stageId: stage.id, dueAt: stage.dueAt, detectedAt: now } });
      if (ESCALATION_LEVELS.indexOf(command.data.level) > (stage.escalation ? ESCALATION_LEVELS.indexOf(stage.escalation) : -1)) {
        events.push({ type: 'Escalated', data: { stageId: stage.id, level: command.data.level, escalatedAt: now } });
      }
      return events;
    }
    case 'Extend': {
      const stage = stageOf(state, command.data.stageId);
      if (stage.status === 'accepted')
        throw new DomainError('ALREADY_ACCEPTED', `${describe(stage)} was already accepted; its deadline cannot change`);
      const { previous, deadline, reason } = extendDeadline(stage.dueAt, command.data.dueAt, command.data.reason, { now, checks });
      return [{ type: 'DeadlineExtended', data: { stageId: stage.id, from: previous, to: deadline, reason, extendedAt: now } }];
    }
    case 'ReceiveAmendment':
      return [
        {
          type: 'PlanAmendmentReceived',
          data: {
            reason: requireReason(command.data.reason, 'An amendment'),
            ...(command.data.quotas ? { quotas: command.data.quotas } : {}),
            receivedAt: now,
          },
        },
      ];
    case 'ReceiveNominations': {
      const stage = state.stages.find((s) => s.kind === 'nomination');
      if (!stage)
        throw new DomainError(
          'NO_NOMINATION_STAGE',
          `Unit ${state.unitCode}'s task has no nomination stage to receive forwarded nominations`,
        );
      return [
        {
          type: 'NominationsReceived',
          data: { stageId: stage.id, fromUnit: command.data.fromUnit, nominees: command.data.nominees, receivedAt: now },
        },
      ];
    }
    case 'Close':
      return [{ type: 'TaskClosed', data: { closedAt: now } }];
    case 'Cancel':
      return [{ type: 'TaskCancelled', data: { reason: requireReason(command.data.reason, 'A cancellation'), cancelledAt: now } }];
  }
}

const byDue = (a: StageSpec, b: StageSpec) => Date.parse(a.dueAt) - Date.parse(b.dueAt);
export const awaitingUnit = (stage: StageState) => stage.status === 'open' || stage.status === 'returned';

function stageOf(state: AssignedUnitTask, stageId: string): StageState {
  const stage = state.stages.find((s) => s.id === stageId);
  if (!stage)
    throw new DomainError(
      'UNKNOWN_STAGE',
      `This task has no stage "${stageId}"; its stages are ${state.stages.map((s) => s.id).join(', ')}`,
    );
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
      if (!Array.isArray(payload.nominees) || payload.nominees.length === 0)
        refuse('nominees must name at least one collective or individual');
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
