// The worker's workflow bundle entry point: every workflow type the worker serves.
export { planWorkflow } from './plan.workflow.js';
export { unitLifecycleWorkflow } from './unit-lifecycle.workflow.js';
export { checkpointWorkflow } from './checkpoint.workflow.js';
