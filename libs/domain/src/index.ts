export * from './calendar.js';
export * from './errors.js';
export * from './events.js';
export * from './ids.js';
export * from './plan.js';
export * from './unit-task.js';
export * from './units.js';
export * from './unit-lifecycle.js';
