// What clients (the API) import: message definitions and ids, without the workflow implementations.
export * from './messages.js';
