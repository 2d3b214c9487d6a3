import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      compilerOptions: {
        // Force runes mode for the project, except for libraries. Can be removed in svelte 6.
        runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
      },
      adapter: adapter(),
      // A per-response nonce on SvelteKit's scripts, which the Intercom boot script
      // carries too and passes on to the Messenger's script ('strict-dynamic').
      // Report-only, so the demo cannot break a Messenger loaded from elsewhere:
      // violations go to /csp-report and the browser console. Once the policy
      // covers every script of your site, move it to `directives` to enforce it.
      csp: {
        mode: 'nonce',
        reportOnly: {
          'script-src': ['self', 'strict-dynamic'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'report-uri': ['/csp-report'],
        },
      },
    }),
  ],
});
