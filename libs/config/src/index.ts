export * from './config.js';
export * from './ports.js';
export * from './temporal-cli.js';
