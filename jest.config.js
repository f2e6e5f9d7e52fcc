// Jest runs in ESM mode because NestJS 12 is ESM-only (see README, "Why these versions").
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^#workflows$': '<rootDir>/workflows/client.ts',
    '^#(config|documents|domain|event-store|persistence|temporal)$': '<rootDir>/libs/$1/src/index.ts',
    // Development entries (embedded PostgreSQL, demo data, the Temporal dev and test servers): see libs/*/src/dev.
    '^#(persistence|temporal)/dev$': '<rootDir>/libs/$1/src/dev/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // Corpus tests read a folder outside the repository: npm run test:corpus -- DIR (jest.corpus.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '\\.corpus\\.spec\\.ts$'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
