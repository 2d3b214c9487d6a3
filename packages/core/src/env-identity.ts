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
    const key = `${fixedKey ?? optionsKey(config)}\n${JSON.stringify(ENV_VARIABLES.map((name) => env[name] ?? null))}`;
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
