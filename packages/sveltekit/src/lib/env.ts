import { ENV_NAMES, type EnvSource } from '@intercom-identity/core';
import { env as privateEnv } from '$env/dynamic/private';

// The variables the config is made from; NODE_ENV decides whether a missing
// secret is only a warning or also an error line.
const WATCHED = [...Object.values(ENV_NAMES), 'NODE_ENV'];

/**
 * The `INTERCOM_*` variables of this moment: SvelteKit's `$env/dynamic/private`
 * (what the adapter hands the server at start), else `process.env`. Read per
 * request, never at build time.
 */
export function runtimeEnv(): EnvSource {
  const processEnv: EnvSource = typeof process === 'undefined' ? {} : process.env;
  const values: Record<string, string | undefined> = {};
  for (const name of WATCHED) values[name] = privateEnv[name] ?? processEnv[name];
  return values;
}
