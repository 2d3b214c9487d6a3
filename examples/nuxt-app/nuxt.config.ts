// The Intercom setup of this app is the module line: INTERCOM_APP_ID,
// INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID) are read where the server runs.
export default defineNuxtConfig({
  compatibilityDate: '2026-01-01',
  modules: ['@intercom-identity/nuxt'],
  // The user comes from event.context.user, set by server/middleware/demo-session.ts.
  // With nuxt-auth-utils it would come from its session; or name your own resolver:
  //   intercomIdentity: { resolveUser: '~~/server/intercom-user' },
  routeRules: {
    // A page served from a shared cache: the module boots the visitor Messenger
    // there for everybody, and `nuxt build` warns about this rule.
    '/news': { swr: 60 },
  },
  nitro: { preset: 'node-server' },
  devtools: { enabled: false },
  telemetry: false,
});
