import { createEnvIdentity, createIdentity, resolveConfig } from '@intercom-identity/core';
import { describe, expect, it } from 'vitest';
import { createNuxtIntercom, type EventLike, runtimeConfigEnv } from '../src/runtime/server/logic.js';
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
const EMPTY_PUBLIC = { appId: '', region: '', widgetUrl: '', consent: '', load: '', route: '/api/intercom-identity' };

// What the Nitro plugin and the route read: the process env, under the runtime config.
const envOf = (processEnv: Record<string, string>, privateConfig = {}, publicConfig = {}) => ({
  ...processEnv,
  ...runtimeConfigEnv(privateConfig, publicConfig),
});

describe('the previous secrets of a rotation at run time', () => {
  it('come from INTERCOM_IDENTITY_SECRET*_PREVIOUS, or from the NUXT_* overrides in the runtime config', () => {
    const fromEnv = resolveConfig(
      envOf(
        { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A, INTERCOM_IDENTITY_SECRET_PREVIOUS: SECRET_B },
        EMPTY_PRIVATE,
        EMPTY_PUBLIC,
      ),
    );
    expect(fromEnv.previousSecrets.web?.reveal()).toBe(SECRET_B);
    const overridden = runtimeConfigEnv(
      { ...EMPTY_PRIVATE, secrets: { ios: SECRET_A, android: '' }, previousSecret: SECRET_B, previousSecrets: { ios: SECRET_B } },
      EMPTY_PUBLIC,
    );
    expect(overridden).toMatchObject({
      INTERCOM_IDENTITY_SECRET_PREVIOUS: SECRET_B,
      INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS: SECRET_B,
    });
    const copied = runtimeConfigEnv(EMPTY_PRIVATE, EMPTY_PUBLIC, { INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS: SECRET_B });
    expect(copied).toEqual({ INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS: SECRET_B });
  });
});

describe('the config at run time', () => {
  it('with an empty runtime config, the unprefixed INTERCOM_* variables configure everything', () => {
    expect(runtimeConfigEnv(EMPTY_PRIVATE, EMPTY_PUBLIC)).toEqual({});
    const config = resolveConfig(
      envOf(
        {
          INTERCOM_APP_ID: 'abc123',
          INTERCOM_IDENTITY_SECRET: SECRET_A,
          INTERCOM_REGION: 'eu',
          INTERCOM_IDENTITY_MODE: 'user_hash',
        },
        EMPTY_PRIVATE,
        EMPTY_PUBLIC,
      ),
    );
    // Not the defaults (us, jwt): they come from the variables.
    expect(config).toMatchObject({ appId: 'abc123', region: 'eu', mode: 'user_hash' });
    expect(config.secrets.web?.reveal()).toBe(SECRET_A);
  });

  it('a NUXT_* override (or nuxt.config value) in the runtime config wins over INTERCOM_*', () => {
    const config = resolveConfig(
      envOf(
        { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A },
        { ...EMPTY_PRIVATE, secret: SECRET_B, secrets: { ios: 'ios-secret-0123456789abcdefghij', android: '' } },
        { ...EMPTY_PUBLIC, appId: 'nuxtapp1' },
      ),
    );
    expect(config.appId).toBe('nuxtapp1');
    expect(config.secrets.web?.reveal()).toBe(SECRET_B);
    expect(config.secrets.ios?.reveal()).toBe('ios-secret-0123456789abcdefghij');
  });

  it('JWT options travel through the runtime config, including "no exp", parsed by the env rules', () => {
    const jwtOf = (jwt: Record<string, unknown>) =>
      resolveConfig(envOf({ INTERCOM_APP_ID: 'abc123' }, { mode: 'jwt', jwt }), {}).jwt;
    expect(jwtOf({ expiresIn: 'none', signedAttributes: ['email', 'name'] })).toMatchObject({
      expiresIn: null,
      signedAttributes: ['email', 'name'],
    });
    // nuxt.config's `expiresIn: null` reaches Nitro as null; NUXT_* numbers and booleans arrive parsed.
    expect(jwtOf({ expiresIn: null }).expiresIn).toBeNull();
    expect(jwtOf({ expiresIn: 120, fallbackToUserHash: true })).toMatchObject({ expiresIn: 120, fallbackToUserHash: true });
    expect(jwtOf({ expiresIn: '120', fallbackToUserHash: 'true' })).toMatchObject({ expiresIn: 120, fallbackToUserHash: true });
    // An empty list in nuxt.config signs nothing beyond user_id.
    expect(jwtOf({ signedAttributes: [] }).signedAttributes).toEqual([]);
    // An explicit false in nuxt.config is kept, so INTERCOM_IDENTITY_JWT_FALLBACK cannot turn it on.
    const fallback = (privateConfig: Record<string, unknown>) =>
      resolveConfig(envOf({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash' }, privateConfig)).jwt
        .fallbackToUserHash;
    expect(fallback({ jwt: { fallbackToUserHash: false } })).toBe(false);
    expect(fallback({})).toBe(true);
  });

  it('a NUXT_* string follows exactly the rules of the INTERCOM_* variable it stands for', async () => {
    // "email,name," works through both, and "1e3" fails through both: one parser.
    const viaNuxt = (jwt: Record<string, unknown>) => () =>
      resolveConfig(envOf({ INTERCOM_APP_ID: 'abc123' }, { mode: 'jwt', jwt }));
    const viaEnv = (extra: Record<string, string>) => () =>
      resolveConfig({ INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_MODE: 'jwt', ...extra });
    expect(viaNuxt({ signedAttributes: 'email,name,' })().jwt.signedAttributes).toEqual(['email', 'name']);
    expect(viaEnv({ INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: 'email,name,' })().jwt.signedAttributes).toEqual(['email', 'name']);
    expect(viaNuxt({ expiresIn: '1e3' })).toThrow(expect.objectContaining({ code: 'JWT_OPTION_INVALID' }));
    expect(viaEnv({ INTERCOM_IDENTITY_JWT_EXPIRES_IN: '1e3' })).toThrow(expect.objectContaining({ code: 'JWT_OPTION_INVALID' }));
  });

  it('is resolved again when the env changes (a rotated secret needs no rebuild), and kept while it does not', () => {
    const env: Record<string, string> = { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A };
    const current = createEnvIdentity(() => envOf(env));
    const first = current();
    expect(current()).toBe(first);
    env.INTERCOM_IDENTITY_SECRET = SECRET_B;
    const second = current();
    expect(second).not.toBe(first);
    expect(second.ok && second.identity.config.secrets.web?.reveal()).toBe(SECRET_B);
  });

  it('a broken setup is reported once, with its code, and never throws into the page', () => {
    const errors: string[] = [];
    const logger = { warn: () => {}, error: (line: string) => errors.push(line) };
    const current = createEnvIdentity(() => envOf({ INTERCOM_IDENTITY_SECRET: SECRET_A }), { logger });
    expect(current()).toMatchObject({ ok: false, error: { code: 'APP_ID_MISSING' } });
    expect(current()).toMatchObject({ ok: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('APP_ID_MISSING');
  });
});

describe('consent and loading on demand at run time', () => {
  const resolved = (processEnv: Record<string, string>, publicConfig: Record<string, unknown> = EMPTY_PUBLIC) =>
    resolveConfig(envOf({ INTERCOM_APP_ID: 'abc123', ...processEnv }, EMPTY_PRIVATE, publicConfig));

  it('come from INTERCOM_CONSENT and INTERCOM_LOAD when the runtime config leaves them unset', () => {
    expect(resolved({})).toMatchObject({ consent: 'none', load: 'page' });
    expect(resolved({ INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' })).toMatchObject({
      consent: 'required',
      load: 'interaction',
    });
  });

  it('NUXT_PUBLIC_INTERCOM_IDENTITY_CONSENT / _LOAD (or nuxt.config) win over INTERCOM_*, by the same parsing rules', () => {
    const env = { INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' };
    expect(resolved(env, { ...EMPTY_PUBLIC, consent: 'none', load: 'page' })).toMatchObject({ consent: 'none', load: 'page' });
    expect(resolved({}, { ...EMPTY_PUBLIC, consent: ' Required ', load: 'INTERACTION' })).toMatchObject({
      consent: 'required',
      load: 'interaction',
    });
    expect(() => resolved({}, { ...EMPTY_PUBLIC, consent: 'ask' })).toThrow(expect.objectContaining({ code: 'CONSENT_UNKNOWN' }));
    expect(() => resolved({ INTERCOM_LOAD: 'later' })).toThrow(expect.objectContaining({ code: 'LOAD_UNKNOWN' }));
  });

  it('a page rendered with consent required from the runtime config carries the gate; without it, the plain loader', async () => {
    const event: EventLike = {
      context: { user: null },
      node: { req: { headers: {}, url: '/' }, res: { getHeader: () => undefined, setHeader: () => {}, removeHeader: () => {} } },
    };
    const script = (publicConfig: Record<string, unknown>) =>
      createNuxtIntercom({}, () => runtimeConfigEnv(EMPTY_PRIVATE, { ...EMPTY_PUBLIC, appId: 'abc123', ...publicConfig }), {
        warn: () => {},
        error: () => {},
      }).render(event, null);
    expect(await script({ consent: 'required' })).toContain('w.grantIntercomConsent=function');
    expect(await script({ load: 'interaction' })).toContain('data-intercom-facade');
    const plain = await script({});
    expect(plain).not.toContain('grantIntercomConsent');
    expect(plain).not.toContain('data-intercom-facade');
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
// In user_hash mode, whose proof has no timestamp: two JWTs made a second apart would differ.
it('the cached setup signs like the core', async () => {
  const env = { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET_A, INTERCOM_IDENTITY_MODE: 'user_hash' };
  const current = createEnvIdentity(() => envOf(env));
  const setup = current();
  if (!setup.ok) throw new Error('setup failed');
  const direct = createIdentity(resolveConfig(env));
  const user = { user_id: 'u_1', email: 'a@example.com' };
  expect(await setup.identity.bootSettings(user)).toEqual(await direct.bootSettings(user));
});
