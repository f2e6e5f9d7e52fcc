import type { UnitTaskEvent } from './events.js';
import type { NomineeRoute, StageSpec, StageState, StageStatus, UnitTaskState } from './types.js';

/** An event other than TaskAssigned, folded into an unassigned task, leaves it as it is: it cannot be in a valid stream. */
export function evolve(state: UnitTaskState, event: UnitTaskEvent): UnitTaskState {
  if (event.type === 'TaskAssigned') {
    const { planId, unitCode, issuerUnit, rules, stages, assignedAt } = event.data;
    const opened = (spec: StageSpec): StageStatus => (Date.parse(spec.opensAt) <= Date.parse(assignedAt) ? 'open' : 'pending');
    // Keys in the order earlier releases wrote them: API answers and read-model rows stay byte for byte the same.
    return {
      status: 'open',
      stages: stages.map((spec) => ({ ...spec, status: opened(spec), overdue: false, remindersSent: [] })),
      amendments: [],
      planId,
      unitCode,
      issuerUnit,
      rules,
    };
  }
  if (state.status === 'unassigned') return state;
  const update = (stageId: string, change: (stage: StageState) => Partial<StageState>): UnitTaskState => ({
    ...state,
    stages: state.stages.map((stage) => (stage.id === stageId ? { ...stage, ...change(stage) } : stage)),
  });
  switch (event.type) {
    case 'PlanAmendmentReceived':
      return {
        ...state,
        amendments: [...state.amendments, event.data.reason],
        ...(event.data.quotas ? { rules: { ...state.rules, quotas: event.data.quotas } } : {}),
      };
    case 'StageOpened':
      return update(event.data.stageId, () => ({ status: 'open' }));
    case 'SubmissionMade': {
      const { data } = event;
      // A late submission ends the overdue state; that it was late stays recorded (`late`).
      return update(data.stageId, () => ({
        status: 'submitted',
        overdue: false,
        submission: data.payload,
        submittedAt: data.submittedAt,
        late: data.late,
        returnReason: undefined,
        ...('routes' in data ? { nominees: data.payload.nominees.map((n, i) => ({ ...n, route: routeAt(data.routes, i) })) } : {}),
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
        nominees: (stage.nominees ?? []).map((n, i) =>
          i === event.data.index ? { ...n, decision: event.data.decision, reason: event.data.reason } : n,
        ),
      }));
    case 'AwardsConferred':
      return update(event.data.stageId, (stage) => ({
        nominees: (stage.nominees ?? []).map((n, i) => (event.data.indexes.includes(i) ? { ...n, conferred: true } : n)),
      }));
    case 'NominationsForwarded':
      return update(event.data.stageId, (stage) => ({
        nominees: (stage.nominees ?? []).map((n, i) => (event.data.indexes.includes(i) ? { ...n, forwarded: true } : n)),
      }));
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

/** A recorded nomination has a route per nominee (decide.ts); a shorter list cannot be in a valid stream. */
function routeAt(routes: NomineeRoute[], index: number): NomineeRoute {
  const route = routes[index];
  if (route === undefined) throw new Error(`SubmissionMade has no route for nominee ${index + 1}`);
  return route;
}
