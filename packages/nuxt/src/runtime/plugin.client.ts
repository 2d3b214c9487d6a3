// Keeps the Messenger in step with the single-page app: an update after
// client-side navigation (the core's sync spaces them within Intercom's update
// budget), and in JWT mode a fresh token before it expires.
import { createIntercomSync } from '@intercom-identity/core/client';
import { defineNuxtPlugin, useRouter, useRuntimeConfig } from '#app';

export default defineNuxtPlugin({
  name: 'intercom-identity',
  setup() {
    const route = (useRuntimeConfig().public.intercomIdentity as { route?: string | false } | undefined)?.route;
    // Without a proof endpoint (route: false) there is nothing to refresh from; the default URL then answers 404.
    const intercomSync = createIntercomSync({ refreshUrl: (typeof route === 'string' && route) || undefined });
    useRouter().afterEach((to, from, failure) => {
      // The first navigation is the page the server rendered; it has booted already.
      if (failure || from.matched.length === 0 || to.fullPath === from.fullPath) return;
      intercomSync.navigate();
    });
    return { provide: { intercomSync } };
  },
});
