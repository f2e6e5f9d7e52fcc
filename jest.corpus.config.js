// `npm run test:corpus -- DIR`: the *.corpus.spec.ts files over a folder of real plan documents (CORPUS_DIR), which
// stays outside the repository. They need no database or Temporal server, so no global setup.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/**/*.corpus.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
