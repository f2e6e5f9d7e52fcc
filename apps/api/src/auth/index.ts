export * from './auth.config.js';
export * from './auth.guard.js';
export * from './auth.module.js';
export * from './auth.types.js';
export * from './decorators.js';
export * from './scope.rules.js';
export * from './scope.service.js';
export * from './token.service.js';
