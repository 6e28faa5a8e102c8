// The AWS SDK warns on Node 20 about its own future releases (as the verify bin, which sets the same, does):
// noise in the test log. Workers inherit this process's environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // Generous: under full-suite load a browser sweep takes ~2.5x its solo time; a timeout is not a finding.
  testTimeout: 300000,
  // jest's default on 2 cores is a single worker. The slow tiers mostly wait on child processes
  // (terraform, moto, chromium, tsc), so three workers keep both cores busy.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
