import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'astro',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // One real `astro build` of the fixture app, shared by the files that check its output.
    hookTimeout: 180_000,
  },
});
