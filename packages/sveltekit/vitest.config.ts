import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

const stub = (file: string) => fileURLToPath(new URL(`./test/stubs/${file}`, import.meta.url));

export default defineProject({
  // Compiles the shipped component, so tests can mount it as an app would.
  plugins: [svelte()],
  resolve: {
    alias: {
      // SvelteKit provides these modules inside an app; unit tests provide stand-ins.
      '$app/env/private': stub('app-env-private.ts'),
      '$app/env': stub('app-env.ts'),
      '$app/navigation': stub('app-navigation.ts'),
      '$env/dynamic/private': stub('env-dynamic-private.ts'),
    },
  },
  test: {
    name: 'sveltekit',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
