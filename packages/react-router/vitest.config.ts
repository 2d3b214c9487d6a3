import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'react-router',
    include: ['test/**/*.test.{ts,tsx}'],
    // The component tests choose happy-dom in their first line; the server tests run on Node.
    environment: 'node',
    environmentOptions: {
      // The Messenger's script is never fetched: the tests check what the page asks for.
      happyDOM: { settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } },
    },
    testTimeout: 30_000,
  },
});
