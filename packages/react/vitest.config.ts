import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'react',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    environmentOptions: {
      // The Messenger's script is never fetched: the tests say when it has "loaded".
      happyDOM: { settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } },
    },
    testTimeout: 30_000,
  },
});
