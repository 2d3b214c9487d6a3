import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e-starters',
    include: ['*.test.ts'],
    globalSetup: ['../support/fresh-setup.ts'],
    // Each file installs and builds an app with npm: one at a time on two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    // The suite's beforeAll installs, builds and starts the app.
    hookTimeout: 900_000,
  },
});
