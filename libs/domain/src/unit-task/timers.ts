import type { CommandData, CommandMetadata } from '../decider.js';
import { DEFAULT_ESCALATION, DEFAULT_REMINDERS, deadlineSchedule, ESCALATION_LEVELS } from '../deadline-schedule.js';
import type { UnitTaskCommand } from './commands.js';
import { awaitingUnit, decide } from './decide.js';
import type { UnitTaskEvent } from './events.js';
import { evolve } from './evolve.js';
import type { TimerPolicy, UnitTaskState } from './types.js';

/** Who acts when the task's workflow acts on its own: its assignment, and every timer. */
export const WORKFLOW_ACTOR = 'system:workflow';

/** A command the task's timers will decide, at the instant `at`. */
export interface TimedCommand {
  at: number;
  command: CommandData<Extract<UnitTaskCommand, { type: 'OpenStage' | 'Remind' | 'Escalate' }>>;
}

export const DEFAULT_TIMER_POLICY: TimerPolicy = { reminders: DEFAULT_REMINDERS, escalation: DEFAULT_ESCALATION };

/** Every timed command the task still expects, with its instant; the workflow sleeps until the earliest. */
export function scheduledCommands(state: UnitTaskState, policy: TimerPolicy): TimedCommand[] {
  if (state.status !== 'open') return [];
  return state.stages.flatMap((stage): TimedCommand[] => {
    if (stage.status === 'pending') return [{ at: Date.parse(stage.opensAt), command: { type: 'OpenStage', data: { stageId: stage.id } } }];
    if (!awaitingUnit(stage)) return [];
    const reached = stage.escalation ? ESCALATION_LEVELS.indexOf(stage.escalation) : -1;
    // Reminders fall between the stage's opening and its deadline; once it is overdue only the ladder remains.
    return deadlineSchedule(stage.dueAt, { ...policy, now: stage.opensAt }).flatMap((point): TimedCommand[] => {
      const at = Date.parse(point.at);
      const stageId = stage.id;
      if (point.kind === 'reminder') {
        const daysBefore = -point.offsetDays;
        return stage.overdue || stage.remindersSent.includes(daysBefore)
          ? []
          : [{ at, command: { type: 'Remind', data: { stageId, daysBefore } } }];
      }
      return ESCALATION_LEVELS.indexOf(point.level) > reached
        ? [{ at, command: { type: 'Escalate', data: { stageId, level: point.level } } }]
        : [];
    });
  });
}

/**
 * Decides every timed command due at `now`, until none is left: opening a stage at an instant can make a
 * reminder due at that same instant. A due command that decides nothing (a reminder whose deadline has passed
 * meanwhile, e.g. after an outage) is passed over, so it never holds back the escalation ladder behind it.
 */
export function decideDue(state: UnitTaskState, policy: TimerPolicy, now: number): UnitTaskEvent[] {
  const events: UnitTaskEvent[] = [];
  const metadata: CommandMetadata = { now: new Date(now).toISOString(), actor: WORKFLOW_ACTOR };
  for (let round = 0; round < 100; round++) {
    const due = scheduledCommands(state, policy)
      .filter(({ at }) => at <= now)
      .sort((a, b) => a.at - b.at)
      .map(({ command }): UnitTaskCommand => ({ ...command, metadata }));
    const decided = due.map((command) => decide(command, state)).find((result) => result.length > 0);
    if (!decided) return events;
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  throw new Error('timed commands did not settle');
}

/** The next instant after `now` at which a timed command falls due, if any. */
export function nextWakeUp(state: UnitTaskState, policy: TimerPolicy, now: number): number | undefined {
  const future = scheduledCommands(state, policy)
    .map(({ at }) => at)
    .filter((at) => at > now);
  return future.length > 0 ? Math.min(...future) : undefined;
}
