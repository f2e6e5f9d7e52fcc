// The worker's workflow bundle entry point: every workflow type the worker serves, under its Temporal type name.
export { planWorkflow } from './plan.workflow.js';
export { unitTaskWorkflow as unitLifecycleWorkflow } from './unit-task.workflow.js';
export { checkpointWorkflow } from './checkpoint.workflow.js';
