import { describe, expect, it } from 'vitest';
import {
  createEnvIdentity,
  createIntercomAdapter,
  ERROR_CODES,
  IntercomIdentityError,
  resolveConfig,
  setupErrorResponse,
} from '../src/index.js';
import { APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

// The copy-paste mistakes of the shared spec (.notes/config-mistakes-spec.md), which the PHP plugin matches.
const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };
const GENERIC = 'The Intercom identity setup is incomplete; the server log says why.';

async function refusal(overrides: Record<string, string>) {
  return errorOf(() => resolveConfig({ ...env, ...overrides }));
}

describe('setupErrorResponse: what an anonymous client learns of a broken setup', () => {
  it('the code and one generic sentence, never the message (which names config), with nosniff and vary', async () => {
    const response = setupErrorResponse(
      new IntercomIdentityError('APP_ID_INVALID', 'INTERCOM_APP_ID "sk_live_like_value" is not valid.'),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toBe('Cookie, Authorization');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'APP_ID_INVALID', message: GENERIC } });
    expect(text).not.toContain('sk_live_like_value');
    expect(text).not.toContain('INTERCOM_APP_ID');
  });

  it('an error that is not ours answers SETTINGS_INVALID with the same sentence', async () => {
    expect(await setupErrorResponse(new Error(SECRET)).json()).toEqual({ error: { code: 'SETTINGS_INVALID', message: GENERIC } });
  });

  it('with a logger, the details go to the server log, once per distinct error', async () => {
    const logger = recordingLogger();
    const error = new IntercomIdentityError('APP_ID_MISSING', 'Set INTERCOM_APP_ID.');
    setupErrorResponse(error, logger);
    setupErrorResponse(error, logger);
    expect(logger.lines).toEqual(['error [intercom-identity] APP_ID_MISSING: Set INTERCOM_APP_ID. The endpoint answered 500.']);
  });

  it("an adapter's proof endpoint with a bad app id: the body holds no config value; the log has the details once", async () => {
    const logger = recordingLogger();
    const badAppId = 'abc"><img src=x>';
    const adapter = createIntercomAdapter<null>(
      { logger, getUser: () => ({ user_id: 'u_1' }) },
      { name: 'test', env: () => ({ ...env, INTERCOM_APP_ID: badAppId }) },
    );
    for (let i = 0; i < 3; i++) {
      const response = await adapter.proofEndpoint(new Request('https://example.com/api/intercom-identity'), null);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'APP_ID_INVALID', message: GENERIC } });
    }
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('APP_ID_INVALID');
  });
});

describe('config errors never quote a config value', () => {
  const VALUE = 'zz-config-value-zz';
  it.each([
    ['an app id that is not one', { INTERCOM_APP_ID: `${VALUE}!` }, 'APP_ID_INVALID', 'INTERCOM_APP_ID'],
    ['an unknown mode', { INTERCOM_IDENTITY_MODE: VALUE }, 'MODE_UNKNOWN', 'INTERCOM_IDENTITY_MODE'],
    ['an unknown region', { INTERCOM_REGION: VALUE }, 'REGION_UNKNOWN', 'INTERCOM_REGION'],
    [
      'a widget URL that is not http(s)',
      { INTERCOM_WIDGET_URL: `ftp://${VALUE}.example/w` },
      'WIDGET_URL_INVALID',
      'INTERCOM_WIDGET_URL',
    ],
    ['a widget URL that is not a URL', { INTERCOM_WIDGET_URL: VALUE }, 'WIDGET_URL_INVALID', 'INTERCOM_WIDGET_URL'],
  ])('%s: names the variable, not the value', async (_what, overrides, code, name) => {
    const error = await refusal(overrides);
    expect(error.code).toBe(code);
    expect(error.message).toContain(name);
    expect(error.message).not.toContain(VALUE);
  });

  it('the plain-http production warning does not print the widget URL', () => {
    const config = resolveConfig({ ...env, INTERCOM_WIDGET_URL: `http://${VALUE}.example/w`, NODE_ENV: 'production' });
    expect(config.warnings.map((w) => w.code)).toEqual(['WIDGET_URL_INSECURE']);
    expect(config.warnings[0]?.message).not.toContain(VALUE);
    expect(config.warnings[0]?.message).toContain('INTERCOM_WIDGET_URL');
  });
});

describe('app id and secret swapped', () => {
  const FORTY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';

  it('a secret-like app id next to an app-id-like secret is CONFIG_SWAPPED, and neither value is printed', async () => {
    const error = await errorOf(() => resolveConfig({ INTERCOM_APP_ID: FORTY, INTERCOM_IDENTITY_SECRET: 'abc12345' }));
    expect(error.code).toBe('CONFIG_SWAPPED');
    expect(error.message).toContain('INTERCOM_APP_ID');
    expect(error.message).toContain('INTERCOM_IDENTITY_SECRET');
    expect(error.message).toMatch(/swap them/);
    expect(error.message).not.toContain(FORTY);
    expect(error.message).not.toContain('abc12345');
    expect(ERROR_CODES).toContain('CONFIG_SWAPPED');
  });

  it('the same through the options', async () => {
    expect((await errorOf(() => resolveConfig({}, { appId: FORTY, secret: 'abc12345' }))).code).toBe('CONFIG_SWAPPED');
  });

  it('an app id longer than 20 characters on its own is APP_ID_INVALID, without the value', async () => {
    for (const secret of [SECRET, undefined]) {
      const error = await errorOf(() =>
        resolveConfig(
          secret === undefined ? { INTERCOM_APP_ID: FORTY } : { INTERCOM_APP_ID: FORTY, INTERCOM_IDENTITY_SECRET: secret },
        ),
      );
      expect(error.code).toBe('APP_ID_INVALID');
      expect(error.message).not.toContain(FORTY);
    }
  });

  it('the fixtures of this repository still pass: short app ids, 20+ character secrets', () => {
    for (const appId of ['abc123', 'test_app', 'abc12345', 'e2eapp01', 'a'.repeat(20)])
      expect(resolveConfig({ INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: SECRET }).appId).toBe(appId);
  });
});

describe('config mistakes that used to pass silently', () => {
  const secretName = 'INTERCOM_IDENTITY_SECRET';
  const cases: [string, string, string, RegExp][] = [
    ['double quotes', `"${SECRET}"`, secretName, /remove the quotes/],
    ['single quotes', `'${SECRET}'`, secretName, /remove the quotes/],
    ['NAME=value pasted whole', `INTERCOM_IDENTITY_SECRET=${SECRET}`, secretName, /holds "INTERCOM_IDENTITY_SECRET=".*after =/],
    ['another NAME= pasted', `MY_SECRET_VAR=${SECRET}`, secretName, /a variable name and "=".*after =/],
    ['a zero-width space inside', `${SECRET.slice(0, 10)}\u200B${SECRET.slice(10)}`, secretName, /invisible or control/],
    ['a word joiner', `${SECRET}\u2060`, secretName, /invisible or control/],
    ['a byte order mark in front', `\uFEFF${SECRET}`, secretName, /invisible or control/],
    ['a NUL inside', `${SECRET.slice(0, 10)}\u0000${SECRET.slice(10)}`, secretName, /invisible or control/],
    ['DEL inside', `${SECRET.slice(0, 10)}\u007F${SECRET.slice(10)}`, secretName, /invisible or control/],
    ['undefined', 'undefined', secretName, /placeholder/],
    ['null', 'NULL', secretName, /placeholder/],
    ['changeme', 'ChangeMe', secretName, /placeholder/],
    ['change-me', 'change-me', secretName, /placeholder/],
    ['change_me', 'change_me', secretName, /placeholder/],
    ['your-secret', 'your-secret', secretName, /placeholder/],
    ['xxxx', 'xxxxxxxxxxxxxxxx', secretName, /placeholder/],
    ['todo', 'TODO', secretName, /placeholder/],
    ['a README value', 'your-web-secret', secretName, /placeholder/],
    ['a README value with underscores', 'YOUR_IDENTITY_VERIFICATION_SECRET', secretName, /placeholder/],
    ['angle brackets', '<your secret from Intercom>', secretName, /placeholder/],
    ['an ellipsis', '...', secretName, /placeholder/],
    ['a one-character ellipsis', '\u2026', secretName, /placeholder/],
  ];

  it.each(cases)('the web secret with %s is SECRET_MALFORMED, naming the variable only', async (_what, value, name, says) => {
    const error = await refusal({ INTERCOM_IDENTITY_SECRET: value });
    expect(error.code).toBe('SECRET_MALFORMED');
    expect(error.message).toMatch(says);
    expect(error.message).toContain(name);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET.slice(0, 8));
  });

  it.each([
    ['INTERCOM_IDENTITY_SECRET_IOS', 'changeme'],
    ['INTERCOM_IDENTITY_SECRET_ANDROID', `"${SECRET}"`],
  ])('a mobile secret (%s) follows the same rules', async (name, value) => {
    const error = await refusal({ [name]: value });
    expect(error.code).toBe('SECRET_MALFORMED');
    expect(error.message).toContain(name);
  });

  it.each([
    ['quotes', `"${APP_ID}"`, /remove the quotes/],
    ['NAME=value', `INTERCOM_APP_ID=${APP_ID}`, /holds "INTERCOM_APP_ID="/],
    ['a zero-width space', `${APP_ID}\u200B`, /invisible or control/],
    ['a placeholder', 'undefined', /placeholder/],
    ['a placeholder', 'xxx', /placeholder/],
  ])('the app id with %s is APP_ID_INVALID, without the value', async (_what, value, says) => {
    const error = await refusal({ INTERCOM_APP_ID: value });
    expect(error.code).toBe('APP_ID_INVALID');
    expect(error.message).toMatch(says);
    expect(error.message).toContain('INTERCOM_APP_ID');
    expect(error.message).not.toContain(APP_ID);
  });

  it('a placeholder app id given as an option is refused too', async () => {
    expect((await errorOf(() => resolveConfig({}, { appId: 'changeme' }))).code).toBe('APP_ID_INVALID');
  });

  it('a widget URL with user:password@ credentials is WIDGET_URL_INVALID, without the credentials', async () => {
    const error = await refusal({ INTERCOM_WIDGET_URL: 'https://admin:hunter2@fake.example/widget/{app_id}' });
    expect(error.code).toBe('WIDGET_URL_INVALID');
    expect(error.message).toMatch(/remove the credentials/);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('admin');
    expect((await refusal({ INTERCOM_WIDGET_URL: 'https://token@fake.example/w' })).code).toBe('WIDGET_URL_INVALID');
  });

  it('a quoted widget URL is WIDGET_URL_INVALID and says to remove the quotes', async () => {
    const error = await refusal({ INTERCOM_WIDGET_URL: '"https://fake.example/widget/{app_id}"' });
    expect(error.code).toBe('WIDGET_URL_INVALID');
    expect(error.message).toMatch(/remove the quotes/);
  });

  it('the existing rules hold: a copied newline around the secret is trimmed with a warning, not refused', () => {
    const config = resolveConfig({ ...env, INTERCOM_IDENTITY_SECRET: `${SECRET}\r\n` });
    expect(config.secrets.web?.reveal()).toBe(SECRET);
    expect(config.warnings.map((w) => w.code)).toEqual(['SECRET_TRIMMED']);
  });

  it('createEnvIdentity logs such a mistake once, without the value', () => {
    const logger = recordingLogger();
    const current = createEnvIdentity(() => ({ ...env, INTERCOM_IDENTITY_SECRET: `"${SECRET}"` }), { logger });
    expect(current()).toMatchObject({ ok: false, error: { code: 'SECRET_MALFORMED' } });
    current();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).not.toContain(SECRET);
  });
});
