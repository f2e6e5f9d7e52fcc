// `#temporal/dev`: the Temporal servers a developer's machine runs (the dev server of the start command, the tests and
// the bench; the time-skipping test server), kept out of `#temporal`, which the API and the worker import.
export * from './server.js';
export * from './test-server.js';
