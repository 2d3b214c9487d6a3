import { createEnvIdentity, createIdentity, resolveConfig } from '@intercom-identity/core';
import { describe, expect, it } from 'vitest';
import { configOptions } from '../src/runtime/server/logic.js';
import { userSourcesModule } from '../src/user-sources.js';

const SECRET_A = 'secret-a-0123456789abcdefghijklmnop';
const SECRET_B = 'secret-b-0123456789abcdefghijklmnop';

// What Nitro hands over when nothing is set: the module's defaults, unset values as ''.
const EMPTY_PRIVATE = {
  secret: '',
  secrets: { ios: '', android: '' },
  mode: '',
  jwt: { expiresIn: '', signedAttributes: '', fallbackToUserHash: '' },
};
const EMPTY_PUBLIC = { appId: '', region: '', widgetUrl: '', route: '/api/intercom-identity' };

describe('the config at run time', () => {
  it('with an empty runtime config, the unprefixed INTERCOM_* variables configure everything', () => {
    const options = configOptions(EMPTY_PRIVATE, EMPTY_PUBLIC);
    expect(options).toEqual({});
    const config = resolveConfig(
      { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A, INTERCOM_REGION: 'eu', INTERCOM_IDENTITY_MODE: 'jwt' },
      options,
    );
    expect(config).toMatchObject({ appId: 'abc123', region: 'eu', mode: 'jwt' });
    expect(config.secrets.web?.reveal()).toBe(SECRET_A);
  });

  it('a NUXT_* override (or nuxt.config value) in the runtime config wins over INTERCOM_*', () => {
    const options = configOptions(
      { ...EMPTY_PRIVATE, secret: SECRET_B, secrets: { ios: 'ios-secret-0123456789abcdefghij', android: '' } },
      { ...EMPTY_PUBLIC, appId: 'nuxtapp1' },
    );
    const config = resolveConfig({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A }, options);
    expect(config.appId).toBe('nuxtapp1');
    expect(config.secrets.web?.reveal()).toBe(SECRET_B);
    expect(config.secrets.ios?.reveal()).toBe('ios-secret-0123456789abcdefghij');
  });

  it('JWT options travel through the runtime config, including "no exp"', () => {
    expect(configOptions({ jwt: { expiresIn: 'none', signedAttributes: ['email', 'name'] } }).jwt).toEqual({
      expiresIn: null,
      signedAttributes: ['email', 'name'],
    });
    expect(configOptions({ jwt: { expiresIn: '120', fallbackToUserHash: 'true' } }).jwt).toEqual({
      expiresIn: 120,
      fallbackToUserHash: true,
    });
    // An explicit false in nuxt.config is kept, so INTERCOM_IDENTITY_JWT_FALLBACK cannot turn it on.
    const strict = configOptions({ jwt: { fallbackToUserHash: false } });
    expect(
      resolveConfig({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash' }, strict).jwt.fallbackToUserHash,
    ).toBe(false);
    expect(
      resolveConfig({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash' }, configOptions({})).jwt
        .fallbackToUserHash,
    ).toBe(true);
  });

  it('is resolved again when the env changes (a rotated secret needs no rebuild), and kept while it does not', () => {
    const env: Record<string, string> = { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A };
    const errors: string[] = [];
    const current = createEnvIdentity(
      () => ({ ...env }),
      () => configOptions({}),
    );
    const first = current();
    expect(current()).toBe(first);
    env.INTERCOM_IDENTITY_SECRET = SECRET_B;
    const second = current();
    expect(second).not.toBe(first);
    expect(second.ok && second.identity.config.secrets.web?.reveal()).toBe(SECRET_B);
    expect(errors).toEqual([]);
  });

  it('a broken setup is reported once, with its code, and never throws into the page', () => {
    const errors: string[] = [];
    const logger = { warn: () => {}, error: (line: string) => errors.push(line) };
    const current = createEnvIdentity(
      () => ({ INTERCOM_IDENTITY_SECRET: SECRET_A }),
      () => ({ ...configOptions({}), logger }),
    );
    expect(current()).toMatchObject({ ok: false, error: { code: 'APP_ID_MISSING' } });
    expect(current()).toMatchObject({ ok: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('APP_ID_MISSING');
  });
});

describe('the generated user-sources server module', () => {
  it('exports the app resolver and nuxt-auth-utils getUserSession when there are', () => {
    const code = userSourcesModule({ resolveUser: '/app/server/intercom-user.ts', getUserSession: '/nm/auth/session' });
    expect(code).toContain('export { default as resolveUser } from "/app/server/intercom-user.ts";');
    expect(code).toContain('export { getUserSession } from "/nm/auth/session";');
  });

  it('exports undefined for each that is missing', () => {
    expect(userSourcesModule({})).toBe('export const resolveUser = undefined;\nexport const getUserSession = undefined;\n');
  });
});

// Keeps createIdentity in the import list honest: the cache builds the same identity the core would.
it('the cached setup signs like the core', async () => {
  const current = createEnvIdentity(
    () => ({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A }),
    () => configOptions({}),
  );
  const setup = current();
  if (!setup.ok) throw new Error('setup failed');
  const direct = createIdentity(resolveConfig({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A }));
  const user = { user_id: 'u_1', email: 'a@example.com' };
  expect(await setup.identity.bootSettings(user)).toEqual(await direct.bootSettings(user));
});
