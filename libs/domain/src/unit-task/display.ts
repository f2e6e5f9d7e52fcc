import type { StageKind, StageState, UnitTaskState } from './types.js';

/**
 * What a person sees as the unit's stage: the latest opened stage not yet accepted (a missed earlier stage
 * stays visible through its overdue flag, not by holding the unit back), else `execution` until the next opens.
 */
export type DisplayStage = StageKind | 'execution' | 'decision' | 'completed' | 'closed' | 'cancelled' | 'unassigned';

export function displayStage(state: UnitTaskState): DisplayStage {
  if (state.status !== 'open') return state.status;
  const current = currentStage(state);
  if (!current) return 'completed';
  if (current.status === 'pending') return 'execution';
  if (current.kind === 'nomination' && current.status === 'submitted') return 'decision';
  return current.kind;
}

/** The stage a person sees: the latest opened and not accepted, else the next to open; none once all are accepted. */
export function currentStage(state: UnitTaskState): StageState | undefined {
  if (state.status !== 'open') return undefined;
  return (
    state.stages.findLast((stage) => stage.status !== 'pending' && stage.status !== 'accepted') ??
    state.stages.find((stage) => stage.status === 'pending')
  );
}

/** The plan this unit issued to carry the parent plan down (its derived-plan submission), if any. */
export const derivedPlanOf = (state: UnitTaskState): string | undefined => {
  if (state.status === 'unassigned') return undefined;
  const submission = state.stages.find((stage) => stage.kind === 'derived-plan')?.submission;
  return submission?.kind === 'derived-plan' ? submission.derivedPlanId : undefined;
};

/** The unit is overdue while any stage's deadline has passed without a submission. */
export const isOverdue = (state: UnitTaskState) => state.status !== 'unassigned' && state.stages.some((stage) => stage.overdue);

/** The task's stages; none before it is assigned. */
export const stagesOf = (state: UnitTaskState): readonly StageState[] => (state.status === 'unassigned' ? [] : state.stages);
