/**
 * The server side of the Nuxt module, free of Nuxt and Nitro imports so it can
 * be tested on plain objects: where the user comes from, where the config comes
 * from, and what goes into a rendered page.
 */
import {
  createMobileHandler,
  describeError,
  type EnvIdentity,
  type Identity,
  type IntercomIdentityConfig,
  type IntercomUser,
  type Logger,
} from '@intercom-identity/core';
import { type CachingKind, type CachingRouteRule, cachingKind } from '../cache-rules.js';

type MaybePromise<T> = T | Promise<T>;

/** The few parts of an H3 event this module reads and writes. */
export interface EventLike {
  context: Record<string, unknown> & { user?: unknown; security?: { nonce?: unknown } };
  node: {
    req: { headers: Record<string, string | string[] | undefined> };
    res: { setHeader(name: string, value: string): unknown };
  };
}

/** An app-defined server-side resolver: the signed-in user of this request, or null. */
export type UserResolver<E = EventLike> = (event: E) => MaybePromise<IntercomUser | null | undefined>;

/** Where the user can come from, besides `event.context.user`. */
export interface UserSources<E = EventLike> {
  /** The app's resolver (module option `resolveUser`). When set, its answer is final. */
  resolveUser?: UserResolver<E> | undefined;
  /** `getUserSession` of nuxt-auth-utils, when that module is installed. */
  getUserSession?: ((event: E) => MaybePromise<{ user?: unknown } | null | undefined>) | undefined;
}

/**
 * The signed-in user of a request: the app's resolver when it has one; else
 * `event.context.user` when a middleware set it (null means a visitor); else the
 * user of the nuxt-auth-utils session. Null for a visitor.
 */
export async function findUser<E extends { context: Record<string, unknown> }>(
  event: E,
  sources: UserSources<E>,
): Promise<IntercomUser | null> {
  if (sources.resolveUser) return (await sources.resolveUser(event)) ?? null;
  if (event.context.user !== undefined) return (event.context.user as IntercomUser | null) ?? null;
  if (sources.getUserSession) {
    const session = await sources.getUserSession(event);
    return (session?.user as IntercomUser | undefined) ?? null;
  }
  return null;
}

/** The module's private runtime config (`runtimeConfig.intercomIdentity`), as Nitro hands it over. */
export interface PrivateRuntimeConfig {
  secret?: string;
  secrets?: { ios?: string; android?: string };
  mode?: string;
  jwt?: { expiresIn?: number | string; signedAttributes?: string[] | string; fallbackToUserHash?: boolean | string };
}

/** The module's public runtime config (`runtimeConfig.public.intercomIdentity`). */
export interface PublicRuntimeConfig {
  appId?: string;
  region?: string;
  widgetUrl?: string;
  route?: string | false;
}

// Nitro turns unset values into '' so that NUXT_* overrides can find the keys.
const given = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The config options in the runtime config (nuxt.config values, overridden at run
 * time by NUXT_INTERCOM_IDENTITY_* and NUXT_PUBLIC_INTERCOM_IDENTITY_*). Unset
 * fields are left out, so the unprefixed INTERCOM_* variables fill them.
 */
export function configOptions(privateConfig: PrivateRuntimeConfig = {}, publicConfig: PublicRuntimeConfig = {}) {
  const options: IntercomIdentityConfig = {};
  const appId = given(publicConfig.appId);
  if (appId) options.appId = appId;
  const region = given(publicConfig.region);
  if (region) options.region = region as IntercomIdentityConfig['region'];
  const widgetUrl = given(publicConfig.widgetUrl);
  if (widgetUrl) options.widgetUrl = widgetUrl;
  const mode = given(privateConfig.mode);
  if (mode) options.mode = mode as IntercomIdentityConfig['mode'];
  const secrets: NonNullable<IntercomIdentityConfig['secrets']> = {};
  const web = given(privateConfig.secret);
  if (web) secrets.web = web;
  const ios = given(privateConfig.secrets?.ios);
  if (ios) secrets.ios = ios;
  const android = given(privateConfig.secrets?.android);
  if (android) secrets.android = android;
  if (Object.keys(secrets).length > 0) options.secrets = secrets;
  const jwt = privateConfig.jwt ?? {};
  const jwtOptions: NonNullable<IntercomIdentityConfig['jwt']> = {};
  if (jwt.expiresIn === 'none') jwtOptions.expiresIn = null;
  else if (typeof jwt.expiresIn === 'number') jwtOptions.expiresIn = jwt.expiresIn;
  else if (given(jwt.expiresIn)) jwtOptions.expiresIn = Number(jwt.expiresIn);
  if (Array.isArray(jwt.signedAttributes)) jwtOptions.signedAttributes = jwt.signedAttributes;
  else if (given(jwt.signedAttributes))
    jwtOptions.signedAttributes = (jwt.signedAttributes as string).split(',').map((name) => name.trim());
  if (jwt.fallbackToUserHash === true || jwt.fallbackToUserHash === 'true') jwtOptions.fallbackToUserHash = true;
  else if (jwt.fallbackToUserHash === false || jwt.fallbackToUserHash === 'false') jwtOptions.fallbackToUserHash = false;
  if (Object.keys(jwtOptions).length > 0) options.jwt = jwtOptions;
  return options;
}

/** The identity for the current config, or the setup error that keeps signing off. */
export type Setup = EnvIdentity;

/** What a signed page is sent with: no browser or shared cache may keep one person's proof. */
export const SIGNED_CACHE_CONTROL = 'private, no-store';

/** Why a request gets the visitor Messenger whoever asks, or null when it is signed for its user. */
export type SkipReason = 'prerender' | CachingKind;

/** Whether this render may carry a proof: not while prerendering, not on a route that a shared cache keeps. */
export function skipSigning(prerendering: boolean, routeRules: CachingRouteRule | undefined): SkipReason | null {
  if (prerendering) return 'prerender';
  return cachingKind(routeRules);
}

/** What {@link bootScriptFor} needs besides the event. */
export interface RenderContext<E extends EventLike = EventLike> {
  setup: Setup;
  sources: UserSources<E>;
  skip: SkipReason | null;
  logger: Logger;
}

/** The boot script for one rendered page, and whether it carries a proof. */
export interface RenderedBoot {
  script: string;
  signed: boolean;
}

/**
 * The boot script for the page of this request: signed for its user, or the
 * visitor boot on a prerendered or shared-cached route. A signed page gets
 * `Cache-Control: private, no-store`. A bad user object or a failing user
 * lookup never breaks the page: it is logged and the Messenger boots as a
 * visitor. Null when the setup is broken (logged once elsewhere).
 */
export async function bootScriptFor<E extends EventLike>(event: E, context: RenderContext<E>): Promise<RenderedBoot | null> {
  const { setup, logger } = context;
  if (!setup.ok) return null;
  let user: IntercomUser | null | undefined = null;
  // On a skipped route the user is not even looked up: nothing of theirs can reach the cache.
  if (context.skip === null) {
    try {
      user = await findUser(event, context.sources);
    } catch (error) {
      logger.error(`[intercom-identity] ${describeError(error)} The user lookup failed; the Messenger boots as a visitor.`);
    }
  }
  const nonce = event.context.security?.nonce;
  const boot = await setup.identity.renderBoot(user, typeof nonce === 'string' && nonce !== '' ? { nonce } : {});
  if (boot.signed) event.node.res.setHeader('cache-control', SIGNED_CACHE_CONTROL);
  return { script: boot.html, signed: boot.signed };
}

/** The mobile and token-refresh endpoint for one identity, finding the user of each request's event. */
export function createProofEndpoint<E extends EventLike>(
  sources: UserSources<E>,
): (identity: Identity, event: E, request: Request) => Promise<Response> {
  const events = new WeakMap<Request, E>();
  const handlers = new WeakMap<Identity, (request: Request) => Promise<Response>>();
  return (identity, event, request) => {
    let handler = handlers.get(identity);
    if (handler === undefined) {
      handler = createMobileHandler({
        config: identity.config,
        getUser: (req) => {
          const owner = events.get(req);
          // Only the session of the request itself is ever signed.
          return owner === undefined ? null : findUser(owner, sources);
        },
      });
      handlers.set(identity, handler);
    }
    events.set(request, event);
    return handler(request);
  };
}
