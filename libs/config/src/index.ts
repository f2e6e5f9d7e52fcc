export * from './config.js';
export * from './ports.js';
