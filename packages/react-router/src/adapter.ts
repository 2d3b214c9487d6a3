import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomAdapter,
  type IntercomIdentityConfig,
  type MaybeUser,
} from '@intercom-identity/core';
import type { RequestArgs } from './args.js';
import { processEnv } from './env.js';
import { userFromContext } from './users.js';

/** What every server helper of this package takes: how to find the user and the env, plus any config field to override the env. */
export interface IntercomReactRouterOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of this request, or null for a visitor. It gets the
   * loader's or middleware's `{ request, context }`. Default: the value of
   * `userContext`, which the app's auth middleware sets.
   */
  getUser?: (args: RequestArgs) => MaybeUser | Promise<MaybeUser>;
  /** Where the `INTERCOM_*` variables are read, per request. Default `process.env`. */
  env?: (args: RequestArgs) => EnvSource;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The core's request layer with React Router's defaults. The request's
 * arguments go to `getUser` and `env`, so a runtime that keeps its env per
 * request (in the router context) reads that of the request being answered.
 */
export function reactRouterAdapter(options: unknown, name: string): IntercomAdapter<RequestArgs> {
  // Without arguments (the core's setup() called bare) there is no request, so no env of one.
  const envOf =
    (read: (args: RequestArgs) => EnvSource) =>
    (args?: RequestArgs): EnvSource =>
      args === undefined ? {} : read(args);
  // Anything but an options object goes to the core as it is: the core says what is wrong with it.
  const given =
    isObject(options) && typeof options.env === 'function' ? { ...options, env: envOf(options.env as never) } : options;
  return createIntercomAdapter<RequestArgs>(given as AdapterOptions<RequestArgs> | undefined, {
    name,
    env: processEnv,
    getUser: userFromContext,
  });
}
