import { IntercomIdentityError, type RenderedBoot } from '@intercom-identity/core';
import { createContext, type MiddlewareFunction, type RouterContextProvider } from 'react-router';
import { type IntercomReactRouterOptions, reactRouterAdapter } from './adapter.js';
import type { RequestArgs } from './args.js';
import type { IntercomBoot } from './boot.js';
import { prerendering } from './env.js';

/** Options of {@link intercomMiddleware}. */
export interface IntercomMiddlewareOptions extends IntercomReactRouterOptions {
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
}

/** The boot of one request, made when the root loader first asks for it. */
interface RequestBoot {
  get(): Promise<RenderedBoot | null>;
}

const bootContext = createContext<RequestBoot | null>(null);

/**
 * The React Router middleware for the root route's `middleware` export. For
 * each request it keeps the Messenger's boot ready in the router context, and
 * signs it, once, when the root loader asks for it with
 * {@link intercomSettings}. When the response carries a proof (the document of
 * a page load, or the `.data` response of a client navigation or revalidation
 * in which the root loader ran), it gets `Cache-Control: private, no-store`
 * and loses any CDN cache header (`CDN-Cache-Control`, `Surrogate-Control`,
 * vendor variants), before the first byte of a streamed page is sent.
 * Responses that carry no proof (resource routes, the proof endpoint) are left
 * as they are.
 *
 * - The user: `getUser({ request, context })`, by default the value of
 *   `userContext` that the app's auth middleware sets. It is read when the
 *   loader asks, so the auth middleware may come before or after this one.
 * - The `INTERCOM_*` variables are read per request (`process.env`, or `env`).
 * - Nothing is signed while `react-router build` prerenders: a prerendered
 *   page gets no boot script, and a warning.
 * - A bad user object or a failing `getUser` is logged and boots a visitor;
 *   a broken setup is logged once and boots nothing.
 *
 * @example
 * ```tsx
 * // app/root.tsx
 * import { intercomMiddleware, intercomSettings, userContext } from '@intercom-identity/react-router/server';
 * export const middleware: Route.MiddlewareFunction[] = [
 *   async ({ request, context }) => {
 *     context.set(userContext, await userFromSession(request)); // your session
 *   },
 *   intercomMiddleware(),
 * ];
 * export async function loader({ context }: Route.LoaderArgs) {
 *   return { intercom: await intercomSettings(context) };
 * }
 * ```
 */
export function intercomMiddleware(options?: IntercomMiddlewareOptions): MiddlewareFunction<Response> {
  const intercom = reactRouterAdapter(options, 'intercomMiddleware');

  return async function intercomMiddleware(args, next) {
    const route = args.pattern || args.url.pathname;
    let pending: Promise<RenderedBoot | null> | undefined;
    let answered = false;
    const requestArgs: RequestArgs = { request: args.request, context: args.context };
    args.context.set(bootContext, {
      get() {
        if (answered) {
          // The headers are decided: a proof now could go out in a cacheable response.
          intercom.logOnce(
            'error',
            `${route}: intercomSettings(context) was called after the response was made, so the page gets no Messenger boot script. Return it from the root loader itself, not from a deferred promise.`,
          );
          return Promise.resolve(null);
        }
        pending ??= bootOf(requestArgs);
        return pending;
      },
    });

    const response = await next();
    answered = true;
    if (pending === undefined || (await pending)?.signed !== true) return response;
    try {
      intercom.applyCacheRule(response.headers, route);
      return response;
    } catch {
      // Headers of a fetched response are immutable (the first change throws): the rule goes on a copy.
      const copy = new Response(response.body, response);
      intercom.applyCacheRule(copy.headers, route);
      return copy;
    }
  };

  function bootOf(args: RequestArgs): Promise<RenderedBoot | null> {
    if (prerendering()) {
      // No proof at build time: the page would be one user's, for everybody.
      intercom.logOnce(
        'warn',
        `${new URL(args.request.url).pathname} is prerendered, so it gets no Messenger boot script. Leave pages that should show the Messenger out of \`prerender\` in react-router.config.ts.`,
      );
      return Promise.resolve(null);
    }
    return intercom.boot(args);
  }
}

/**
 * The Messenger's boot for this request, for the root `loader` to return:
 * `<IntercomScript boot>` in the root `Layout` renders it, and after a
 * revalidation (a login or logout action) boots the person it names. Null when
 * the setup is broken or the page is prerendered. Return it awaited from the
 * root loader, not in a deferred promise: the cache headers of the response
 * depend on it.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * import { intercomSettings } from '@intercom-identity/react-router/server';
 * export async function loader({ context }: Route.LoaderArgs) {
 *   return { intercom: await intercomSettings(context) };
 * }
 * ```
 */
export async function intercomSettings(context: Readonly<RouterContextProvider>): Promise<IntercomBoot | null> {
  const boot = context?.get?.(bootContext);
  if (boot === null || boot === undefined)
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomSettings(context) found no intercomMiddleware() for this request. Add it to the `middleware` export of app/root.tsx.',
    );
  const rendered = await boot.get();
  return rendered === null ? null : { script: rendered.body };
}
