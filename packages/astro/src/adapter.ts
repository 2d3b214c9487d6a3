import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomAdapter,
  type IntercomIdentityConfig,
  type MaybeUser,
} from '@intercom-identity/core';
import type { APIContext } from 'astro';
import { userFromLocals } from './users.js';

/** What every server helper of this package takes: how to find the user and the env, plus any config field to override the env. */
export interface IntercomAstroOptions extends IntercomIdentityConfig {
  /** The signed-in user of this request, or null for a visitor. Default: `context.locals.user` ({@link userFromLocals}). */
  getUser?: (context: APIContext) => MaybeUser | Promise<MaybeUser>;
  /** Where the `INTERCOM_*` variables are read, per request. Default: the server's `process.env`. */
  env?: (context?: APIContext) => EnvSource;
}

/** The server's environment, read when a request asks for it: never at import or build time. */
function processEnv(): EnvSource {
  return typeof process === 'undefined' ? {} : process.env;
}

/** The core's request layer with Astro's defaults. */
export function astroAdapter(options: unknown, name: string): IntercomAdapter<APIContext> {
  return createIntercomAdapter<APIContext>(options as AdapterOptions<APIContext> | undefined, {
    name,
    env: processEnv,
    getUser: userFromLocals,
  });
}
