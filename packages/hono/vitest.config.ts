import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'hono',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    // workerd starts once per file, from the binary in miniflare's package.
    hookTimeout: 120_000,
  },
});
