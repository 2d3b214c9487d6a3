import { ENV_VARIABLES, type EnvSource } from '@intercom-identity/core';
import { VERSION } from '@sveltejs/kit';
import * as declared from '$app/env/private';

// SvelteKit 2 hands the whole runtime env (`.env` included in `vite dev`) to
// `$env/dynamic/private`. It is loaded on SvelteKit 2 only: on 3 that module is
// a deprecated alias of `$app/env/private` that warns, and on 2 with
// `experimental.explicitEnvironmentVariables` it throws (the app's variables
// are in `$app/env/private` then).
let kit2Env: EnvSource | undefined;
let kit2Loading: Promise<void> | undefined;

/**
 * Resolves once the env of {@link runtimeEnv} can be read. Call it before
 * `runtimeEnv()` in each request; it loads something the first time only.
 */
export function loadRuntimeEnv(): Promise<void> {
  if (kit2Loading === undefined) {
    kit2Loading = VERSION.startsWith('2.')
      ? import('$env/dynamic/private').then(
          (module) => {
            kit2Env = module.env;
          },
          () => {
            // Explicit environment variables are on: $app/env/private has them.
          },
        )
      : Promise.resolve();
  }
  return kit2Loading;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The `INTERCOM_*` variables of this moment: those the app declares in
 * `src/env.ts` (SvelteKit's `$app/env/private`), then on SvelteKit 2
 * `$env/dynamic/private`, then `process.env`. Read per request, never at build
 * time. Await {@link loadRuntimeEnv} first.
 */
export function runtimeEnv(): EnvSource {
  const processEnv: EnvSource = typeof process === 'undefined' ? {} : process.env;
  const fromApp = declared as Readonly<Record<string, unknown>>;
  const values: Record<string, string | undefined> = {};
  for (const name of ENV_VARIABLES) values[name] = text(fromApp[name]) ?? kit2Env?.[name] ?? processEnv[name];
  return values;
}

/**
 * Why `.env` may not have reached the server: on SvelteKit 3 the app gets only
 * the variables `src/env.ts` declares. Undefined when that is not the case.
 */
export function undeclaredEnvHint(): string | undefined {
  const undeclared = ['INTERCOM_APP_ID', 'INTERCOM_IDENTITY_SECRET'].filter((name) => !(name in declared));
  if (VERSION.startsWith('2.') || undeclared.length === 0) return undefined;
  return `[intercom-identity] SvelteKit 3 hands the server only the variables that src/env.ts declares, and reads .env only for those: declare ${undeclared.join(' and ')} there (private), or set them in the server's environment.`;
}
