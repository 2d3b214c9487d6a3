// Server output on the Node adapter (standalone: `node dist/server/entry.mjs`
// serves the app and its static files, on PORT and HOST). Every page is rendered
// on demand unless it says `export const prerender = true` (src/pages/about.astro).
import node from '@astrojs/node';
import intercomIdentity from '@intercom-identity/astro';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Astro inlines small scripts into the page, where they would need the nonce of the CSP that
  // src/middleware.ts sends (Astro cannot give them one); as files, 'self' allows them.
  vite: { build: { assetsInlineLimit: 0 } },
  // Signs the boot for context.locals.user (set in src/middleware.ts) into the head of each page rendered on
  // demand, with the nonce of context.locals.cspNonce; adds the proof endpoint /api/intercom-identity; and
  // keeps the Messenger in step with view transitions.
  integrations: [intercomIdentity()],
});
