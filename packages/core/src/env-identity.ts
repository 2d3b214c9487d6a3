import { ENV_NAMES, type EnvSource, type IntercomIdentityConfig, resolveConfig } from './config.js';
import { describeError } from './errors.js';
import { createIdentity, type Identity } from './identity.js';

/** The identity for the current env, or the setup error that keeps the Messenger off. */
export type EnvIdentity = { ok: true; identity: Identity } | { ok: false; error: unknown };

/**
 * Every variable the config is made from: the `INTERCOM_*` ones, and NODE_ENV,
 * which decides whether a missing secret is only a warning or also an error line.
 * An adapter that copies variables out of its framework's env copies these.
 */
export const ENV_VARIABLES: readonly string[] = Object.freeze([...Object.values(ENV_NAMES), 'NODE_ENV']);

/** What decides whether the identity made from an env still holds: the value of each variable the config reads. */
const keyOfEnv = (env: EnvSource): string => JSON.stringify(ENV_VARIABLES.map((name) => env[name] ?? null));

const nextTurn = typeof setImmediate === 'function' ? setImmediate : undefined;

/**
 * `read`, called at most once per turn of the event loop: the calls of one
 * turn get the value of the first, and a change holds from the next turn on.
 * For what is costly to read on every request and changes rarely, as Node's
 * `process.env`, which answers each read of a variable with a call into the
 * runtime: reading all of the config's variables costs a page about as much
 * as signing it. The requests a busy server handles in one turn then read it
 * once. Where the runtime has no `setImmediate`, `read` is called every time.
 * setImmediate is taken when this module loads, so that fake timers a test
 * installs later cannot keep a value for ever.
 *
 * @example
 * ```ts
 * import { oncePerTurn } from '@intercom-identity/core';
 * const readEnv = oncePerTurn(() => ({ INTERCOM_APP_ID: process.env.INTERCOM_APP_ID }));
 * ```
 */
export function oncePerTurn<T>(read: () => T): () => T {
  let kept: { value: T } | undefined;
  if (nextTurn === undefined) return read;
  const forget = () => {
    kept = undefined;
  };
  return () => {
    if (kept !== undefined) return kept.value;
    const value = read();
    kept = { value };
    nextTurn(forget);
    return value;
  };
}

const nodeEnv = (globalThis as { process?: { env?: EnvSource } }).process?.env;
const keyOfProcessEnv = nodeEnv === undefined ? undefined : oncePerTurn(() => keyOfEnv(nodeEnv));

/**
 * Resolves the config from the env when a request needs it, and keeps the result
 * while the `INTERCOM_*` variables stay the same: one build serves any secret,
 * nothing is read at import or build time, and a rotated secret takes effect
 * without a restart. A bad setup is logged once, not on every request.
 *
 * Adapters call this with their framework's runtime env. `readEnv` gets what
 * the returned function is called with (a request's context, where a runtime
 * keeps its env per request, as Cloudflare Workers' bindings). `options` may be
 * a function, read per request (a framework's runtime config); it is part of
 * what decides whether the cached identity still holds.
 *
 * @example
 * ```ts
 * import { createEnvIdentity } from '@intercom-identity/core';
 * const current = createEnvIdentity(() => process.env);
 * // per request:
 * const setup = current();
 * if (setup.ok) html = (await setup.identity.renderBoot(user)).html;
 * ```
 */
export function createEnvIdentity<A extends unknown[] = []>(
  readEnv: (...args: A) => EnvSource,
  options: IntercomIdentityConfig | (() => IntercomIdentityConfig) = {},
): (...args: A) => EnvIdentity {
  let cached: { key: string; value: EnvIdentity } | undefined;
  // Fixed options are part of the key once; options read per request, on every request.
  const optionsKey = (config: IntercomIdentityConfig): string => {
    const { logger: _logger, ...fields } = config;
    return JSON.stringify(fields);
  };
  const fixedKey = typeof options === 'function' ? undefined : optionsKey(options);
  return (...args: A) => {
    const env = readEnv(...args);
    const config = typeof options === 'function' ? options() : options;
    const variables = env === nodeEnv && keyOfProcessEnv !== undefined ? keyOfProcessEnv() : keyOfEnv(env);
    const key = `${fixedKey ?? optionsKey(config)}\n${variables}`;
    if (cached?.key === key) return cached.value;
    let value: EnvIdentity;
    try {
      value = { ok: true, identity: createIdentity(resolveConfig(env, config)) };
    } catch (error) {
      value = { ok: false, error };
      (config.logger ?? console).error(
        `[intercom-identity] ${describeError(error)} The Messenger is not rendered until the setup is fixed.`,
      );
    }
    cached = { key, value };
    return value;
  };
}
