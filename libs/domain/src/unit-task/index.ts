export * from './commands.js';
export { unitTaskDecider } from './decider.js';
export * from './display.js';
export * from './events.js';
export * from './stages.js';
export * from './timers.js';
export * from './types.js';
