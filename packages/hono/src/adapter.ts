import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomAdapter,
  type IntercomIdentityConfig,
  type MaybeUser,
} from '@intercom-identity/core';
import type { Context, Env } from 'hono';
import { contextEnv } from './env.js';
import { userFromContext } from './users.js';

/** What every helper of this package takes: how to find the user and the env, plus any config field to override the env. */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export interface IntercomHonoOptions<E extends Env = any> extends IntercomIdentityConfig {
  /** The signed-in user of this request, or null for a visitor. Default: `c.get('user')` ({@link userFromContext}). */
  getUser?: (c: Context<E>) => MaybeUser | Promise<MaybeUser>;
  /**
   * Where the `INTERCOM_*` variables are read, per request. Default: the bindings
   * of `c.env` (Cloudflare Workers), then the runtime's env (`process.env`, `Deno.env`).
   */
  env?: (c: Context<E>) => EnvSource;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The core's request layer with Hono's defaults. The core hands each call's
 * context to the env reader, so the env read is that of the request being
 * answered (a Worker's bindings come with its context), however many are in flight.
 */
export function honoAdapter(options: unknown, name: string): IntercomAdapter<Context> {
  // Without a context (the core's setup() called bare) there is no request, so no env.
  const envOf =
    (read: (c: Context) => EnvSource) =>
    (c?: Context): EnvSource =>
      c === undefined ? {} : read(c);
  // Anything but an options object goes to the core as it is: the core says what is wrong with it.
  const given =
    isObject(options) && typeof options.env === 'function' ? { ...options, env: envOf(options.env as never) } : options;
  return createIntercomAdapter<Context>(given as AdapterOptions<Context> | undefined, {
    name,
    env: envOf(contextEnv),
    getUser: userFromContext,
  });
}
