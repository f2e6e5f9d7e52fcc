export * from './data-source.js';
export * from './event-store.factory.js';
export * from './read-models/index.js';
export * from './persistence.module.js';
export * from './units/index.js';
export * from './audit/index.js';
