import {
  type AdapterOptions,
  createIntercomAdapter,
  describeError,
  type EnvSource,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  isIntercomIdentityError,
  type MaybeUser,
  type RenderedBoot,
} from '@intercom-identity/core';
import type { Request, RequestHandler, Response } from 'express';
import { beforeHeaders, headerTargetOf } from './http.js';
import { userFromRequest } from './users.js';

/** Options of {@link intercomIdentity}: how to find the user and the nonce, plus any config field to override the env. */
export interface IntercomIdentityOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of this request, or null for a visitor. Default:
   * Passport's `req.user`, else express-session's `req.session.user`.
   */
  getUser?: (req: Request) => MaybeUser | Promise<MaybeUser>;
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /** Where the `INTERCOM_*` variables are read, per request. Default: `process.env`. */
  env?: () => EnvSource;
  /**
   * The CSP nonce of this response, for the boot script's tag. Default:
   * `res.locals.cspNonce`, where helmet's documented setup puts it, when a
   * middleware before this one set it.
   */
  nonce?: (req: Request, res: Response) => string | undefined;
}

/** What `res.locals.intercom` holds: the boot of the page, or null when the setup is broken (no Messenger then). */
export type IntercomLocals = RenderedBoot | null;

declare global {
  namespace Express {
    interface Locals {
      /** The boot of this page, set by `intercomIdentity()` for GET and HEAD requests. */
      intercom?: IntercomLocals;
    }
  }
}

/** The options object, checked: {@link createIntercomAdapter} checks the rest. */
function optionsOf(options: unknown, name: string): IntercomIdentityOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new IntercomIdentityError('HANDLER_OPTIONS_INVALID', `${name} takes an options object, such as { getUser }.`);
  return options as IntercomIdentityOptions;
}

/** The route a warning names: the matched route's path when Express knows it, else the request's path. */
function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : req.path;
}

/**
 * The Express middleware that signs the Messenger's boot payload for the user
 * of each page request. For `GET` and `HEAD` it sets `res.locals.intercom`:
 * the boot script as `html` (print it unescaped in the page head, such as
 * `<%- intercom.html %>` in EJS), its parts (`body`, `attributes`), the
 * `settings` and whether they carry a proof (`signed`); null when the setup is
 * broken, and the page renders without the Messenger.
 *
 * - The `INTERCOM_*` variables are read per request (`process.env` by
 *   default): one deployment serves any secret.
 * - The user: Passport's `req.user`, else express-session's
 *   `req.session.user`, else a visitor; `getUser(req)` for anything else. Put
 *   this middleware after the ones that set them.
 * - A response to a request with a signed boot is sent with
 *   `Cache-Control: private, no-store` and no CDN cache header, just before
 *   its headers go out, even when the route set `Cache-Control: public` (a
 *   warning, once per route, says what was replaced). Mount `express.static`
 *   and public JSON routes before this middleware: they keep their caching,
 *   and no proof is made for them.
 * - The boot script carries the CSP nonce of `res.locals.cspNonce`, or of the
 *   `nonce` option.
 * - A failing `getUser` or a bad user object is logged (`SESSION_LOOKUP_FAILED`,
 *   never the secret) and the page boots a visitor.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { intercomIdentity } from '@intercom-identity/express';
 * const app = express();
 * app.set('view engine', 'ejs');
 * app.use(intercomIdentity()); // after your session or Passport middleware
 * app.get('/', (req, res) => res.render('home')); // the view prints <%- intercom?.html %> in its head
 * ```
 */
export function intercomIdentity(options?: IntercomIdentityOptions): RequestHandler {
  const { nonce, ...adapterOptions } = optionsOf(options, 'intercomIdentity');
  if (nonce !== undefined && typeof nonce !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomIdentity: nonce must be a function of (req, res) that returns the CSP nonce of the response.',
    );
  const intercom = createIntercomAdapter<Request>(adapterOptions as AdapterOptions<Request>, {
    name: 'intercomIdentity',
    env: () => process.env,
    getUser: userFromRequest,
  });

  function nonceOf(req: Request, res: Response): string | undefined {
    if (nonce === undefined) {
      const fromLocals: unknown = res.locals.cspNonce;
      return typeof fromLocals === 'string' ? fromLocals : undefined;
    }
    try {
      return nonce(req, res);
    } catch (error) {
      const reason = isIntercomIdentityError(error)
        ? error
        : new IntercomIdentityError(
            'NONCE_INVALID',
            `The nonce option threw (${error instanceof Error ? error.name : typeof error}; its message is not logged).`,
          );
      intercom.logger.error(`[intercom-identity] ${describeError(reason)} The boot script was rendered without a nonce.`);
      return undefined;
    }
  }

  async function prepare(req: Request, res: Response): Promise<void> {
    const boot = await intercom.boot(req, { nonce: nonceOf(req, res) });
    res.locals.intercom = boot;
    // Whatever the route sends carries this user's proof (or may: a view that
    // streams sends its headers before it reads the boot), so it is private.
    if (boot?.signed) beforeHeaders(res, () => intercom.applyCacheRule(headerTargetOf(res), routeOf(req)));
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    prepare(req, res).then(() => next(), next);
  };
}
