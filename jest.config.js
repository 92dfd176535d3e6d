/** Test tiers by suffix (see docs/testing.md): *.spec.ts unit, *.int-spec.ts integration, *.e2e-spec.ts end to end, *.soak-spec.ts soak. */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
};
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

const { availableParallelism } = require('node:os');

module.exports = {
  testTimeout: 60000,
  // Jest's default (one worker fewer than the cores) is a single worker on a 2-core machine: the soak test, which mostly
  // waits between prints for 3.5 minutes, and the suites waiting on MariaDB or Chromium would hold everything else.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'soak',
      testMatch: ['<rootDir>/test/**/*.soak-spec.ts'],
    },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
