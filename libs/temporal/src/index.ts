export * from './bundle.js';
export * from './client.module.js';
export * from './server.js';
