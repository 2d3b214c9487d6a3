import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  type IntercomSettings,
  type MaybeUser,
  type RenderedBoot,
} from '@intercom-identity/core';
import type { RequestEvent } from '@sveltejs/kit';
import { building } from '$app/env';
import { loadRuntimeEnv, runtimeEnv, undeclaredEnvHint } from './env.js';
import { injectWithPageNonce, type PageChunk, policyScriptNonces } from './inject.js';
import { userFromLocals } from './users.js';

/** Options of {@link intercomHandle}: how to find the user, plus any config field to override the env. */
export interface IntercomHandleOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of this request, or null for a visitor. Default:
   * {@link userFromLocals} (`event.locals.user`). With `@auth/sveltekit`: `fromAuthJs()`.
   */
  getUser?: (event: RequestEvent) => MaybeUser | Promise<MaybeUser>;
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /**
   * Where the `INTERCOM_*` variables are read, per request. Default: those declared in `src/env.ts`
   * (`$app/env/private`), on SvelteKit 2 `$env/dynamic/private`, then `process.env`.
   */
  env?: () => EnvSource;
}

/**
 * A SvelteKit `handle`, typed by the part it uses: it is a `Handle` of
 * SvelteKit 2 (`@sveltejs/kit`) and of SvelteKit 3 (`@sveltejs/kit/hooks`), and
 * goes into `sequence()` of either.
 */
export type IntercomHandle = (input: {
  event: RequestEvent;
  resolve: (
    event: RequestEvent,
    options?: { transformPageChunk?: (chunk: PageChunk) => string | undefined | Promise<string | undefined> },
  ) => Response | Promise<Response>;
}) => Promise<Response>;

// The settings of each request, so that a load function (for client-side
// navigation) gets the very settings the page was rendered with.
const requests = new WeakMap<object, () => Promise<IntercomSettings | null>>();

/**
 * The SvelteKit `handle` that signs the Messenger's boot payload for the user
 * of each request and puts the boot script into the page head (through
 * `transformPageChunk`). Composes with other handles in `sequence()`; put it
 * after the handle that finds the session.
 *
 * - The `INTERCOM_*` variables are read per request: those the app declares in
 *   `src/env.ts` (`$app/env/private`), on SvelteKit 2 `$env/dynamic/private`,
 *   then `process.env`. One build serves any secret.
 * - Nothing is signed while prerendering (`building`); a prerendered page gets
 *   no boot script and a warning.
 * - A response that carries a proof gets `Cache-Control: private, no-store`,
 *   unless the app already sent both directives, and loses any CDN cache
 *   header (`CDN-Cache-Control`, `Surrogate-Control`, vendor variants).
 * - With `kit.csp` nonces, the boot script carries the nonce of the response.
 * - A bad user object or a failing `getUser` is logged and boots a visitor;
 *   never an unsigned identified user.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts
 * import { sequence } from '@sveltejs/kit/hooks';
 * import { intercomHandle } from '@intercom-identity/sveltekit';
 * import { sessionHandle } from './lib/server/session'; // sets event.locals.user
 * export const handle = sequence(sessionHandle, intercomHandle());
 * ```
 */
export function intercomHandle(options: IntercomHandleOptions = {}): IntercomHandle {
  const intercom = createIntercomAdapter<RequestEvent>(options as AdapterOptions<RequestEvent>, {
    name: 'intercomHandle',
    env: runtimeEnv,
    getUser: userFromLocals,
  });
  const ownEnv = options?.env === undefined;

  return async ({ event, resolve }) => {
    const where = event.route.id ?? event.url.pathname;
    if (building) {
      // No proof at build time: the page would be one user's, for everybody.
      return resolve(event, {
        transformPageChunk: ({ html }) => {
          intercom.logOnce(
            'warn',
            `${event.url.pathname} is prerendered, so it gets no Messenger boot script. Remove \`prerender = true\` from pages that should show the Messenger.`,
          );
          return html;
        },
      });
    }
    if (ownEnv) await loadRuntimeEnv();
    const setup = intercom.setup();
    if (ownEnv && (!setup.ok || setup.identity.config.secrets.web === undefined)) {
      const hint = undeclaredEnvHint();
      if (hint !== undefined) intercom.logOnce('warn', hint);
    }
    // Made once per request, when the page or a load first asks for it.
    let pending: Promise<RenderedBoot | null> | undefined;
    const boot = () => {
      pending ??= intercom.boot(event);
      return pending;
    };
    requests.set(event.locals, async () => (await boot())?.settings ?? null);

    let inject: ((chunk: PageChunk) => string) | undefined;
    // Whether the boot script went into the page, and with which nonce.
    const injected: { done: boolean; nonce?: string } = { done: false };
    const response = await resolve(event, {
      transformPageChunk: async ({ html, done }) => {
        if (!setup.ok) return html;
        if (inject === undefined) {
          const rendered = await boot();
          if (rendered === null) return html;
          // SvelteKit's nonce is known only once the page is rendered.
          inject = injectWithPageNonce((nonce) => {
            const script = intercom.scriptWithNonce(rendered, nonce);
            injected.done = true;
            if (script !== rendered.html) injected.nonce = nonce;
            return script;
          });
        }
        return inject({ html, done });
      },
    });
    if (injected.done) checkNonce(where, response, injected.nonce);
    const signed = pending !== undefined && (await pending)?.signed === true;
    if (!signed) return response;
    try {
      intercom.applyCacheRule(response.headers, where);
      return response;
    } catch {
      // Headers of a fetched response are immutable (the first change throws): the rule goes on a copy.
      const copy = new Response(response.body, response);
      intercom.applyCacheRule(copy.headers, where);
      return copy;
    }
  };

  // A policy that allows scripts by nonce blocks a boot script without that nonce: say so, once.
  function checkNonce(where: string, response: Response, used: string | undefined): void {
    const allowed = policyScriptNonces(response.headers);
    if (allowed.length === 0 || (used !== undefined && allowed.includes(used))) return;
    intercom.logOnce(
      'error',
      `${where}: the Content-Security-Policy allows scripts by nonce, but the nonce was not found on SvelteKit's scripts in the page, so the boot script went out without it and the browser blocks the Messenger.`,
    );
  }
}

/**
 * The Messenger settings of this request, for the root `+layout.server.ts`, so
 * that the browser can boot the right person again after `refreshAll()` (a
 * login or logout without a page load). The same settings the boot script of
 * the page carries; null while prerendering or when the setup is broken.
 * Requires {@link intercomHandle} in `hooks.server.ts`.
 *
 * On the request of the page itself (not `event.isDataRequest`) it gives
 * `undefined`: the boot script in the page's head already carries the
 * settings, and `<IntercomSync />` starts from them, so the page does not send
 * the signed settings twice. The data requests of client-side navigation get
 * the settings.
 *
 * @example
 * ```ts
 * // src/routes/+layout.server.ts
 * import { intercomSettings } from '@intercom-identity/sveltekit';
 * export const load = async (event) => ({ intercom: await intercomSettings(event) });
 * ```
 */
export async function intercomSettings(event: {
  locals: object;
  isDataRequest?: boolean;
}): Promise<IntercomSettings | null | undefined> {
  if (building) return null;
  const settings = requests.get(event.locals);
  if (settings === undefined)
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomSettings(event) found no intercomHandle() for this request. Add it to the handle in src/hooks.server.ts.',
    );
  if (event.isDataRequest === false) return undefined;
  return settings();
}
