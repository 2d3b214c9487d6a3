import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type HeaderTarget,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  type MaybeUser,
  type RenderedBoot,
} from '@intercom-identity/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { mountProofEndpoint } from './proof-route.js';
import { userFromRequest } from './users.js';

/** Where {@link intercomIdentity} mounts the proof endpoint unless told otherwise. */
const DEFAULT_PROOF_PATH = '/api/intercom-identity';

/** Options of {@link intercomIdentity}: how to find the user, where the endpoint goes, plus any config field to override the env. */
export interface IntercomIdentityOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of this request, or null for a visitor. Default:
   * {@link userFromRequest}: `request.user` (`@fastify/passport`), else
   * `request.session.user` (`@fastify/session`).
   */
  getUser?: (request: FastifyRequest) => MaybeUser | Promise<MaybeUser>;
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /** Where the `INTERCOM_*` variables are read, per request. Default `() => process.env`. */
  env?: () => EnvSource;
  /**
   * Where the proof endpoint is mounted, for every method (`OPTIONS` preflights
   * of the CORS allowlist included). Default `/api/intercom-identity`; `false`
   * mounts none.
   */
  proofPath?: string | false;
  /**
   * The CSP nonce of this response, for the boot script. Default: `reply.cspNonce.script`,
   * as `@fastify/helmet` sets it with `enableCSPNonces: true`.
   */
  nonce?: (request: FastifyRequest, reply: FastifyReply) => string | undefined;
}

/** Options of `reply.intercomBoot()`. */
export interface IntercomBootOptions {
  /** Settings for this page, over the plugin's `settings`. */
  settings?: Record<string, unknown>;
  /**
   * The page is shared (kept by a shared cache): the user is not looked up and
   * the Messenger boots as a visitor.
   */
  visitor?: boolean;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * The boot of this request's page, from `@intercom-identity/fastify`: put
     * `boot.html` (the whole inline script) into the page head. Null when the
     * setup is broken (logged once): the page then renders without the
     * Messenger. When it carries a proof, the reply is sent with
     * `Cache-Control: private, no-store` and without CDN cache headers, whatever
     * the route set. Never throws for a failing `getUser`: that request boots a
     * visitor.
     */
    intercomBoot(options?: IntercomBootOptions): Promise<RenderedBoot | null>;
    /**
     * The server's half of a logout, from `@intercom-identity/fastify`: adds
     * the `Set-Cookie` headers that expire the Messenger's session cookie,
     * keeping the reply's other cookies.
     */
    expireIntercomSession(): void;
  }
}

/** Node's header values as the core's cache rule reads them. */
function replyHeaders(reply: FastifyReply): HeaderTarget {
  return {
    get(name) {
      const value = reply.getHeader(name);
      if (value === undefined) return undefined;
      return Array.isArray(value) ? value.join(', ') : String(value);
    },
    set(name, value) {
      reply.header(name, value);
    },
    delete(name) {
      reply.removeHeader(name);
    },
  };
}

/** The route a once-per-route warning names: its pattern (`/users/:id`), else the path. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.replace(/\?.*$/s, '');
}

/** `@fastify/helmet`'s nonce of this reply, when its `enableCSPNonces` is on. */
function helmetNonce(_request: FastifyRequest, reply: FastifyReply): string | undefined {
  const script = (reply as { cspNonce?: { script?: unknown } }).cspNonce?.script;
  return typeof script === 'string' ? script : undefined;
}

function checkOptions(options: unknown): asserts options is IntercomIdentityOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new IntercomIdentityError('HANDLER_OPTIONS_INVALID', 'intercomIdentity takes an options object, such as { getUser }.');
  const { proofPath, nonce } = options as IntercomIdentityOptions;
  if (proofPath !== undefined && proofPath !== false && (typeof proofPath !== 'string' || !/^\/[^?#\s]*$/.test(proofPath)))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomIdentity: proofPath must be a path that starts with "/" (such as "/api/intercom-identity"), or false to mount no endpoint.',
    );
  if (nonce !== undefined && typeof nonce !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomIdentity: nonce must be a function of (request, reply) that returns the CSP nonce of the response.',
    );
}

const intercomIdentityPlugin: FastifyPluginAsync<IntercomIdentityOptions> = async (app, options) => {
  checkOptions(options);
  if (app.hasReplyDecorator('intercomBoot'))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomIdentity is registered twice in this Fastify app: register it once, before your routes.',
    );
  const { proofPath = DEFAULT_PROOF_PATH, nonce = helmetNonce, ...adapterOptions } = options;
  const intercom = createIntercomAdapter<FastifyRequest>(adapterOptions as AdapterOptions<FastifyRequest>, {
    name: 'intercomIdentity',
    env: () => process.env,
    getUser: userFromRequest,
  });
  // Replies that got a signed boot: the cache rule goes on them as they are sent.
  const signed = new WeakSet<FastifyReply>();

  app.decorateReply('intercomBoot', async function intercomBoot(this: FastifyReply, bootOptions: IntercomBootOptions = {}) {
    const boot = await intercom.boot(this.request, {
      nonce: nonce(this.request, this),
      settings: bootOptions.settings,
      visitor: bootOptions.visitor === true,
    });
    if (boot?.signed === true) {
      signed.add(this);
      // Now too, for a route whose scope started before the plugin and so lacks the onSend hook.
      intercom.applyCacheRule(replyHeaders(this), routeOf(this.request));
    }
    return boot;
  });

  app.decorateReply('expireIntercomSession', function expireIntercomSession(this: FastifyReply) {
    const request = this.request;
    for (const cookie of intercom.logoutCookies({ cookie: request.headers.cookie, host: request.host }))
      this.header('set-cookie', cookie.header);
  });

  // In onSend, after the route: a `Cache-Control: public` the route set after the boot is replaced too.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (signed.has(reply)) intercom.applyCacheRule(replyHeaders(reply), routeOf(request));
    done(null, payload);
  });

  if (proofPath !== false) await mountProofEndpoint(app, proofPath, intercom);
};

/**
 * The Fastify plugin of intercom-identity: it signs the Messenger's boot
 * payload (a JWT, as Intercom recommends, or `user_hash`) for the signed-in
 * user of each request through `reply.intercomBoot()`, mounts the proof
 * endpoint (mobile apps' proofs, fresh JWTs and single-page apps' boots), and
 * gives `reply.expireIntercomSession()` for logout. Wrapped with
 * `fastify-plugin`, so the reply decorators reach every route of the app.
 * Register it once, after the plugins that find the user (`@fastify/session`,
 * `@fastify/passport`) and before your routes.
 *
 * - The `INTERCOM_*` variables are read per request (`env`, default
 *   `process.env`); a broken setup is logged once and boots no Messenger,
 *   and the endpoint answers 500 without any config value.
 * - A reply that got a signed boot is sent with `Cache-Control: private, no-store`
 *   and without CDN cache headers, even when the route set `public`.
 * - The boot script carries the CSP nonce of `nonce(request, reply)`, by default
 *   `@fastify/helmet`'s `reply.cspNonce.script`.
 * - A failing `getUser` is logged (`SESSION_LOOKUP_FAILED`) and boots a visitor;
 *   bad options fail the registration with `HANDLER_OPTIONS_INVALID`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { intercomIdentity } from '@intercom-identity/fastify';
 *
 * const app = Fastify();
 * await app.register(intercomIdentity); // and GET/POST/... /api/intercom-identity
 * app.get('/', async (request, reply) => {
 *   const boot = await reply.intercomBoot();
 *   return reply.type('text/html').send(`<!doctype html><head>${boot?.html ?? ''}</head><body>Hi</body>`);
 * });
 * ```
 */
export const intercomIdentity: FastifyPluginAsync<IntercomIdentityOptions> = fastifyPlugin(intercomIdentityPlugin, {
  name: '@intercom-identity/fastify',
  fastify: '5.x',
});
