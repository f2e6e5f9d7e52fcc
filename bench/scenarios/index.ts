import type { Scenario } from '../harness.js';
import { apiScenario } from './api.js';
import { appendScenario } from './append.js';
import { cascadeScenario } from './cascade.js';
import { historyScenario } from './history.js';
import { verificationScenario } from './verification.js';

/** Every scenario, in the order `npm run bench` runs them. */
export const scenarios: readonly Scenario[] = [appendScenario, cascadeScenario, historyScenario, apiScenario, verificationScenario];
