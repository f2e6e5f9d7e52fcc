// `#persistence/dev`: the embedded PostgreSQL and the demo data of the start command, the tests and the bench, kept
// out of `#persistence`, which the API and the worker import.
export * from './demo-data.js';
export * from './demo-plan.js';
export * from './embedded-postgres.js';
