import type { Scenario } from '../harness.js';
import { verificationScenario } from './verification.js';

/** Every scenario, in the order `npm run bench` runs them. */
export const scenarios: readonly Scenario[] = [verificationScenario];
