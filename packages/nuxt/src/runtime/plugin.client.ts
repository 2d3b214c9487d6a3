// Keeps the Messenger in step with the single-page app: an update after each
// client-side navigation, and in JWT mode a fresh token before it expires.
import { createMessengerSync } from '@intercom-identity/core/client';
import { defineNuxtPlugin, useRouter, useRuntimeConfig } from '#app';

export default defineNuxtPlugin({
  name: 'intercom-identity',
  setup() {
    const route = (useRuntimeConfig().public.intercomIdentity as { route?: string | false } | undefined)?.route;
    const intercomIdentity = createMessengerSync(typeof route === 'string' && route !== '' ? { refreshUrl: route } : {});
    useRouter().afterEach((to, from, failure) => {
      // The first navigation is the page the server rendered; it has booted already.
      if (failure || from.matched.length === 0 || to.fullPath === from.fullPath) return;
      intercomIdentity.navigate();
    });
    return { provide: { intercomIdentity } };
  },
});
