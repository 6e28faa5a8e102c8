/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testTimeout: 120000,
  // jest's default on 2 cores is a single worker. The slow tiers mostly wait on child processes
  // (terraform, moto, chromium, tsc), so three workers keep both cores busy.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
