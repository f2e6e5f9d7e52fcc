export * from './data-source.js';
export * from './demo-data.js';
export * from './embedded-postgres.js';
export * from './event-store.factory.js';
export * from './read-models/index.js';
export * from './persistence.module.js';
export * from './units/index.js';
export * from './demo-plan.js';
