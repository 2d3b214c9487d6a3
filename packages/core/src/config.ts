import { resolveAllowedOrigins } from './cors.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { DEFAULT_JWT_EXPIRES_IN } from './jwt.js';
import { checkConfiguredSecret, Secret } from './secret.js';

/** Where a proof is used. Each has its own secret in Intercom. */
export type Platform = 'web' | 'ios' | 'android';
/** How the user is proven: a signed JWT (the default), or the classic hash. */
export type IdentityMode = 'user_hash' | 'jwt';
/** Intercom's data-hosting regions. */
export type Region = 'us' | 'eu' | 'au';
/** Whether the Messenger waits for the visitor's consent: `none` (it loads with the page) or `required`. */
export type ConsentMode = 'none' | 'required';
/** When the Messenger loads: with the `page`, or on the first `interaction` with a lightweight launcher. */
export type LoadMode = 'page' | 'interaction';

export const PLATFORMS: readonly Platform[] = ['web', 'ios', 'android'];
export const MODES: readonly IdentityMode[] = ['user_hash', 'jwt'];
export const REGIONS: readonly Region[] = ['us', 'eu', 'au'];
export const CONSENT_MODES: readonly ConsentMode[] = ['none', 'required'];
export const LOAD_MODES: readonly LoadMode[] = ['page', 'interaction'];

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
  previousSecret: 'INTERCOM_IDENTITY_SECRET_PREVIOUS',
  iosPreviousSecret: 'INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS',
  androidPreviousSecret: 'INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS',
  mode: 'INTERCOM_IDENTITY_MODE',
  region: 'INTERCOM_REGION',
  widgetUrl: 'INTERCOM_WIDGET_URL',
  jwtExpiresIn: 'INTERCOM_IDENTITY_JWT_EXPIRES_IN',
  jwtSignedAttributes: 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES',
  jwtFallback: 'INTERCOM_IDENTITY_JWT_FALLBACK',
  allowedOrigins: 'INTERCOM_IDENTITY_ALLOWED_ORIGINS',
  consent: 'INTERCOM_CONSENT',
  load: 'INTERCOM_LOAD',
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
  /**
   * The web secret being rotated out: proofs made with it still verify, nothing is signed with it.
   * Env: INTERCOM_IDENTITY_SECRET_PREVIOUS.
   */
  previousSecret?: string;
  /** Previous secrets per platform. Env: INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS, INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS. */
  previousSecrets?: { web?: string; ios?: string; android?: string };
  /**
   * Default 'jwt' (Messenger security, which Intercom recommends); 'user_hash' is the compatible mode.
   * Env: INTERCOM_IDENTITY_MODE.
   */
  mode?: IdentityMode;
  /** Default 'us'. Env: INTERCOM_REGION. */
  region?: Region;
  /** Loader URL, e.g. a local fake Messenger. `{app_id}` is replaced. Env: INTERCOM_WIDGET_URL. */
  widgetUrl?: string;
  /** JWT options. Env: INTERCOM_IDENTITY_JWT_EXPIRES_IN (seconds or "none"), INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES (comma list), INTERCOM_IDENTITY_JWT_FALLBACK=user_hash. */
  jwt?: JwtConfig;
  /**
   * Origins of single-page apps that read the proof endpoint from another origin,
   * with the user's cookies (`['https://app.example.com']`). Each is named in full;
   * `*` is refused. Default none: the endpoint answers its own origin only.
   * Env: INTERCOM_IDENTITY_ALLOWED_ORIGINS (a comma list).
   */
  allowedOrigins?: string[];
  /**
   * `required`: the page carries the signed settings but loads nothing from
   * Intercom and sets no cookie until the browser calls `grantIntercomConsent()`;
   * `withdrawIntercomConsent()` shuts the Messenger down and removes its cookies.
   * Default `none`. Env: INTERCOM_CONSENT.
   */
  consent?: ConsentMode;
  /**
   * `interaction`: the page shows a lightweight launcher and loads the Messenger
   * on its first click (or the app's first `Intercom('show…')` call), then boots
   * it verified and opens it. Default `page`. Env: INTERCOM_LOAD.
   */
  load?: LoadMode;
  /**
   * How long, in milliseconds, a request waits for `getUser`. Past it the request
   * goes on without a user: the page boots the Messenger as a visitor, the proof
   * endpoint answers 500 `SESSION_LOOKUP_TIMEOUT`, and getUser's late answer is
   * ignored. Default 3000; `0`, `Infinity` or `false` waits as long as getUser takes.
   * An option only, not read from the env.
   */
  userTimeout?: number | false;
  /** Production logs an error line when no secret is set. Default: NODE_ENV === 'production'. */
  production?: boolean;
  /** Default: console. */
  logger?: Logger;
}

/** A warning about the setup that does not stop the Messenger from booting. */
export interface ConfigWarning {
  code:
    | 'SECRET_MISSING'
    | 'SECRET_TRIMMED'
    | 'SECRET_SHORT'
    | 'SECRET_SHARED_ACROSS_PLATFORMS'
    | 'SECRET_PREVIOUS_SAME'
    | 'WIDGET_URL_INSECURE';
  message: string;
}

const RESOLVED = Symbol.for('intercom-identity.resolved-config');

/** Validated configuration. Secrets are wrapped in {@link Secret}, so logging this object shows no secret. */
export interface ResolvedConfig {
  readonly [RESOLVED]: true;
  readonly appId: string;
  readonly secrets: Readonly<Partial<Record<Platform, Secret>>>;
  /** The secrets being rotated out, per platform: accepted when verifying, never used to sign. */
  readonly previousSecrets: Readonly<Partial<Record<Platform, Secret>>>;
  readonly mode: IdentityMode;
  readonly region: Region;
  readonly apiBase: string;
  readonly widgetUrl: string;
  /** Origins allowed to read the proof endpoint with credentials, canonical (`https://app.example.com`). */
  readonly allowedOrigins: readonly string[];
  /** Whether the Messenger waits for consent in the browser. */
  readonly consent: ConsentMode;
  /** When the Messenger loads in the browser. */
  readonly load: LoadMode;
  readonly jwt: {
    readonly expiresIn: number | null;
    readonly signedAttributes: readonly string[];
    readonly fallbackToUserHash: boolean;
  };
  /** Milliseconds a request waits for `getUser`; null when it waits as long as getUser takes. */
  readonly userTimeout: number | null;
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
/** How long a request waits for `getUser` by default, in milliseconds. */
const DEFAULT_USER_TIMEOUT = 3000;
// The longest delay a timer takes: a longer one would fire at once.
const MAX_TIMER_DELAY = 2 ** 31 - 1;
// Real app ids have 8 characters; anything past this is something else, often a secret.
const MAX_APP_ID_LENGTH = 20;

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
 * // JWT is the default mode; { mode: 'user_hash' } keeps the compatible one.
 * const config = resolveConfig(process.env, { region: 'eu' });
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

  const secretOptions = options.secrets ?? {};
  if (typeof secretOptions !== 'object' || secretOptions === null)
    fail('SECRET_MALFORMED', `The secrets option is ${describeValue(secretOptions)}; pass { web, ios, android } strings.`);
  const previousOptions = options.previousSecrets ?? {};
  if (typeof previousOptions !== 'object' || previousOptions === null)
    fail(
      'SECRET_MALFORMED',
      `The previousSecrets option is ${describeValue(previousOptions)}; pass { web, ios, android } strings.`,
    );

  const appIdLabel = `${ENV_NAMES.appId} (or the appId option)`;
  const appIdRaw = rawOption(options.appId, 'appId') ?? read(ENV_NAMES.appId);
  if (appIdRaw === undefined)
    fail('APP_ID_MISSING', 'No Intercom app id. Set INTERCOM_APP_ID (or the appId option) to your workspace id from Intercom.');
  const appId = checkConfigValue(appIdRaw, appIdLabel, 'APP_ID_INVALID');
  // The app id is sent to every browser: a secret pasted there must never get that far.
  if (appId.length > MAX_APP_ID_LENGTH) {
    const web = secretOptions.web ?? options.secret ?? env[ENV_NAMES.secret];
    const webText = typeof web === 'string' ? web.trim() : '';
    if (webText !== '' && webText.length <= MAX_APP_ID_LENGTH && APP_ID_PATTERN.test(webText))
      fail(
        'CONFIG_SWAPPED',
        `${ENV_NAMES.appId} looks like a secret and ${ENV_NAMES.secret} like an app id: swap them. Never publish the would-be app id (the app id is sent to every browser); if it was published, rotate the secret in Intercom.`,
      );
    fail(
      'APP_ID_INVALID',
      `${appIdLabel} has more than ${MAX_APP_ID_LENGTH} characters, so it is not an app id (Intercom's are 8 letters and digits) and may be a secret: never publish it. Set it to the workspace id from your Intercom URL.`,
    );
  }
  if (!APP_ID_PATTERN.test(appId))
    fail(
      'APP_ID_INVALID',
      `${appIdLabel} is not a valid app id: it is the short workspace id of letters and digits in your Intercom URL.`,
    );

  const mode = (stringOption(options.mode, 'mode') ?? read(ENV_NAMES.mode)?.trim().toLowerCase() ?? 'jwt') as IdentityMode;
  if (!MODES.includes(mode))
    fail('MODE_UNKNOWN', `${ENV_NAMES.mode} (or the mode option) is not a known identity mode. Use one of: ${MODES.join(', ')}.`);
  const region = (stringOption(options.region, 'region') ?? read(ENV_NAMES.region)?.trim().toLowerCase() ?? 'us') as Region;
  if (!REGIONS.includes(region))
    fail(
      'REGION_UNKNOWN',
      `${ENV_NAMES.region} (or the region option) is not a known Intercom region. Use one of: ${REGIONS.join(', ')}.`,
    );

  const consent = (stringOption(options.consent, 'consent') ??
    read(ENV_NAMES.consent)?.trim().toLowerCase() ??
    'none') as ConsentMode;
  if (!CONSENT_MODES.includes(consent))
    fail(
      'CONSENT_UNKNOWN',
      `${ENV_NAMES.consent} (or the consent option) is not a known consent mode. Use one of: ${CONSENT_MODES.join(', ')}.`,
    );
  const load = (stringOption(options.load, 'load') ?? read(ENV_NAMES.load)?.trim().toLowerCase() ?? 'page') as LoadMode;
  if (!LOAD_MODES.includes(load))
    fail(
      'LOAD_UNKNOWN',
      `${ENV_NAMES.load} (or the load option) is not a known load mode. Use one of: ${LOAD_MODES.join(', ')}.`,
    );

  const sources: Record<Platform, [unknown, string]> = {
    web: [secretOptions.web ?? options.secret ?? env[ENV_NAMES.secret], ENV_NAMES.secret],
    ios: [secretOptions.ios ?? env[ENV_NAMES.iosSecret], ENV_NAMES.iosSecret],
    android: [secretOptions.android ?? env[ENV_NAMES.androidSecret], ENV_NAMES.androidSecret],
  };
  const secrets = resolveSecrets(sources, '', warnings);
  const previousSources: Record<Platform, [unknown, string]> = {
    web: [previousOptions.web ?? options.previousSecret ?? env[ENV_NAMES.previousSecret], ENV_NAMES.previousSecret],
    ios: [previousOptions.ios ?? env[ENV_NAMES.iosPreviousSecret], ENV_NAMES.iosPreviousSecret],
    android: [previousOptions.android ?? env[ENV_NAMES.androidPreviousSecret], ENV_NAMES.androidPreviousSecret],
  };
  const previousSecrets = resolveSecrets(previousSources, 'previous ', warnings);
  for (const platform of PLATFORMS) {
    const previous = previousSecrets[platform];
    if (previous === undefined) continue;
    const [, previousName] = previousSources[platform];
    const [, currentName] = sources[platform];
    if (secrets[platform] === undefined)
      fail(
        'SECRET_PREVIOUS_WITHOUT_CURRENT',
        `${previousName} is set but ${currentName} is not. While rotating, set ${currentName} to the new secret from Intercom and ${previousName} to the old one; once rotated, unset ${previousName}.`,
      );
    if (previous.equals(secrets[platform]))
      warnings.push({
        code: 'SECRET_PREVIOUS_SAME',
        message: `${previousName} equals ${currentName}, so nothing is being rotated. Set ${currentName} to the new secret from Intercom, or unset ${previousName}.`,
      });
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

  const widgetLabel = `${ENV_NAMES.widgetUrl} (or the widgetUrl option)`;
  const widgetRaw = rawOption(options.widgetUrl, 'widgetUrl') ?? read(ENV_NAMES.widgetUrl);
  const widgetTemplate =
    widgetRaw === undefined ? DEFAULT_WIDGET_URL : checkConfigValue(widgetRaw, widgetLabel, 'WIDGET_URL_INVALID');
  const widgetUrl = widgetTemplate.split('{app_id}').join(encodeURIComponent(appId));
  let parsed: URL | undefined;
  try {
    parsed = new URL(widgetUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    fail('WIDGET_URL_INVALID', `${widgetLabel} is not an http(s) URL. Unset it to load the real Messenger.`);
  // The loader URL is printed into every page: credentials in it would be published.
  if (parsed.username !== '' || parsed.password !== '')
    fail(
      'WIDGET_URL_INVALID',
      `${widgetLabel} holds user:password@ credentials, and it is printed into every page: remove the credentials from the widget URL.`,
    );
  const production = options.production ?? env.NODE_ENV === 'production';
  if (parsed.protocol === 'http:' && production && !isLoopback(parsed.hostname))
    warnings.push({
      code: 'WIDGET_URL_INSECURE',
      message: `The widget URL (${ENV_NAMES.widgetUrl}) uses plain http in production. Use https, or unset it to load the real Messenger.`,
    });

  const resolved = {
    [RESOLVED]: true as const,
    appId,
    secrets: Object.freeze(secrets),
    previousSecrets: Object.freeze(previousSecrets),
    mode,
    region,
    apiBase: API_BASES[region],
    widgetUrl: parsed.href,
    allowedOrigins: resolveAllowedOrigins(
      options.allowedOrigins ?? read(ENV_NAMES.allowedOrigins),
      `${ENV_NAMES.allowedOrigins} (or the allowedOrigins option)`,
    ),
    consent,
    load,
    jwt: Object.freeze(resolveJwt(options.jwt, env)),
    userTimeout: resolveUserTimeout(options.userTimeout),
    production,
    warnings: Object.freeze(warnings),
  } as Omit<ResolvedConfig, 'logger'>;
  // Not enumerable: printing a config shows the setup, not the whole console object.
  Object.defineProperty(resolved, 'logger', { value: options.logger ?? console, enumerable: false });
  return Object.freeze(resolved) as ResolvedConfig;
}

/** The secrets of `sources` as {@link Secret}s, after the checks for copy-paste mistakes; `kind` is "" or "previous ". */
function resolveSecrets(
  sources: Record<Platform, [unknown, string]>,
  kind: string,
  warnings: ConfigWarning[],
): Partial<Record<Platform, Secret>> {
  const secrets: Partial<Record<Platform, Secret>> = {};
  for (const platform of PLATFORMS) {
    const [raw, name] = sources[platform];
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string')
      fail('SECRET_MALFORMED', `The ${platform} ${kind}secret (${name}) is ${describeValue(raw)}; it must be a string.`);
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
    checkConfigValue(raw, name, 'SECRET_MALFORMED');
    checkConfiguredSecret(trimmed, `${platform} ${kind}secret (${name})`);
    if (trimmed.length < SHORT_SECRET)
      warnings.push({
        code: 'SECRET_SHORT',
        message: `${name} has only ${trimmed.length} characters; Intercom's secrets are longer. Check that you copied all of it.`,
      });
    secrets[platform] = new Secret(trimmed);
  }
  return secrets;
}

/** An option as it was given (untrimmed), undefined when unset or blank; a non-string is SETTINGS_INVALID. */
function rawOption(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('SETTINGS_INVALID', `The ${name} option is ${describeValue(value)}; it must be a string.`);
  return value.trim() === '' ? undefined : value;
}

function stringOption(value: unknown, name: string): string | undefined {
  return rawOption(value, name)?.trim();
}

// Copy-paste mistakes in the app id, the secrets and the widget URL (the spec the PHP plugin shares).
// Messages name the variable and never quote the value, not even a part of it.
const QUOTED = /^(["'])[\s\S]*\1$/;
const NAME_PREFIX = /^([A-Z][A-Z0-9_]*)=/;
// Zero-width characters survive trim(); U+FEFF is trimmed by JavaScript but not by PHP, so the raw value is checked.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;
// Also the placeholders docs write and people copy: your-web-secret, <secret>, ... (and the one-character ellipsis).
const PLACEHOLDER = /^(?:undefined|null|changeme|change-me|change_me|your[-_ ].*|<.*>|\.{3,}|\u2026|x{3,}|todo)$/i;
// The names that may be printed when a value starts with "NAME=": they are ours, not config.
const KNOWN_NAMES: ReadonlySet<string> = new Set([...Object.values(ENV_NAMES), 'NODE_ENV']);

/**
 * The trimmed value of one config string, after the checks for the usual
 * copy-paste mistakes: quotes around it, `NAME=value` pasted whole, invisible or
 * control characters, a placeholder. Each is an error with `code` that names the
 * variable (`label`) and never quotes the value.
 */
function checkConfigValue(
  raw: string,
  label: string,
  code: 'APP_ID_INVALID' | 'SECRET_MALFORMED' | 'WIDGET_URL_INVALID',
): string {
  const value = raw.trim();
  if (QUOTED.test(value))
    fail(code, `The value of ${label} is wrapped in quotes: remove the quotes around the value of ${label}.`);
  const prefix = NAME_PREFIX.exec(value)?.[1];
  if (prefix !== undefined) {
    const held = KNOWN_NAMES.has(prefix) ? `"${prefix}="` : 'a variable name and "="';
    fail(code, `The value of ${label} holds ${held}: paste only the part after =.`);
  }
  if (ZERO_WIDTH.test(raw) || CONTROL.test(value))
    fail(code, `${label} holds an invisible or control character; copy it again from Intercom.`);
  if (PLACEHOLDER.test(value)) fail(code, `${label} is a placeholder; set the real value from Intercom's settings.`);
  return value;
}

/** The userTimeout option in milliseconds, or null for no limit; USER_TIMEOUT_INVALID for anything else. */
export function resolveUserTimeout(value: unknown): number | null {
  if (value === undefined) return DEFAULT_USER_TIMEOUT;
  if (value === false || value === 0 || value === Number.POSITIVE_INFINITY) return null;
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMER_DELAY) return value;
  return fail(
    'USER_TIMEOUT_INVALID',
    `The userTimeout option is ${typeof value === 'number' ? 'a number out of range' : describeValue(value)}; give the milliseconds a request waits for getUser (above 0, at most ${MAX_TIMER_DELAY}), or false (also 0 or Infinity) to wait as long as getUser takes.`,
  );
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
