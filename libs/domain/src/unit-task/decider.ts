import type { Decider } from '../decider.js';
import type { UnitTaskCommand } from './commands.js';
import { decide } from './decide.js';
import type { UnitTaskEvent } from './events.js';
import { evolve } from './evolve.js';
import type { UnitTaskState } from './types.js';

/** A recipient unit's task in a plan; its stream is `plan:<planId>:unit:<unitCode>`, written by its workflow only. */
export const unitTaskDecider: Decider<UnitTaskState, UnitTaskCommand, UnitTaskEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unassigned' }),
};
