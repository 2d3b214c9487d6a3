import {
  createIdentity,
  ENV_NAMES,
  type EnvSource,
  type Identity,
  type IntercomIdentityConfig,
  resolveConfig,
} from '@intercom-identity/core';

// The variables that change the resolved config. NODE_ENV decides whether a
// missing secret is only a warning or also an error line.
const WATCHED = [...Object.values(ENV_NAMES), 'NODE_ENV'];

/** The identity for the env of this request, or the setup error that keeps the Messenger off. */
export type Current<T> = { ok: true; identity: Identity; extra: T } | { ok: false; error: unknown };

/**
 * Resolves the config from the env at request time and keeps the result while
 * the env stays the same: one build serves any secret, and a changed variable
 * (a rotated secret) takes effect without a restart. Nothing is read at import
 * time, so nothing is read while `next build` runs. `onSetupError` hears about
 * each bad setup once, not on every request.
 */
export function createEnvCache<T>(
  readEnv: () => EnvSource,
  options: IntercomIdentityConfig,
  derive: (identity: Identity) => T,
  onSetupError: (error: unknown) => void,
): () => Current<T> {
  let cached: { key: string; value: Current<T> } | undefined;
  return () => {
    const env = readEnv();
    const key = JSON.stringify(WATCHED.map((name) => env[name] ?? null));
    if (cached?.key === key) return cached.value;
    let value: Current<T>;
    try {
      const identity = createIdentity(resolveConfig(env, options));
      value = { ok: true, identity, extra: derive(identity) };
    } catch (error) {
      value = { ok: false, error };
      onSetupError(error);
    }
    cached = { key, value };
    return value;
  };
}
