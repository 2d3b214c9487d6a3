/**
 * The layer every framework adapter stands on: it takes the env, the options
 * and the framework's request context, and gives the boot of the page (in
 * parts), the cache rule and the proof endpoint. An adapter only translates:
 * where its framework keeps the env and the user, how it injects HTML, how it
 * mounts a route.
 */
import { applySignedCacheRule, type HeaderTarget } from './cache.js';
import { type EnvSource, type IntercomIdentityConfig, type Logger, resolveUserTimeout } from './config.js';
import { createEnvIdentity, type EnvIdentity } from './env-identity.js';
import { describeError, fail } from './errors.js';
import { setupErrorResponse } from './http.js';
import type { RenderedBoot } from './identity.js';
import { logOnceTo } from './log.js';
import { type ExpiredCookie, messengerLogoutCookieList } from './logout.js';
import { answerProofRequest, logLookupFailure, lookupWithin, type MaybeUser } from './mobile.js';
import { bootScriptAttributes, bootScriptTag } from './script.js';

/** What an adapter's options hold besides the config: how to find the user, and page-wide settings. */
export interface AdapterOptions<C> extends IntercomIdentityConfig {
  /** The signed-in user of this request, or null for a visitor. */
  getUser?: (context: C) => MaybeUser | Promise<MaybeUser>;
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /**
   * Where the `INTERCOM_*` variables are read, per request. It gets the request's
   * context where there is one (a Worker's bindings live there).
   */
  env?: (context?: C) => EnvSource;
}

/** What the adapter itself fills in: its defaults, and its name for error messages. */
export interface AdapterDefaults<C> {
  /** The function users call (`intercomHandle`, `createIntercomIdentity`, ...), named in errors. */
  name: string;
  /** The adapter's env, read per request, with the request's context when the call has one. */
  env: (context?: C) => EnvSource;
  /** The framework's usual place of the user (`event.locals.user`, ...). Without it, `getUser` is required. */
  getUser?: (context: C) => MaybeUser | Promise<MaybeUser>;
  /** Config read per request (a framework's runtime config), under the options. */
  config?: () => IntercomIdentityConfig;
}

/** Options of {@link IntercomAdapter.boot}. */
export interface AdapterBootOptions {
  /** The CSP nonce of this response, when it is known before the page is rendered. */
  nonce?: string | undefined;
  /** Settings for this page, over the adapter's `settings`. */
  settings?: Record<string, unknown> | undefined;
  /**
   * The page is shared (prerendered, or kept by a shared cache): the user is
   * not looked up and the Messenger boots as a visitor.
   */
  visitor?: boolean;
}

/** What {@link createIntercomAdapter} returns. */
export interface IntercomAdapter<C> {
  /** The identity of the current env (of `context`'s request, if given), or the setup error (logged once) that keeps the Messenger off. */
  setup(context?: C): EnvIdentity;
  /**
   * The user of this request: `getUser`'s answer, or null after logging
   * `SESSION_LOOKUP_FAILED` when it threw, or `SESSION_LOOKUP_TIMEOUT` when it
   * did not answer within `userTimeout` (its late answer is ignored). Never throws.
   */
  user(context: C): Promise<MaybeUser>;
  /**
   * The boot of this request's page: the script in parts, the settings and
   * whether it carries a proof. Null when the setup is broken. Never throws: a
   * failing or slow `getUser` (past `userTimeout`) or a user the core refuses is
   * logged and boots a visitor. The user is looked up once, before anything of
   * the page is rendered: the whole boot belongs to that one user.
   */
  boot(context: C, options?: AdapterBootOptions): Promise<RenderedBoot | null>;
  /** The boot's whole `<script>` with a nonce known only after rendering; a bad nonce is logged and left out. */
  scriptWithNonce(boot: RenderedBoot, nonce: string | undefined): string;
  /**
   * Applies the cache rule to the headers of a response that carries a proof:
   * `Cache-Control: private, no-store` and no CDN cache header. Says once per
   * route what it replaced.
   */
  applyCacheRule(headers: HeaderTarget, route: string): void;
  /** The proof endpoint, for this request and the user its context holds. */
  proofEndpoint(request: Request, context: C): Promise<Response>;
  /**
   * The Messenger session cookies a logout response expires (path `/`, max-age
   * 0): the app's `intercom-session-{app_id}` and any other the request sent,
   * host-only and on each domain of the request's host. `context` is the
   * request's, for an env read per request. Never throws.
   */
  logoutCookies(request: { cookie?: string | null | undefined; host?: string | null | undefined }, context?: C): ExpiredCookie[];
  /** Writes a line once (setup warnings that would repeat on every request). */
  logOnce(level: 'warn' | 'error', line: string): void;
  /** The logger of the options, `console` by default. */
  readonly logger: Logger;
}

/**
 * The request layer for one framework adapter. `options` are the user's (the
 * config fields, `getUser`, `settings`, `env`); `defaults` are the adapter's.
 *
 * @example
 * ```ts
 * import { createIntercomAdapter } from '@intercom-identity/core';
 * const intercom = createIntercomAdapter<Request>(options, {
 *   name: 'intercomMiddleware',
 *   env: () => process.env,
 * });
 * const boot = await intercom.boot(request, { nonce });
 * if (boot?.signed) intercom.applyCacheRule(response.headers, url.pathname);
 * ```
 */
export function createIntercomAdapter<C>(
  options: AdapterOptions<C> | undefined,
  defaults: AdapterDefaults<C>,
): IntercomAdapter<C> {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    fail('HANDLER_OPTIONS_INVALID', `${defaults.name} takes an options object, such as { getUser }.`);
  const { getUser = defaults.getUser, settings, env, ...config } = options ?? {};
  if (typeof getUser !== 'function')
    fail(
      'HANDLER_OPTIONS_INVALID',
      `${defaults.name} needs getUser: a function of the request that returns the signed-in user, or null for a visitor.`,
    );
  if (env !== undefined && typeof env !== 'function')
    fail(
      'HANDLER_OPTIONS_INVALID',
      `${defaults.name}: env must be a function that returns the variables, such as () => process.env.`,
    );
  // Checked here too, so that a bad value fails where the app starts, not on its first request.
  if (config.userTimeout !== undefined) resolveUserTimeout(config.userTimeout);
  const logger: Logger = config.logger ?? console;
  const logOnce = logOnceTo(logger);
  const perRequest = defaults.config;
  const current = createEnvIdentity<[C?]>(
    env ?? defaults.env,
    perRequest === undefined ? config : () => ({ ...perRequest(), ...config }),
  );

  // getUser's answer within the setup's userTimeout (no limit while the setup is broken: nothing boots then).
  async function user(context: C, setup: EnvIdentity = current(context)): Promise<MaybeUser> {
    try {
      const lookup = () => getUser?.(context);
      return (await (setup.ok ? lookupWithin(setup.identity.config, lookup) : lookup())) as MaybeUser;
    } catch (error) {
      logLookupFailure(logger, error, 'The Messenger boots as a visitor on this page.');
      return null;
    }
  }

  return {
    setup: current,
    user: (context) => user(context),
    logOnce,
    logger,
    async boot(context, bootOptions = {}) {
      const setup = current(context);
      if (!setup.ok) return null;
      const found = bootOptions.visitor === true ? null : await user(context, setup);
      const pageSettings = bootOptions.settings === undefined ? settings : { ...(settings ?? {}), ...bootOptions.settings };
      return setup.identity.renderBoot(found, { settings: pageSettings, nonce: bootOptions.nonce });
    },
    scriptWithNonce(boot, nonce) {
      if (nonce === undefined || nonce === boot.attributes.nonce) return boot.html;
      try {
        return bootScriptTag(boot.body, bootScriptAttributes({ nonce }));
      } catch (error) {
        logger.error(`[intercom-identity] ${describeError(error)} The boot script was rendered without a nonce.`);
        return boot.html;
      }
    },
    applyCacheRule(headers, route) {
      const changed = applySignedCacheRule(headers);
      if (changed.replaced !== null)
        logOnce(
          'warn',
          `${route} sent Cache-Control "${changed.replaced.slice(0, 100)}", but it carries a signed-in user's proof; it was sent as "private, no-store".`,
        );
      if (changed.removed.length > 0)
        logOnce(
          'warn',
          `${route} carries a signed-in user's proof, so its CDN cache headers (${changed.removed.join(', ')}) were removed.`,
        );
    },
    logoutCookies(request, context) {
      const setup = current(context);
      return messengerLogoutCookieList({
        appId: setup.ok ? setup.identity.config.appId : undefined,
        cookie: request.cookie,
        host: request.host,
      });
    },
    async proofEndpoint(request, context) {
      const setup = current(context);
      if (!setup.ok) return setupErrorResponse(setup.error);
      return answerProofRequest(setup.identity, request, () => getUser?.(context));
    },
  };
}
