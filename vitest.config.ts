import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit projects of the packages; the example apps' e2e suites (current lane);
    // the oldest lane of the version matrix; fresh starter apps.
    projects: ['packages/*/vitest.config.ts', 'e2e', 'e2e/oldest', 'e2e/starters'],
  },
});
