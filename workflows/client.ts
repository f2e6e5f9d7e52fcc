// What clients (the API) import: message definitions and workflow types, without running workflow code.
export * from './messages.js';
export type { planWorkflow } from './plan.workflow.js';
export type { unitLifecycleWorkflow } from './unit-lifecycle.workflow.js';
export type { checkpointWorkflow } from './checkpoint.workflow.js';
