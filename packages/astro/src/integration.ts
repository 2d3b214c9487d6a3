import { IntercomIdentityError } from '@intercom-identity/core';
import type { AstroIntegration } from 'astro';

/** Options of {@link intercomIdentity}. They are plain data: they go from `astro.config.mjs` into the server's build. */
export interface IntercomIdentityOptions {
  /**
   * Where the proof endpoint is mounted (fresh JWTs for the browser, proofs for
   * the site's mobile apps). Default `/api/intercom-identity`. `false`: no
   * route is added; mount {@link intercomProofEndpoint} yourself.
   */
  proofRoute?: string | false;
  /**
   * Whether the integration adds {@link intercomMiddleware} after the app's own
   * middleware. Default true. `false`: the app puts `intercomMiddleware()` into
   * its `sequence()`, to give it functions (`getUser`, `nonce`, `env`).
   */
  middleware?: boolean;
  /**
   * Whether every page gets the browser sync (`startIntercomSync()` of
   * `@intercom-identity/astro/client`), which keeps the Messenger in step with
   * `<ClientRouter />` navigation and refreshes JWTs. Default true.
   */
  sync?: boolean;
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }` (JSON values). */
  settings?: Record<string, unknown>;
}

const NAME = '@intercom-identity/astro';
const DEFAULT_PROOF_ROUTE = '/api/intercom-identity';

function invalid(message: string): never {
  throw new IntercomIdentityError('HANDLER_OPTIONS_INVALID', `intercomIdentity: ${message}`);
}

function checked(options: unknown): IntercomIdentityOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    invalid('takes an options object, such as { proofRoute: "/api/intercom-identity" }.');
  const { proofRoute, middleware, sync, settings } = options as IntercomIdentityOptions;
  if (proofRoute !== undefined && proofRoute !== false && (typeof proofRoute !== 'string' || !proofRoute.startsWith('/')))
    invalid('proofRoute must be a path that starts with "/", or false.');
  for (const [name, value] of [
    ['middleware', middleware],
    ['sync', sync],
  ] as const)
    if (value !== undefined && typeof value !== 'boolean') invalid(`${name} must be true or false.`);
  if (settings !== undefined && (typeof settings !== 'object' || settings === null || Array.isArray(settings)))
    invalid('settings must be an object of Messenger settings, such as { alignment: "left" }.');
  if (settings !== undefined && middleware === false)
    invalid('settings go to the middleware: with middleware: false, pass them to intercomMiddleware({ settings }).');
  return options as IntercomIdentityOptions;
}

/**
 * The Astro integration: with it in `astro.config.mjs`, every page rendered on
 * demand boots the Messenger for the user in `context.locals.user`, signed on
 * the server. It adds three things:
 *
 * - {@link intercomMiddleware}, after the app's own `src/middleware.ts` (which
 *   sets `locals.user`): the boot script in the head of every HTML page
 *   rendered on demand, the cache rule, the CSP hash. Prerendered pages are
 *   skipped, with a warning at build time.
 * - The proof endpoint at `/api/intercom-identity`, rendered on demand.
 * - The browser sync on every page, for `<ClientRouter />` view transitions:
 *   another person after a swap boots again, the same person gets an update.
 *
 * The `INTERCOM_*` variables are read by the server per request, never at
 * build time. Pages must be rendered on demand (`output: 'server'`, or
 * `export const prerender = false`), so the app needs a server adapter.
 *
 * @example
 * ```js
 * // astro.config.mjs
 * import node from '@astrojs/node';
 * import intercomIdentity from '@intercom-identity/astro';
 * import { defineConfig } from 'astro/config';
 * export default defineConfig({
 *   output: 'server',
 *   adapter: node({ mode: 'standalone' }),
 *   integrations: [intercomIdentity()],
 * });
 * ```
 */
export function intercomIdentity(options?: IntercomIdentityOptions): AstroIntegration {
  const { proofRoute = DEFAULT_PROOF_ROUTE, middleware = true, sync = true, settings } = checked(options);
  return {
    name: NAME,
    hooks: {
      'astro:config:setup': async ({ config, addMiddleware, injectRoute, injectScript, createCodegenDir, logger }) => {
        if (middleware) {
          // The options reach the server's build as a module of their own, written here.
          const { writeFile } = await import('node:fs/promises');
          const entry = new URL('middleware.mjs', createCodegenDir());
          const given = settings === undefined ? '' : JSON.stringify({ settings });
          await writeFile(
            entry,
            `import { intercomMiddleware } from ${JSON.stringify(NAME)};\nexport const onRequest = intercomMiddleware(${given});\n`,
          );
          addMiddleware({ entrypoint: entry, order: 'post' });
        }
        if (proofRoute !== false) {
          if (config.adapter === undefined)
            logger.warn(
              `No server adapter is set, so nothing is rendered on demand: the Messenger boots nobody signed in, and ${proofRoute} is not added.`,
            );
          // By its file: in `astro dev` Astro reads the route's source from disk, which a package name is not.
          else injectRoute({ pattern: proofRoute, entrypoint: new URL('./proof-route.js', import.meta.url), prerender: false });
        }
        if (sync) {
          const refresh = proofRoute === false ? '' : JSON.stringify({ refreshUrl: proofRoute });
          injectScript('page', `import { startIntercomSync } from "${NAME}/client";\nstartIntercomSync(${refresh});`);
        }
      },
    },
  };
}
