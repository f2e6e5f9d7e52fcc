// What clients (the API, the worker's activities) import: message definitions, activity contracts and workflow types,
// without running workflow code.
export * from './messages.js';
export type * from './activities.js';
export type { planWorkflow } from './plan.workflow.js';
export type { unitTaskWorkflow } from './unit-task.workflow.js';
export type { checkpointWorkflow } from './checkpoint.workflow.js';
