import { ENV_VARIABLES, type EnvSource } from '@intercom-identity/core';
import type { Context } from 'hono';
import { env as runtimeEnv } from 'hono/adapter';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The `INTERCOM_*` variables of a request: the bindings of `c.env` (Cloudflare
 * Workers' vars and secrets) over the runtime's own environment, as Hono's
 * `env(c)` reads it (`process.env` on Node and Bun, `Deno.env` on Deno). Read
 * per request, never at import or build time.
 */
export function contextEnv(c: Context): EnvSource {
  const bindings = (c.env ?? {}) as Record<string, unknown>;
  let runtime: Record<string, unknown> = {};
  try {
    runtime = (runtimeEnv(c) ?? {}) as Record<string, unknown>;
  } catch {
    // Deno without --allow-env: only the bindings are there.
  }
  const values: Record<string, string | undefined> = {};
  for (const name of ENV_VARIABLES) values[name] = text(bindings[name]) ?? text(runtime[name]);
  return values;
}
