export * from './bundle.js';
export * from './client.module.js';
export * from './connection.js';
export * from './runtime.js';
