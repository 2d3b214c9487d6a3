import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createIdentity,
  ENV_VARIABLES,
  matchUserHash,
  resolveConfig,
  signUserJwt,
  userHash,
  verifyUserHash,
  verifyUserJwt,
} from '../src/index.js';
import { ANDROID_SECRET, APP_ID, errorOf, IOS_SECRET, SECRET } from './support.js';

// Rotating a Messenger secret: the new secret is current, the old one is previous for a while.
const OLD = 'test-old-web-secret-0123456789abcdef';
const OLD_IOS = 'test-old-ios-secret-0123456789abcdef';
const OLD_ANDROID = 'test-old-android-secret-0123456789ab';
const OTHER = 'test-unrelated-secret-0123456789abcdef';

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

function tokenOf(claims: Record<string, unknown>, secret: string): string {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('resolveConfig reads the previous secrets', () => {
  it('from the *_PREVIOUS variables of each platform, as redacted secrets', () => {
    const config = resolveConfig({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: SECRET,
      INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
      INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
      INTERCOM_IDENTITY_SECRET_PREVIOUS: OLD,
      INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS: OLD_IOS,
      INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS: OLD_ANDROID,
    });
    expect(config.previousSecrets.web?.reveal()).toBe(OLD);
    expect(config.previousSecrets.ios?.reveal()).toBe(OLD_IOS);
    expect(config.previousSecrets.android?.reveal()).toBe(OLD_ANDROID);
    expect(config.secrets.web?.reveal()).toBe(SECRET);
    const printed = `${inspect(config, { depth: 5 })} ${JSON.stringify(config)}`;
    for (const secret of [OLD, OLD_IOS, OLD_ANDROID]) expect(printed).not.toContain(secret);
    expect(config.warnings).toEqual([]);
  });

  it('from the previousSecret and previousSecrets options, which win over the env', () => {
    const config = resolveConfig(
      { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_SECRET_PREVIOUS: OTHER },
      { previousSecret: OLD, secrets: { ios: IOS_SECRET }, previousSecrets: { ios: OLD_IOS } },
    );
    expect(config.previousSecrets.web?.reveal()).toBe(OLD);
    expect(config.previousSecrets.ios?.reveal()).toBe(OLD_IOS);
    expect(config.previousSecrets.android).toBeUndefined();
  });

  it('adapters copy the *_PREVIOUS variables from their env', () => {
    expect(ENV_VARIABLES).toEqual(
      expect.arrayContaining([
        'INTERCOM_IDENTITY_SECRET_PREVIOUS',
        'INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS',
        'INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS',
      ]),
    );
  });

  it('checks them like the current secrets, naming the variable and never the value', async () => {
    const cases: [string, string][] = [
      [`"${OLD}"`, 'SECRET_MALFORMED'],
      ['your-previous-secret', 'SECRET_MALFORMED'],
      ['dG9rOjEyMzQ1Njc4OTAxMjM0NTY3ODkw', 'SECRET_IS_ACCESS_TOKEN'],
      [`INTERCOM_IDENTITY_SECRET=${OLD}`, 'SECRET_MALFORMED'],
    ];
    for (const [value, code] of cases) {
      const error = await errorOf(() =>
        resolveConfig({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_SECRET_PREVIOUS: value }),
      );
      expect(error.code).toBe(code);
      expect(error.message).toContain('INTERCOM_IDENTITY_SECRET_PREVIOUS');
      expect(error.message).not.toContain(OLD);
    }
    const trimmed = resolveConfig({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: SECRET,
      INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
      INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS: `${OLD_IOS}\n`,
    });
    expect(trimmed.previousSecrets.ios?.reveal()).toBe(OLD_IOS);
    expect(trimmed.warnings.map((warning) => warning.code)).toEqual(['SECRET_TRIMMED']);
  });

  it('warns when the previous secret equals the current one', () => {
    const config = resolveConfig({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET }, { previousSecret: SECRET });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]?.code).toBe('SECRET_PREVIOUS_SAME');
    expect(config.warnings[0]?.message).toContain('INTERCOM_IDENTITY_SECRET_PREVIOUS');
    expect(config.warnings[0]?.message).not.toContain(SECRET);
  });

  it('refuses a previous secret without a current one, and says what to set', async () => {
    const error = await errorOf(() =>
      resolveConfig({
        INTERCOM_APP_ID: APP_ID,
        INTERCOM_IDENTITY_SECRET: SECRET,
        INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS: OLD_ANDROID,
      }),
    );
    expect(error.code).toBe('SECRET_PREVIOUS_WITHOUT_CURRENT');
    expect(error.message).toContain('INTERCOM_IDENTITY_SECRET_ANDROID');
    expect(error.message).toContain('new secret');
    expect(error.message).not.toContain(OLD_ANDROID);
  });
});

describe('signing during a rotation', () => {
  const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_SECRET_PREVIOUS: OLD };
  const options = { secrets: { ios: IOS_SECRET }, previousSecrets: { ios: OLD_IOS } };

  it('always uses the current secret (user_hash mode)', async () => {
    const identity = createIdentity(resolveConfig(env, { ...options, mode: 'user_hash' }));
    const settings = await identity.bootSettings({ user_id: 'u_1001' });
    expect(settings.user_hash).toBe(hmacHex(SECRET, 'u_1001'));
    const proof = await identity.proof({ user_id: 'u_1001' }, 'ios');
    expect(proof).toMatchObject({ user_hash: hmacHex(IOS_SECRET, 'u_1001') });
  });

  it('always uses the current secret (JWT, the default mode)', async () => {
    const identity = createIdentity(resolveConfig(env, options));
    const settings = await identity.bootSettings({ user_id: 'u_1001' });
    const rotating = { current: SECRET, previous: OLD };
    expect(await verifyUserJwt(rotating, settings.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      matched: 'current',
    });
    const proof = await identity.proof({ user_id: 'u_1001' }, 'ios');
    const token = proof?.type === 'jwt' ? proof.intercom_user_jwt : '';
    expect(await verifyUserJwt({ current: IOS_SECRET, previous: OLD_IOS }, token)).toMatchObject({
      valid: true,
      matched: 'current',
    });
  });
});

describe('verifyUserHash and matchUserHash accept the previous secret', () => {
  const secrets = { current: SECRET, previous: OLD };

  it('a hash of either secret verifies, and matchUserHash says which', async () => {
    const current = await userHash(SECRET, 'u_1001');
    const previous = await userHash(OLD, 'u_1001');
    expect(await verifyUserHash(secrets, 'u_1001', current)).toBe(true);
    expect(await verifyUserHash(secrets, 'u_1001', previous.toUpperCase())).toBe(true);
    expect(await matchUserHash(secrets, 'u_1001', current)).toBe('current');
    expect(await matchUserHash(secrets, 'u_1001', previous)).toBe('previous');
    expect(await matchUserHash(secrets, 'u_1001', await userHash(OTHER, 'u_1001'))).toBeNull();
    expect(await verifyUserHash(secrets, 'u_1001', await userHash(OTHER, 'u_1001'))).toBe(false);
    expect(await matchUserHash(secrets, 'u_1001', 'nope')).toBeNull();
  });

  it('a plain secret still works, and counts as current', async () => {
    const hash = await userHash(SECRET, 'u_1001');
    expect(await verifyUserHash(SECRET, 'u_1001', hash)).toBe(true);
    expect(await matchUserHash(SECRET, 'u_1001', hash)).toBe('current');
    expect(await matchUserHash({ current: SECRET }, 'u_1001', await userHash(OLD, 'u_1001'))).toBeNull();
  });

  it('a missing current secret is SECRET_MISSING', async () => {
    const error = await errorOf(() => verifyUserHash({ current: '', previous: OLD }, 'u_1001', '0'.repeat(64)));
    expect(error.code).toBe('SECRET_MISSING');
  });
});

describe('verifyUserJwt accepts the previous secret', () => {
  const claims = { user_id: 'u_1001', iat: 1_700_000_000 };
  const now = 1_700_000_100;

  it('says which secret signed a valid token', async () => {
    const secrets = { current: SECRET, previous: OLD };
    expect(await verifyUserJwt(secrets, tokenOf(claims, SECRET), { now })).toEqual({ valid: true, claims, matched: 'current' });
    expect(await verifyUserJwt(secrets, tokenOf(claims, OLD), { now })).toEqual({ valid: true, claims, matched: 'previous' });
    const wrong = await verifyUserJwt(secrets, tokenOf(claims, OTHER), { now });
    expect(wrong).toMatchObject({ valid: false, problem: 'signature' });
    expect(wrong).not.toHaveProperty('matched');
  });

  it('with a plain secret, matched is current', async () => {
    const token = await signUserJwt(SECRET, { user_id: 'u_1001' });
    const result = await verifyUserJwt(SECRET, token);
    expect(result).toMatchObject({ valid: true, matched: 'current' });
  });

  it('an expired token signed with the previous secret says so', async () => {
    const token = tokenOf({ ...claims, exp: 1_700_000_050 }, OLD);
    const result = await verifyUserJwt({ current: SECRET, previous: OLD }, token, { now });
    expect(result).toMatchObject({ valid: false, problem: 'expired', matched: 'previous' });
  });
});
