import type { EnvSource } from '@intercom-identity/core';

/**
 * The `INTERCOM_*` variables of this moment: `process.env` of the server
 * (react-router-serve, Express, any Node server). Read per request, never at
 * import or build time: one build serves any secret. Runtimes without
 * `process.env` pass `env` in the options.
 */
export function processEnv(): EnvSource {
  return typeof process === 'undefined' ? {} : (process.env as EnvSource);
}

/**
 * Whether `react-router build` is prerendering right now: the build sets this
 * variable in its own process while it renders the paths of `prerender`.
 * Decided by the build, never by anything a request carries.
 */
export function prerendering(): boolean {
  return typeof process !== 'undefined' && process.env?.IS_RR_BUILD_REQUEST === 'yes';
}
