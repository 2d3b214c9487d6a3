import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { DEFAULT_JWT_EXPIRES_IN } from './jwt.js';
import { checkConfiguredSecret, Secret } from './secret.js';

/** Where a proof is used. Each has its own secret in Intercom. */
export type Platform = 'web' | 'ios' | 'android';
/** How the user is proven: the classic hash, or a signed JWT. */
export type IdentityMode = 'user_hash' | 'jwt';
/** Intercom's data-hosting regions. */
export type Region = 'us' | 'eu' | 'au';

export const PLATFORMS: readonly Platform[] = ['web', 'ios', 'android'];
export const MODES: readonly IdentityMode[] = ['user_hash', 'jwt'];
export const REGIONS: readonly Region[] = ['us', 'eu', 'au'];

/** `api_base` of each region. */
export const API_BASES: Readonly<Record<Region, string>> = {
  us: 'https://api-iam.intercom.io',
  eu: 'https://api-iam.eu.intercom.io',
  au: 'https://api-iam.au.intercom.io',
};

/** The real Messenger's loader URL; `{app_id}` is replaced. */
export const DEFAULT_WIDGET_URL = 'https://widget.intercom.io/widget/{app_id}';

/** The environment variables the config reads, by field. */
export const ENV_NAMES = {
  appId: 'INTERCOM_APP_ID',
  secret: 'INTERCOM_IDENTITY_SECRET',
  iosSecret: 'INTERCOM_IDENTITY_SECRET_IOS',
  androidSecret: 'INTERCOM_IDENTITY_SECRET_ANDROID',
  mode: 'INTERCOM_IDENTITY_MODE',
  region: 'INTERCOM_REGION',
  widgetUrl: 'INTERCOM_WIDGET_URL',
  jwtExpiresIn: 'INTERCOM_IDENTITY_JWT_EXPIRES_IN',
  jwtSignedAttributes: 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES',
  jwtFallback: 'INTERCOM_IDENTITY_JWT_FALLBACK',
} as const;

/** Where warnings and errors about the setup go. Default: `console`. */
export interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

/** JWT options (`mode: 'jwt'`). */
export interface JwtConfig {
  /** Token lifetime in seconds; default 3600; `null` for no `exp`. */
  expiresIn?: number | null;
  /**
   * Attributes signed into the token and left out of the plain settings, so the
   * browser cannot change them. Default `['email']`. Any profile field or custom
   * attribute name may be listed.
   */
  signedAttributes?: readonly string[];
  /** Users with an email but no user_id get a `user_hash` instead of an error. Default false. */
  fallbackToUserHash?: boolean;
}

/** Configuration of intercom-identity. Every field can also come from the environment. */
export interface IntercomIdentityConfig {
  /** Intercom workspace (app) id. Env: INTERCOM_APP_ID. */
  appId?: string;
  /** Web Identity Verification secret. Env: INTERCOM_IDENTITY_SECRET. */
  secret?: string;
  /** Per-platform secrets. Env: INTERCOM_IDENTITY_SECRET_IOS, INTERCOM_IDENTITY_SECRET_ANDROID. */
  secrets?: { web?: string; ios?: string; android?: string };
  /** Default 'user_hash'. Env: INTERCOM_IDENTITY_MODE. */
  mode?: IdentityMode;
  /** Default 'us'. Env: INTERCOM_REGION. */
  region?: Region;
  /** Loader URL, e.g. a local fake Messenger. `{app_id}` is replaced. Env: INTERCOM_WIDGET_URL. */
  widgetUrl?: string;
  /** JWT options. Env: INTERCOM_IDENTITY_JWT_EXPIRES_IN (seconds or "none"), INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES (comma list), INTERCOM_IDENTITY_JWT_FALLBACK=user_hash. */
  jwt?: JwtConfig;
  /** Production logs an error line when no secret is set. Default: NODE_ENV === 'production'. */
  production?: boolean;
  /** Default: console. */
  logger?: Logger;
}

/** A warning about the setup that does not stop the Messenger from booting. */
export interface ConfigWarning {
  code: 'SECRET_MISSING' | 'SECRET_TRIMMED' | 'SECRET_SHORT' | 'SECRET_SHARED_ACROSS_PLATFORMS' | 'WIDGET_URL_INSECURE';
  message: string;
}

const RESOLVED = Symbol.for('intercom-identity.resolved-config');

/** Validated configuration. Secrets are wrapped in {@link Secret}, so logging this object shows no secret. */
export interface ResolvedConfig {
  readonly [RESOLVED]: true;
  readonly appId: string;
  readonly secrets: Readonly<Partial<Record<Platform, Secret>>>;
  readonly mode: IdentityMode;
  readonly region: Region;
  readonly apiBase: string;
  readonly widgetUrl: string;
  readonly jwt: {
    readonly expiresIn: number | null;
    readonly signedAttributes: readonly string[];
    readonly fallbackToUserHash: boolean;
  };
  readonly production: boolean;
  readonly warnings: readonly ConfigWarning[];
  readonly logger: Logger;
}

/** An environment: `process.env`, `$env/dynamic/private`, a Worker's `env`, or a plain object. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Whether `value` came out of {@link resolveConfig}. */
export function isResolvedConfig(value: unknown): value is ResolvedConfig {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}

/** What an Intercom app (workspace) id looks like: the short id of letters, digits, `_` and `-` in the workspace URL. */
export const APP_ID_PATTERN: RegExp = /^[A-Za-z0-9_-]{1,64}$/;
const SHORT_SECRET = 24;

/**
 * Builds a validated configuration from an environment object and explicit
 * options; explicit options win. The core never reads `process.env` itself:
 * pass it (or your framework's env) in.
 *
 * Throws an {@link IntercomIdentityError} for what cannot work (no app id, an
 * unknown mode or region, a malformed secret). Collects warnings for what boots
 * visitors only or looks like a copy-paste mistake (no secret, surrounding
 * whitespace that was trimmed).
 *
 * @example
 * ```ts
 * import { resolveConfig } from '@intercom-identity/core';
 * const config = resolveConfig(process.env, { mode: 'jwt' });
 * for (const warning of config.warnings) console.warn(warning.message);
 * ```
 */
export function resolveConfig(env: EnvSource = {}, options: IntercomIdentityConfig = {}): ResolvedConfig {
  if (typeof env !== 'object' || env === null)
    fail(
      'SETTINGS_INVALID',
      `The env passed to resolveConfig is ${describeValue(env)}; pass process.env or an object of strings.`,
    );
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('SETTINGS_INVALID', `The config is ${describeValue(options)}; pass an object such as { appId: 'abc123' }.`);
  const read = (name: string): string | undefined => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const warnings: ConfigWarning[] = [];

  const appId = stringOption(options.appId, 'appId') ?? read(ENV_NAMES.appId)?.trim();
  if (appId === undefined)
    fail('APP_ID_MISSING', 'No Intercom app id. Set INTERCOM_APP_ID (or the appId option) to your workspace id from Intercom.');
  if (!APP_ID_PATTERN.test(appId))
    fail(
      'APP_ID_INVALID',
      `The Intercom app id "${appId.slice(0, 80)}" is not valid: it is the short workspace id of letters and digits in your Intercom URL.`,
    );

  const mode = (stringOption(options.mode, 'mode') ?? read(ENV_NAMES.mode)?.trim().toLowerCase() ?? 'user_hash') as IdentityMode;
  if (!MODES.includes(mode))
    fail('MODE_UNKNOWN', `Unknown identity mode "${String(mode).slice(0, 40)}". Use one of: ${MODES.join(', ')}.`);
  const region = (stringOption(options.region, 'region') ?? read(ENV_NAMES.region)?.trim().toLowerCase() ?? 'us') as Region;
  if (!REGIONS.includes(region))
    fail('REGION_UNKNOWN', `Unknown Intercom region "${String(region).slice(0, 40)}". Use one of: ${REGIONS.join(', ')}.`);

  const secretOptions = options.secrets ?? {};
  if (typeof secretOptions !== 'object' || secretOptions === null)
    fail('SECRET_MALFORMED', `The secrets option is ${describeValue(secretOptions)}; pass { web, ios, android } strings.`);
  const sources: Record<Platform, [unknown, string]> = {
    web: [secretOptions.web ?? options.secret ?? env[ENV_NAMES.secret], ENV_NAMES.secret],
    ios: [secretOptions.ios ?? env[ENV_NAMES.iosSecret], ENV_NAMES.iosSecret],
    android: [secretOptions.android ?? env[ENV_NAMES.androidSecret], ENV_NAMES.androidSecret],
  };
  const secrets: Partial<Record<Platform, Secret>> = {};
  for (const platform of PLATFORMS) {
    const [raw, name] = sources[platform];
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string')
      fail('SECRET_MALFORMED', `The ${platform} secret (${name}) is ${describeValue(raw)}; it must be a string.`);
    const trimmed = raw.trim();
    if (trimmed === '') {
      warnings.push({ code: 'SECRET_MISSING', message: `${name} is set but blank; it is treated as not set.` });
      continue;
    }
    if (trimmed !== raw)
      warnings.push({
        code: 'SECRET_TRIMMED',
        message: `${name} had whitespace around it (often a copied newline); it was trimmed. Remove it where the variable is set.`,
      });
    checkConfiguredSecret(trimmed, `${platform} secret (${name})`);
    if (trimmed.length < SHORT_SECRET)
      warnings.push({
        code: 'SECRET_SHORT',
        message: `${name} has only ${trimmed.length} characters; Intercom's secrets are longer. Check that you copied all of it.`,
      });
    secrets[platform] = new Secret(trimmed);
  }
  if (secrets.web === undefined)
    warnings.push({
      code: 'SECRET_MISSING',
      message: `No web Identity Verification secret: logged-in users boot the Messenger as visitors. Set ${ENV_NAMES.secret}.`,
    });
  for (const platform of ['ios', 'android'] as const) {
    const other = secrets[platform];
    if (other?.equals(secrets.web))
      warnings.push({
        code: 'SECRET_SHARED_ACROSS_PLATFORMS',
        message: `The ${platform} secret equals the web secret. Intercom gives each platform its own secret: copy the ${platform} one from Messenger security settings.`,
      });
  }

  const widgetTemplate = stringOption(options.widgetUrl, 'widgetUrl') ?? read(ENV_NAMES.widgetUrl)?.trim() ?? DEFAULT_WIDGET_URL;
  const widgetUrl = widgetTemplate.split('{app_id}').join(encodeURIComponent(appId));
  let parsed: URL | undefined;
  try {
    parsed = new URL(widgetUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    fail(
      'WIDGET_URL_INVALID',
      `The widget URL "${widgetUrl.slice(0, 200)}" is not an http(s) URL. Unset INTERCOM_WIDGET_URL to load the real Messenger.`,
    );
  const production = options.production ?? env.NODE_ENV === 'production';
  if (parsed.protocol === 'http:' && production && !isLoopback(parsed.hostname))
    warnings.push({ code: 'WIDGET_URL_INSECURE', message: `The widget URL ${parsed.origin} uses plain http in production.` });

  const resolved = {
    [RESOLVED]: true as const,
    appId,
    secrets: Object.freeze(secrets),
    mode,
    region,
    apiBase: API_BASES[region],
    widgetUrl: parsed.href,
    jwt: Object.freeze(resolveJwt(options.jwt, env)),
    production,
    warnings: Object.freeze(warnings),
  } as Omit<ResolvedConfig, 'logger'>;
  // Not enumerable: printing a config shows the setup, not the whole console object.
  Object.defineProperty(resolved, 'logger', { value: options.logger ?? console, enumerable: false });
  return Object.freeze(resolved) as ResolvedConfig;
}

function stringOption(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('SETTINGS_INVALID', `The ${name} option is ${describeValue(value)}; it must be a string.`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

// The string rules of every env source (process.env, a framework's runtime
// config, WordPress constants in PHP): values are trimmed, blank means unset.
const ON = ['user_hash', 'true', '1', 'yes', 'on'];
const OFF = ['false', '0', 'no', 'off', 'none'];

/** A JWT lifetime from a string: whole seconds, or `none` for tokens without `exp`; NaN for anything else. */
function parseLifetime(raw: string): number | null {
  if (raw.toLowerCase() === 'none') return null;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** A list from a string: comma-separated, items trimmed, empty items dropped; `none` for an empty list. */
function parseList(raw: string): string[] {
  if (raw.toLowerCase() === 'none') return [];
  return raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** An on/off flag from a string; undefined for a word that is neither. */
function parseFlag(raw: string): boolean | undefined {
  const word = raw.toLowerCase();
  if (ON.includes(word)) return true;
  if (OFF.includes(word)) return false;
  return undefined;
}

function resolveJwt(options: JwtConfig | undefined, env: EnvSource): ResolvedConfig['jwt'] {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    fail('JWT_OPTION_INVALID', `The jwt option is ${describeValue(options)}; pass { expiresIn, signedAttributes }.`);
  const read = (name: string): string | undefined => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  let expiresIn: number | null = DEFAULT_JWT_EXPIRES_IN;
  const lifetime = read(ENV_NAMES.jwtExpiresIn);
  if (options?.expiresIn !== undefined) expiresIn = options.expiresIn;
  else if (lifetime !== undefined) expiresIn = parseLifetime(lifetime);
  if (expiresIn !== null && !(Number.isSafeInteger(expiresIn) && expiresIn > 0))
    fail(
      'JWT_OPTION_INVALID',
      `The JWT lifetime (${ENV_NAMES.jwtExpiresIn} or jwt.expiresIn) is not valid. Use a whole number of seconds above 0, or "none" (null) for tokens without exp.`,
    );
  let signedAttributes: readonly string[] = ['email'];
  const list = read(ENV_NAMES.jwtSignedAttributes);
  if (options?.signedAttributes !== undefined) signedAttributes = options.signedAttributes;
  else if (list !== undefined) signedAttributes = parseList(list);
  if (!Array.isArray(signedAttributes) || !signedAttributes.every((name) => typeof name === 'string' && name !== ''))
    fail('JWT_OPTION_INVALID', 'jwt.signedAttributes must be a list of attribute names, such as ["email", "name"].');
  for (const name of signedAttributes)
    if (['user_id', 'iat', 'exp', 'app_id', 'user_hash', 'intercom_user_jwt', 'company', 'companies'].includes(name))
      fail('JWT_OPTION_INVALID', `"${name}" cannot be listed in jwt.signedAttributes: list profile fields or custom attributes.`);
  const flag = read(ENV_NAMES.jwtFallback);
  const fallback = options?.fallbackToUserHash ?? (flag === undefined ? false : parseFlag(flag));
  if (typeof fallback !== 'boolean')
    fail(
      'JWT_OPTION_INVALID',
      `${ENV_NAMES.jwtFallback} must be user_hash (or true) to fall back, or false; jwt.fallbackToUserHash must be true or false.`,
    );
  return { expiresIn, signedAttributes: Object.freeze([...signedAttributes]), fallbackToUserHash: fallback };
}
