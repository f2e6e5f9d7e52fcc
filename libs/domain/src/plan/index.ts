export * from './decider.js';
export * from './derived.js';
export * from './draft.js';
export * from './events.js';
export * from './launch.js';
export * from './validation.js';
