import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createIdentity, resolveConfig } from '../src/index.js';
import { ANDROID_SECRET, APP_ID, errorOf, IOS_SECRET, recordingLogger, SECRET } from './support.js';

const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };

describe('resolveConfig', () => {
  it('reads every INTERCOM_* name from the env object it is given', () => {
    const config = resolveConfig({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: SECRET,
      INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
      INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
      INTERCOM_IDENTITY_MODE: 'user_hash',
      INTERCOM_REGION: 'eu',
      INTERCOM_WIDGET_URL: 'http://127.0.0.1:4000/widget/{app_id}',
      INTERCOM_IDENTITY_JWT_EXPIRES_IN: '900',
      INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: 'email, name,plan',
      INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash',
    });
    expect(config.appId).toBe(APP_ID);
    expect(config.secrets.web?.reveal()).toBe(SECRET);
    expect(config.secrets.ios?.reveal()).toBe(IOS_SECRET);
    expect(config.secrets.android?.reveal()).toBe(ANDROID_SECRET);
    expect(config.mode).toBe('user_hash');
    expect(config.region).toBe('eu');
    expect(config.apiBase).toBe('https://api-iam.eu.intercom.io');
    expect(config.widgetUrl).toBe(`http://127.0.0.1:4000/widget/${APP_ID}`);
    expect(config.jwt).toEqual({ expiresIn: 900, signedAttributes: ['email', 'name', 'plan'], fallbackToUserHash: true });
    expect(config.warnings).toEqual([]);
  });

  it('defaults to JWT, the US region and the real Messenger', () => {
    const config = resolveConfig(env);
    expect(config.mode).toBe('jwt');
    expect(config.region).toBe('us');
    expect(config.apiBase).toBe('https://api-iam.intercom.io');
    expect(config.widgetUrl).toBe(`https://widget.intercom.io/widget/${APP_ID}`);
    expect(config.jwt).toEqual({ expiresIn: 3600, signedAttributes: ['email'], fallbackToUserHash: false });
  });

  it.each([
    ['au', 'https://api-iam.au.intercom.io'],
    ['EU', 'https://api-iam.eu.intercom.io'],
  ])('region %s maps to its api_base', (region, apiBase) => {
    expect(resolveConfig({ ...env, INTERCOM_REGION: region }).apiBase).toBe(apiBase);
  });

  it('lets explicit options win over the env', () => {
    const config = resolveConfig(
      { ...env, INTERCOM_IDENTITY_MODE: 'jwt' },
      { appId: 'other1', mode: 'user_hash', secret: `${SECRET}-x` },
    );
    expect(config.appId).toBe('other1');
    expect(config.mode).toBe('user_hash');
    expect(config.secrets.web?.reveal()).toBe(`${SECRET}-x`);
  });

  it('never reads process.env by itself', async () => {
    process.env.INTERCOM_APP_ID = 'fromprocess';
    try {
      expect((await errorOf(() => resolveConfig({}))).code).toBe('APP_ID_MISSING');
    } finally {
      delete process.env.INTERCOM_APP_ID;
    }
  });

  it('fails without an app id, naming the variable to set', async () => {
    const error = await errorOf(() => resolveConfig({ INTERCOM_IDENTITY_SECRET: SECRET }));
    expect(error.code).toBe('APP_ID_MISSING');
    expect(error.message).toContain('INTERCOM_APP_ID');
  });

  it('rejects an app id that could not be a workspace id', async () => {
    expect((await errorOf(() => resolveConfig({ INTERCOM_APP_ID: 'abc"><script>' }))).code).toBe('APP_ID_INVALID');
  });

  it('names the allowed values for an unknown mode or region', async () => {
    const mode = await errorOf(() => resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'hmac' }));
    expect(mode.code).toBe('MODE_UNKNOWN');
    expect(mode.message).toContain('user_hash, jwt');
    const region = await errorOf(() => resolveConfig({ ...env, INTERCOM_REGION: 'mars' }));
    expect(region.code).toBe('REGION_UNKNOWN');
    expect(region.message).toContain('us, eu, au');
  });

  it('without a secret, warns that users boot as visitors', () => {
    const config = resolveConfig({ INTERCOM_APP_ID: APP_ID });
    expect(config.secrets.web).toBeUndefined();
    expect(config.warnings.map((w) => w.code)).toEqual(['SECRET_MISSING']);
    expect(config.warnings[0]?.message).toContain('INTERCOM_IDENTITY_SECRET');
  });

  it('trims a copied newline around the secret, with a warning that does not show the secret', () => {
    const config = resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET: ` ${SECRET}\n` });
    expect(config.secrets.web?.reveal()).toBe(SECRET);
    expect(config.warnings.map((w) => w.code)).toEqual(['SECRET_TRIMMED']);
    expect(JSON.stringify(config.warnings)).not.toContain(SECRET);
  });

  it('rejects a secret with whitespace inside, and an access token, without echoing them', async () => {
    const inner = await errorOf(() => resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET: 'abcd efgh ijkl mnop qrst uvwx' }));
    expect(inner.code).toBe('SECRET_MALFORMED');
    expect(inner.message).not.toContain('abcd efgh');
    const token = 'dG9rOjEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg==';
    const access = await errorOf(() => resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET: token }));
    expect(access.code).toBe('SECRET_IS_ACCESS_TOKEN');
    expect(access.message).not.toContain(token);
  });

  it('warns when a mobile secret is the web secret', () => {
    const config = resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET_IOS: SECRET });
    expect(config.warnings.map((w) => w.code)).toEqual(['SECRET_SHARED_ACROSS_PLATFORMS']);
  });

  it('warns about a secret too short to be Intercom’s', () => {
    expect(resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET: 'short' }).warnings.map((w) => w.code)).toEqual(['SECRET_SHORT']);
  });

  it('rejects a widget URL that is not http(s) and bad JWT options', async () => {
    expect((await errorOf(() => resolveConfig({ ...env, INTERCOM_WIDGET_URL: 'javascript:alert(1)' }))).code).toBe(
      'WIDGET_URL_INVALID',
    );
    expect((await errorOf(() => resolveConfig({ ...env, INTERCOM_IDENTITY_JWT_EXPIRES_IN: '-5' }))).code).toBe(
      'JWT_OPTION_INVALID',
    );
    expect((await errorOf(() => resolveConfig(env, { jwt: { signedAttributes: ['user_id'] } }))).code).toBe('JWT_OPTION_INVALID');
    expect(resolveConfig({ ...env, INTERCOM_IDENTITY_JWT_EXPIRES_IN: 'none' }).jwt.expiresIn).toBeNull();
  });

  it('never shows a secret when the config is printed, stringified or inspected', () => {
    const config = resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET });
    for (const text of [JSON.stringify(config), inspect(config, { depth: 10, showHidden: true }), String(config.secrets.web)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(IOS_SECRET);
    }
  });
});

describe('setup warnings are logged once', () => {
  it('in development: a warning, the Messenger boots visitors', async () => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig({ INTERCOM_APP_ID: APP_ID }, { logger }));
    createIdentity(resolveConfig({ INTERCOM_APP_ID: APP_ID }, { logger }));
    const settings = await identity.bootSettings({ user_id: 'u_1001', email: 'alice@example.com' });
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.filter((l) => l.startsWith('warn')).length).toBeGreaterThan(0);
    expect(logger.lines.some((l) => l.startsWith('error'))).toBe(false);
    // Same warnings from a second identity are not repeated.
    expect(new Set(logger.lines).size).toBe(logger.lines.length);
  });

  it('in production: also an error line', () => {
    const logger = recordingLogger();
    createIdentity(resolveConfig({ INTERCOM_APP_ID: APP_ID, NODE_ENV: 'production' }, { logger }));
    expect(logger.lines.some((l) => l.startsWith('error') && l.includes('SECRET_MISSING'))).toBe(true);
  });
});

describe('consent and load', () => {
  it('default to none and page: the Messenger loads with the page, without asking', () => {
    const config = resolveConfig(env);
    expect(config.consent).toBe('none');
    expect(config.load).toBe('page');
  });

  it.each([
    ['required', 'interaction'],
    ['  REQUIRED\n', ' Interaction '],
    ['Required', 'INTERACTION'],
  ])('read INTERCOM_CONSENT=%j and INTERCOM_LOAD=%j trimmed, in any case', (consent, load) => {
    const config = resolveConfig({ ...env, INTERCOM_CONSENT: consent, INTERCOM_LOAD: load });
    expect(config.consent).toBe('required');
    expect(config.load).toBe('interaction');
  });

  it('take none and page from the env too, and a blank variable as unset', () => {
    expect(resolveConfig({ ...env, INTERCOM_CONSENT: 'NONE', INTERCOM_LOAD: 'Page' })).toMatchObject({
      consent: 'none',
      load: 'page',
    });
    expect(resolveConfig({ ...env, INTERCOM_CONSENT: '  ', INTERCOM_LOAD: '' })).toMatchObject({ consent: 'none', load: 'page' });
  });

  it('let the options win over the env', () => {
    const config = resolveConfig(
      { ...env, INTERCOM_CONSENT: 'none', INTERCOM_LOAD: 'page' },
      { consent: 'required', load: 'interaction' },
    );
    expect(config).toMatchObject({ consent: 'required', load: 'interaction' });
    expect(resolveConfig({ ...env, INTERCOM_CONSENT: 'required' }, { consent: 'none' }).consent).toBe('none');
  });

  it.each([
    ['INTERCOM_CONSENT', 'CONSENT_UNKNOWN', 'none, required'],
    ['INTERCOM_LOAD', 'LOAD_UNKNOWN', 'page, interaction'],
  ])('refuse an unknown %s with %s, naming the variable and the allowed values, never the value', async (name, code, allowed) => {
    for (const value of ['yes', 'opt-in-s3cr3t', 'granted']) {
      const error = await errorOf(() => resolveConfig({ ...env, [name]: value }));
      expect(error.code).toBe(code);
      expect(error.message).toContain(name);
      expect(error.message).toContain(allowed);
      expect(error.message).not.toContain(value);
    }
  });

  it('refuse an unknown option the same way, and an option that is not a string', async () => {
    const consent = await errorOf(() => resolveConfig(env, { consent: 'always' as never }));
    expect(consent.code).toBe('CONSENT_UNKNOWN');
    expect(consent.message).not.toContain('always');
    const load = await errorOf(() => resolveConfig(env, { load: 'lazy' as never }));
    expect(load.code).toBe('LOAD_UNKNOWN');
    expect(load.message).not.toContain('lazy');
    expect((await errorOf(() => resolveConfig(env, { consent: true as never }))).code).toBe('SETTINGS_INVALID');
  });
});
