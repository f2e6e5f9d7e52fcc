import { DomainError } from './errors.js';
import type { PlanCreated, PlanEvent, PlanLaunched } from './events.js';

export type PlanStatus = 'none' | 'draft' | 'launched';

export interface PlanState {
  status: PlanStatus;
  planId?: string;
  numberSymbol?: string;
  title?: string;
  issuingUnit?: string;
  recipients: string[];
  deadline?: string;
  launchedAt?: string;
}

export type CreatePlan = { type: 'CreatePlan'; data: PlanCreated['data'] };
export type LaunchPlan = { type: 'LaunchPlan'; data: { planId: string; now: string } };
export type PlanCommand = CreatePlan | LaunchPlan;

export const initialPlanState = (): PlanState => ({ status: 'none', recipients: [] });

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan': {
      if (state.status !== 'none') throw new DomainError('PLAN_EXISTS', `Plan ${command.data.planId} already exists`);
      const { recipients, issuingUnit } = command.data;
      if (new Set(recipients).size !== recipients.length) {
        throw new DomainError('DUPLICATE_RECIPIENT', 'Each recipient unit may appear only once');
      }
      if (recipients.includes(issuingUnit)) {
        throw new DomainError('ISSUER_IS_RECIPIENT', `The issuing unit ${issuingUnit} cannot be one of its own plan's recipients`);
      }
      return [{ type: 'PlanCreated', data: command.data }];
    }
    case 'LaunchPlan': {
      if (state.status === 'none') throw new DomainError('PLAN_NOT_FOUND', `Plan ${command.data.planId} does not exist`);
      if (state.status === 'launched') return []; // launching twice is harmless
      const launched: PlanLaunched = {
        type: 'PlanLaunched',
        data: { planId: command.data.planId, launchedAt: command.data.now, recipients: state.recipients },
      };
      return [launched];
    }
  }
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated':
      return { ...state, status: 'draft', ...event.data, recipients: [...event.data.recipients] };
    case 'PlanLaunched':
      return { ...state, status: 'launched', launchedAt: event.data.launchedAt };
  }
}
