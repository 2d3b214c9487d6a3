/**
 * The server side of the Nuxt module, free of Nuxt and Nitro imports so it can
 * be tested on plain objects: where the user comes from, how the runtime config
 * becomes the env the core reads, and what goes into a rendered page. The rest
 * is the core's request layer.
 */
import {
  createIntercomAdapter,
  ENV_NAMES,
  ENV_VARIABLES,
  type EnvSource,
  type HeaderTarget,
  type IntercomAdapter,
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
    req: { headers: Record<string, string | string[] | undefined>; url?: string | undefined };
    res: {
      getHeader(name: string): number | string | string[] | undefined;
      setHeader(name: string, value: string): unknown;
      removeHeader(name: string): unknown;
    };
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

/** Said once when the nuxt-auth-utils session user has an email but no id. */
export const SESSION_USER_ID_MISSING =
  "USER_ID_MISSING: the nuxt-auth-utils session user has an email but no id or user_id. In JWT mode (the default) this user boots the Messenger as a visitor (JWT_USER_ID_REQUIRED); in user_hash mode, or with INTERCOM_IDENTITY_JWT_FALLBACK=user_hash, the email is signed as the identifier. Put a stable user id in setUserSession(event, { user: { id, ... } }), or set the resolveUser option: with a provider that does not verify emails, anyone could sign in as another person's email.";

/**
 * The signed-in user of a request: the app's resolver when it has one; else
 * `event.context.user` when a middleware set it (null means a visitor); else the
 * user of the nuxt-auth-utils session, as it is. Null for a visitor. A session
 * user with an email but no id is passed on, and `warn` is told
 * (`USER_ID_MISSING`): JWT mode (the default) refuses that user.
 */
export async function findUser<E extends { context: Record<string, unknown> }>(
  event: E,
  sources: UserSources<E>,
  warn?: (line: string) => void,
): Promise<IntercomUser | null> {
  if (sources.resolveUser) return (await sources.resolveUser(event)) ?? null;
  if (event.context.user !== undefined) return (event.context.user as IntercomUser | null) ?? null;
  if (sources.getUserSession) {
    const session = await sources.getUserSession(event);
    const user = (session?.user as IntercomUser | undefined) ?? null;
    if (warn !== undefined && user !== null && typeof user === 'object' && signsEmail(user)) warn(SESSION_USER_ID_MISSING);
    return user;
  }
  return null;
}

function signsEmail(user: IntercomUser): boolean {
  const id = user.user_id ?? user.id;
  return (id === undefined || id === null || id === '') && typeof user.email === 'string' && user.email !== '';
}

/** The module's private runtime config (`runtimeConfig.intercomIdentity`), as Nitro hands it over. */
export interface PrivateRuntimeConfig {
  secret?: unknown;
  secrets?: { ios?: unknown; android?: unknown };
  /** While a secret is rotated: NUXT_INTERCOM_IDENTITY_PREVIOUS_SECRET (or INTERCOM_IDENTITY_SECRET_PREVIOUS). */
  previousSecret?: unknown;
  previousSecrets?: { ios?: unknown; android?: unknown };
  mode?: unknown;
  jwt?: { expiresIn?: unknown; signedAttributes?: unknown; fallbackToUserHash?: unknown };
  /** How long a request waits for the user (module option `userTimeout`, or NUXT_INTERCOM_IDENTITY_USER_TIMEOUT). */
  userTimeout?: unknown;
}

/** The module's public runtime config (`runtimeConfig.public.intercomIdentity`). */
export interface PublicRuntimeConfig {
  appId?: unknown;
  region?: unknown;
  widgetUrl?: unknown;
  consent?: unknown;
  load?: unknown;
  route?: string | false;
}

// Nitro turns unset values into '' (so that NUXT_* overrides can find the keys),
// parses numbers and booleans out of NUXT_* strings, and keeps lists as arrays.
function asEnvString(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(',');
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The runtime config (nuxt.config values, overridden at run time by
 * NUXT_INTERCOM_IDENTITY_* and NUXT_PUBLIC_INTERCOM_IDENTITY_*) as the
 * `INTERCOM_*` variables it stands for, so the core parses them by the same
 * rules as the env. Unset fields are filled from `processEnv` (the process's own
 * INTERCOM_* variables and NODE_ENV), and nothing else of it is copied.
 */
export function runtimeConfigEnv(
  privateConfig: PrivateRuntimeConfig = {},
  publicConfig: PublicRuntimeConfig = {},
  processEnv: EnvSource = {},
): EnvSource {
  const jwt = privateConfig.jwt ?? {};
  const fields: [string, unknown][] = [
    [ENV_NAMES.appId, publicConfig.appId],
    [ENV_NAMES.region, publicConfig.region],
    [ENV_NAMES.widgetUrl, publicConfig.widgetUrl],
    [ENV_NAMES.consent, publicConfig.consent],
    [ENV_NAMES.load, publicConfig.load],
    [ENV_NAMES.mode, privateConfig.mode],
    [ENV_NAMES.secret, privateConfig.secret],
    [ENV_NAMES.iosSecret, privateConfig.secrets?.ios],
    [ENV_NAMES.androidSecret, privateConfig.secrets?.android],
    [ENV_NAMES.previousSecret, privateConfig.previousSecret],
    [ENV_NAMES.iosPreviousSecret, privateConfig.previousSecrets?.ios],
    [ENV_NAMES.androidPreviousSecret, privateConfig.previousSecrets?.android],
    [ENV_NAMES.jwtExpiresIn, jwt.expiresIn],
    [ENV_NAMES.jwtSignedAttributes, jwt.signedAttributes],
    [ENV_NAMES.jwtFallback, jwt.fallbackToUserHash],
  ];
  const env: Record<string, string> = {};
  for (const [name, value] of fields) {
    const text = asEnvString(value);
    if (text !== undefined) env[name] = text;
  }
  // Only the variables the config reads: copying all of process.env on every request would cost more than signing.
  for (const name of ENV_VARIABLES) {
    const value = processEnv[name];
    if (env[name] === undefined && value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * The options of the runtime config that are not env variables, as the core
 * takes them: `userTimeout` (unset, as Nitro's '', is the core's default; a
 * NUXT_* string of digits is a number; the core checks the rest).
 */
export function runtimeConfigOptions(privateConfig: PrivateRuntimeConfig = {}): IntercomIdentityConfig {
  const value = privateConfig.userTimeout;
  if (value === undefined || value === '') return {};
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return { userTimeout: Number(value) };
  if (value === 'false') return { userTimeout: false };
  return { userTimeout: value as IntercomIdentityConfig['userTimeout'] };
}

/** Why a request gets the visitor Messenger whoever asks, or null when it is signed for its user. */
export type SkipReason = 'prerender' | CachingKind;

/** Whether this render may carry a proof: not while prerendering, not on a route that a shared cache keeps. */
export function skipSigning(prerendering: boolean, routeRules: CachingRouteRule | undefined): SkipReason | null {
  if (prerendering) return 'prerender';
  return cachingKind(routeRules);
}

/** Node's response headers as the core's cache rule reads and writes them. */
function responseHeaders(event: EventLike): HeaderTarget {
  const { res } = event.node;
  return {
    get(name) {
      const value = res.getHeader(name);
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : String(value);
    },
    set: (name, value) => void res.setHeader(name, value),
    delete: (name) => void res.removeHeader(name),
  };
}

/** What {@link createNuxtIntercom} returns. */
export interface NuxtIntercom<E extends EventLike> {
  /**
   * The boot script for the page of this request: signed for its user (the
   * response then follows the cache rule), or the visitor boot on a skipped
   * route, where the user is not even looked up. Null when the setup is broken.
   */
  render(event: E, skip: SkipReason | null): Promise<string | null>;
  /** The proof endpoint, for the user of this event. */
  endpoint(event: E, request: Request): Promise<Response>;
  /** The `Set-Cookie` values a logout response sends to expire the Messenger's session cookie. */
  logoutCookies(request: { cookie?: string | null | undefined; host?: string | null | undefined }): string[];
}

/**
 * The module's server side: the core's request layer, with the user sources and
 * env of Nuxt. `readOptions` gives the options of the runtime config that are
 * no env variable ({@link runtimeConfigOptions}), read per request as the env is.
 */
export function createNuxtIntercom<E extends EventLike>(
  sources: UserSources<E>,
  readEnv: () => EnvSource,
  logger?: Logger,
  readOptions?: () => IntercomIdentityConfig,
): NuxtIntercom<E> {
  const intercom: IntercomAdapter<E> = createIntercomAdapter<E>(logger === undefined ? {} : { logger }, {
    name: '@intercom-identity/nuxt',
    env: readEnv,
    getUser: (event) => findUser(event, sources, (line) => intercom.logOnce('warn', line)),
    ...(readOptions === undefined ? {} : { config: readOptions }),
  });
  return {
    async render(event, skip) {
      const nonce = event.context.security?.nonce;
      const boot = await intercom.boot(event, {
        nonce: typeof nonce === 'string' && nonce !== '' ? nonce : undefined,
        visitor: skip !== null,
      });
      if (boot === null) return null;
      if (boot.signed) intercom.applyCacheRule(responseHeaders(event), (event.node.req.url ?? '/').split('?')[0] as string);
      return boot.html;
    },
    endpoint: (event, request) => intercom.proofEndpoint(request, event),
    logoutCookies: (request) => intercom.logoutCookies(request).map((cookie) => cookie.header),
  };
}
