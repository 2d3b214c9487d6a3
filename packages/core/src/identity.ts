import {
  type IntercomIdentityConfig,
  isResolvedConfig,
  PLATFORMS,
  type Platform,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { describeError, fail, isIntercomIdentityError } from './errors.js';
import { type JwtClaimValue, signPayload } from './jwt.js';
import { logOnceTo } from './log.js';
import { markerOfKey, personMarker, personMarkerKey } from './marker.js';
import {
  type BootScriptAttributes,
  bootScriptAttributes,
  bootScriptBodyFor,
  bootScriptTag,
  type RenderScriptOptions,
} from './script.js';
import type { IntercomSettings } from './settings.js';
import { checkExtra, checkNoPrototypeKeys, type IntercomUser, type NormalizedUser, normalizeUser } from './user.js';

export type { IntercomSettings } from './settings.js';

/** The proof for one user on one platform, as the mobile and refresh endpoint returns it. */
export type IdentityProof =
  | { type: 'user_hash'; platform: Platform; user_id?: string; email?: string; user_hash: string }
  | { type: 'jwt'; platform: Platform; intercom_user_jwt: string; expires_at: number | null };

/** What {@link createIdentity} returns. */
export interface Identity {
  /** The validated configuration (secrets redacted when printed). */
  readonly config: ResolvedConfig;
  /** Messenger settings for this user, signed; visitor settings when `user` is null. */
  bootSettings(user: IntercomUser | null | undefined, extra?: Record<string, unknown>): Promise<IntercomSettings>;
  /** One inline `<script>` that sets `window.intercomSettings` and loads the Messenger. */
  renderScript(settings: IntercomSettings, options?: RenderScriptOptions): string;
  /** The proof alone, for a platform; null for a visitor. */
  proof(user: IntercomUser | null | undefined, platform?: Platform): Promise<IdentityProof | null>;
  /**
   * Everything a page needs, without ever throwing for bad input: the boot script
   * for this user, the settings in it, and whether it carries a proof (then the
   * response must be `Cache-Control: private, no-store`). A user object, extra
   * settings or nonce that the core refuses is logged (code and message, never a
   * secret) and left out: the Messenger then boots as a visitor, never as an
   * unsigned identified user.
   */
  renderBoot(user: IntercomUser | null | undefined, options?: RenderBootOptions): Promise<RenderedBoot>;
}

/** Options of {@link Identity.renderBoot}. */
export interface RenderBootOptions extends RenderScriptOptions {
  /** Extra Messenger settings (launcher options and the like), such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /** @deprecated Renamed `settings`, as in every adapter; the old name goes in the next minor version. */
  extra?: Record<string, unknown>;
}

/** What {@link Identity.renderBoot} returns: the boot script, whole and in parts, and what it carries. */
export interface RenderedBoot {
  /** The whole inline `<script>`. */
  html: string;
  /** The script's content, for a framework that renders the tag itself (React's `dangerouslySetInnerHTML`). */
  body: string;
  /** The tag's attributes: `data-intercom-identity` and, when given, the validated CSP `nonce`. */
  attributes: BootScriptAttributes;
  /** The settings the script sets. */
  settings: IntercomSettings;
  /** True when the settings carry a proof: the page must be private and never cached. */
  signed: boolean;
}

/** What a user_hash proof signs besides the identifier: nothing. */
const NOTHING_SIGNED: readonly string[] = [];

/**
 * Creates the signer for one Intercom workspace. Pass a config object (and let
 * your adapter fill it from the environment with {@link resolveConfig}), or a
 * config that `resolveConfig` already returned.
 *
 * @example
 * ```ts
 * import { createIdentity, resolveConfig } from '@intercom-identity/core';
 * const identity = createIdentity(resolveConfig(process.env));
 * const settings = await identity.bootSettings({ user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' });
 * const html = identity.renderScript(settings, { nonce: res.locals.cspNonce });
 * ```
 */
export function createIdentity(config: IntercomIdentityConfig | ResolvedConfig): Identity {
  const resolved = isResolvedConfig(config) ? config : resolveConfig({}, config);
  const sayOnce = logOnceTo(resolved.logger);
  for (const warning of resolved.warnings) sayOnce('warn', `${warning.code}: ${warning.message}`);
  if (resolved.secrets.web === undefined && resolved.production)
    sayOnce(
      'error',
      'SECRET_MISSING: production is running without INTERCOM_IDENTITY_SECRET; signed-in users are not identified in the Messenger.',
    );

  // Derived once: the key of the person markers this identity's boot scripts keep in the browser.
  const webSecret = resolved.secrets.web;
  const markerKey = webSecret === undefined ? undefined : personMarkerKey(webSecret.reveal());
  // The identity key of the settings bootSettings made, known from the user it
  // signed: the marker then needs no decoding of the JWT it just signed. renderBoot
  // keeps the key itself and leaves this map alone (an entry per page is work for the collector).
  const keys = new WeakMap<IntercomSettings, string>();
  const marker = (settings: IntercomSettings): string => {
    const key = keys.get(settings);
    return key === undefined ? personMarker(settings, markerKey) : markerOfKey(key, markerKey);
  };
  const gate = { consent: resolved.consent === 'required', facade: resolved.load === 'interaction' };
  const render = bootScriptBodyFor(resolved.appId, resolved.widgetUrl, gate);
  const body = (settings: IntercomSettings): string => render(settings, marker(settings));

  const base = (): IntercomSettings => ({ app_id: resolved.appId, api_base: resolved.apiBase });

  async function proofFor(
    user: NormalizedUser,
    platform: Platform,
  ): Promise<{ proof: IdentityProof; signed: readonly string[] }> {
    const secret = resolved.secrets[platform];
    if (secret === undefined)
      fail(
        'SECRET_MISSING',
        `No ${platform} secret is configured. Set INTERCOM_IDENTITY_SECRET${platform === 'web' ? '' : `_${platform.toUpperCase()}`}.`,
      );
    if (resolved.mode === 'jwt' && (user.user_id !== undefined || !resolved.jwt.fallbackToUserHash)) {
      if (user.user_id === undefined)
        fail(
          'JWT_USER_ID_REQUIRED',
          'This user has an email but no user_id, and JWT mode needs a user_id. Give the user a user_id, or set jwt.fallbackToUserHash (INTERCOM_IDENTITY_JWT_FALLBACK=user_hash).',
        );
      // The claims in the order userJwtPayload gives (the PHP plugin signs the same):
      // user_id, the signed attributes, iat, exp. The user was validated by
      // normalizeUser and the names by the config, so the payload is signed as it is.
      const payload: Record<string, JwtClaimValue> = { user_id: user.user_id };
      // The names the JWT carries: a short list, cheaper to make than a Set.
      const signed = ['user_id'];
      for (const name of resolved.jwt.signedAttributes) {
        const value = name === 'email' ? user.email : user.profile[name];
        if (value === undefined) continue;
        if (typeof value === 'object' && value !== null)
          fail(
            'JWT_CLAIM_INVALID',
            `The attribute "${name}" is an object and cannot be a JWT claim. Remove it from jwt.signedAttributes.`,
          );
        payload[name] = value as JwtClaimValue;
        signed.push(name);
      }
      const now = Math.floor(Date.now() / 1000);
      payload.iat = now;
      const expiresAt = resolved.jwt.expiresIn === null ? null : now + resolved.jwt.expiresIn;
      if (expiresAt !== null) payload.exp = expiresAt;
      const token = await signPayload(secret.reveal(), payload);
      return { proof: { type: 'jwt', platform, intercom_user_jwt: token, expires_at: expiresAt }, signed };
    }
    // The user_id is the identifier whenever one is sent, even next to an email.
    const identifier = user.user_id ?? (user.email as string);
    const hash = await backend.hmacHex(secret.reveal(), identifier);
    const proof: IdentityProof = { type: 'user_hash', platform, user_hash: hash };
    if (user.user_id !== undefined) proof.user_id = user.user_id;
    if (user.email !== undefined) proof.email = user.email;
    return { proof, signed: NOTHING_SIGNED };
  }

  const logFailure = (error: unknown, consequence: string) =>
    resolved.logger.error(`[intercom-identity] ${describeError(error)} ${consequence}`);
  // An email-only user in JWT mode fails the same way on every page: said once per user of this setup.
  // The key holds the email but is never printed; past the bound, nothing more is said.
  const usersTold = new Set<string>();
  const logUserFailure = (error: unknown, user: unknown, consequence: string) => {
    if (!isIntercomIdentityError(error, 'JWT_USER_ID_REQUIRED')) return logFailure(error, consequence);
    const email = (user as { email?: unknown } | null | undefined)?.email;
    const key = typeof email === 'string' ? email : '';
    if (usersTold.has(key) || usersTold.size >= 1000) return;
    usersTold.add(key);
    logFailure(error, `${consequence} (Said once per user.)`);
  };

  // Extra settings never replace an attribute of the user: the user's value (perhaps signed) is what
  // Intercom should store. The setting is left out, with a warning once per name.
  const withoutOverrides = (extras: Record<string, unknown>, profile: Record<string, unknown>) => {
    let kept = extras;
    for (const key of Object.keys(extras)) {
      if (!Object.hasOwn(profile, key)) continue;
      if (kept === extras) kept = { ...extras };
      delete kept[key];
      sayOnce(
        'warn',
        `SETTINGS_OVERRIDE_ATTRIBUTE: the extra setting "${key}" has the name of one of the user's custom attributes; the user's attribute is sent and the setting is left out. Rename the setting.`,
      );
    }
    return kept;
  };

  /** The settings of bootSettings, and the identity key of whom they identify (null for a visitor). */
  async function signedSettings(
    user: IntercomUser | null | undefined,
    extra: Record<string, unknown> | undefined,
  ): Promise<{ settings: IntercomSettings; key: string | null }> {
    const extras = checkExtra(extra);
    const normalized = normalizeUser(user);
    if (normalized === null) return { settings: { ...base(), ...extras }, key: null };
    if (resolved.secrets.web === undefined) {
      sayOnce('warn', 'SECRET_MISSING: a signed-in user booted as a visitor because no web secret is set.');
      return { settings: { ...base(), ...extras }, key: null };
    }
    const { proof, signed } = await proofFor(normalized, 'web');
    const settings = base();
    if (proof.type === 'jwt') {
      settings.intercom_user_jwt = proof.intercom_user_jwt;
      if (normalized.email !== undefined && !signed.includes('email')) settings.email = normalized.email;
    } else {
      if (proof.user_id !== undefined) settings.user_id = proof.user_id;
      if (proof.email !== undefined) settings.email = proof.email;
      settings.user_hash = proof.user_hash;
    }
    const { profile } = normalized;
    for (const key of Object.keys(profile)) if (!signed.includes(key)) settings[key] = profile[key];
    const kept = withoutOverrides(extras, normalized.profile);
    const result = Object.keys(kept).length === 0 ? settings : { ...settings, ...kept };
    // As identityKey reads these settings: the user_id (plain, or the JWT's), else the email that was hashed.
    const userId = proof.type === 'jwt' ? normalized.user_id : proof.user_id;
    const email = proof.type === 'jwt' ? undefined : proof.email;
    const key = typeof userId === 'string' ? `user_id:${userId}` : typeof email === 'string' ? `email:${email}` : null;
    return { settings: result, key };
  }

  const identity: Identity = {
    config: resolved,

    async bootSettings(user, extra) {
      const { settings, key } = await signedSettings(user, extra);
      if (key !== null) keys.set(settings, key);
      return settings;
    },

    renderScript(settings, options) {
      if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
        fail('SETTINGS_INVALID', `renderScript needs the settings from bootSettings, got ${describeValue(settings)}.`);
      if (settings.app_id !== resolved.appId)
        fail(
          'SETTINGS_INVALID',
          'These settings were made for another app_id. Pass the result of bootSettings of this identity.',
        );
      checkNoPrototypeKeys(settings, 'the settings');
      return bootScriptTag(body(settings), bootScriptAttributes(options));
    },

    async proof(user, platform = 'web') {
      if (!PLATFORMS.includes(platform))
        fail(
          'PLATFORM_UNKNOWN',
          `Unknown platform ${typeof platform === 'string' ? `"${platform.slice(0, 20)}"` : describeValue(platform)}. Use web, ios or android.`,
        );
      const normalized = normalizeUser(user);
      if (normalized === null) return null;
      return (await proofFor(normalized, platform)).proof;
    },

    async renderBoot(user, options = {}) {
      const extra = options.settings ?? options.extra;
      let made: { settings: IntercomSettings; key: string | null };
      try {
        made = await signedSettings(user, extra);
      } catch (error) {
        // Never an unsigned identified user: the fallback is a visitor.
        logUserFailure(error, user, 'The Messenger boots as a visitor on this page.');
        try {
          made = await signedSettings(null, extra);
        } catch (extraError) {
          logFailure(extraError, 'The extra settings were left out.');
          made = await signedSettings(null, undefined);
        }
      }
      const { settings } = made;
      let attributes: BootScriptAttributes;
      try {
        attributes = bootScriptAttributes(options.nonce === undefined ? {} : { nonce: options.nonce });
      } catch (error) {
        logFailure(error, 'The boot script was rendered without a nonce.');
        attributes = bootScriptAttributes();
      }
      const script = render(settings, markerOfKey(made.key, markerKey));
      const signed = settings.user_hash !== undefined || settings.intercom_user_jwt !== undefined;
      return { html: bootScriptTag(script, attributes), body: script, attributes, settings, signed };
    },
  };
  return identity;
}
