import { formatVietnamDateTime } from './calendar.js';
import { DomainError } from './errors.js';
import type { UnitTaskEvent } from './events.js';

/** A recipient unit's task in a plan: assigned at launch, acknowledged by the unit, missed if the deadline passes first. */
export type UnitTaskStatus = 'unassigned' | 'assigned' | 'acknowledged';

export interface UnitTaskState {
  status: UnitTaskStatus;
  planId?: string;
  unitCode?: string;
  dueAt?: string;
  overdue: boolean;
  acknowledgedAt?: string;
  late?: boolean;
}

export type AssignTask = { type: 'AssignTask'; data: { planId: string; unitCode: string; dueAt: string; now: string } };
export type AcknowledgeTask = { type: 'AcknowledgeTask'; data: { now: string } };
export type DetectMissedDeadline = { type: 'DetectMissedDeadline'; data: { now: string } };
export type UnitTaskCommand = AssignTask | AcknowledgeTask | DetectMissedDeadline;

export const initialUnitTaskState = (): UnitTaskState => ({ status: 'unassigned', overdue: false });

export function decideUnitTask(command: UnitTaskCommand, state: UnitTaskState): UnitTaskEvent[] {
  switch (command.type) {
    case 'AssignTask':
      if (state.status !== 'unassigned') return []; // a replayed assignment changes nothing
      return [{ type: 'AcknowledgementRequested', data: { ...pick(command.data), assignedAt: command.data.now } }];
    case 'AcknowledgeTask': {
      const { planId, unitCode, dueAt } = assigned(state);
      if (state.status === 'acknowledged') {
        throw new DomainError(
          'TASK_ALREADY_ACKNOWLEDGED',
          `Unit ${unitCode} already acknowledged this task on ${formatVietnamDateTime(state.acknowledgedAt!)} (Vietnam time); nothing was recorded`,
        );
      }
      const late = Date.parse(command.data.now) >= Date.parse(dueAt);
      return [{ type: 'TaskAcknowledged', data: { planId, unitCode, acknowledgedAt: command.data.now, late } }];
    }
    case 'DetectMissedDeadline': {
      const { planId, unitCode, dueAt } = assigned(state);
      if (state.status === 'acknowledged' || state.overdue || Date.parse(command.data.now) < Date.parse(dueAt)) return [];
      return [{ type: 'TaskDeadlineMissed', data: { planId, unitCode, dueAt, detectedAt: command.data.now } }];
    }
  }
}

export function evolveUnitTask(state: UnitTaskState, event: UnitTaskEvent): UnitTaskState {
  switch (event.type) {
    case 'AcknowledgementRequested':
      return { ...state, status: 'assigned', planId: event.data.planId, unitCode: event.data.unitCode, dueAt: event.data.dueAt };
    case 'TaskAcknowledged':
      return { ...state, status: 'acknowledged', acknowledgedAt: event.data.acknowledgedAt, late: event.data.late };
    case 'TaskDeadlineMissed':
      return { ...state, overdue: true };
  }
}

function assigned(state: UnitTaskState): { planId: string; unitCode: string; dueAt: string } {
  if (state.status === 'unassigned') throw new DomainError('TASK_NOT_ASSIGNED', 'This task has not been assigned yet; try again shortly');
  return { planId: state.planId!, unitCode: state.unitCode!, dueAt: state.dueAt! };
}

const pick = ({ planId, unitCode, dueAt }: AssignTask['data']) => ({ planId, unitCode, dueAt });
