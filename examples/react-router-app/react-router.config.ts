import type { Config } from '@react-router/dev/config';

export default {
  // Every page is rendered on the server per request: it carries the proof of the user who asked for it.
  // Nothing is prerendered (no `prerender` here), so no page with one person's proof is built ahead of time.
  ssr: true,
} satisfies Config;
