import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdentity, resolveConfig } from '../src/index.js';
import { ALICE, APP_ID, BOB, errorOf, recordingLogger, SECRET } from './support.js';

// The oracle: node:crypto called directly, not the core.
const hmac = (identifier: string) => createHmac('sha256', SECRET).update(identifier, 'utf8').digest('hex');
// user_hash, the compatible mode, is chosen explicitly: JWT is the default (jwt.test.ts).
const identity = createIdentity(
  resolveConfig(
    { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' },
    { logger: recordingLogger() },
  ),
);
const API_BASE = 'https://api-iam.intercom.io';

describe('bootSettings in user_hash mode', () => {
  it('signs the user_id when one is sent, even next to an email', async () => {
    const settings = await identity.bootSettings(ALICE);
    expect(settings).toEqual({
      app_id: APP_ID,
      api_base: API_BASE,
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmac('u_1001'),
      name: 'Alice Example',
      created_at: 1700000000,
    });
    expect(settings.user_hash).not.toBe(hmac('alice@example.com'));
  });

  it('signs the email when there is no user_id', async () => {
    const settings = await identity.bootSettings(BOB);
    expect(settings.user_id).toBeUndefined();
    expect(settings.email).toBe('bob@example.com');
    expect(settings.user_hash).toBe(hmac('bob@example.com'));
  });

  it('signs and sends the exact string: no trimming, no lowercasing', async () => {
    const settings = await identity.bootSettings({ email: ' Bob+Test@Example.COM' });
    expect(settings.email).toBe(' Bob+Test@Example.COM');
    expect(settings.user_hash).toBe(hmac(' Bob+Test@Example.COM'));
  });

  it('sends a numeric user_id as the decimal string it signed', async () => {
    const settings = await identity.bootSettings({ user_id: 1001 });
    expect(settings.user_id).toBe('1001');
    expect(settings.user_hash).toBe(hmac('1001'));
  });

  it('boots a visitor with no proof when there is no user or no identifier', async () => {
    const visitor = { app_id: APP_ID, api_base: API_BASE };
    expect(await identity.bootSettings(null)).toEqual(visitor);
    expect(await identity.bootSettings(undefined)).toEqual(visitor);
    expect(await identity.bootSettings({ name: 'Nobody' })).toEqual(visitor);
    expect(await identity.bootSettings({ user_id: null, email: null })).toEqual(visitor);
  });

  it('rejects empty and whitespace-only identifiers instead of signing them', async () => {
    expect((await errorOf(() => identity.bootSettings({ user_id: '' }))).code).toBe('IDENTIFIER_EMPTY');
    expect((await errorOf(() => identity.bootSettings({ user_id: '   ', email: 'a@b.c' }))).code).toBe('IDENTIFIER_EMPTY');
    expect((await errorOf(() => identity.bootSettings({ email: '\t' }))).code).toBe('IDENTIFIER_EMPTY');
  });

  it('accepts a Date for created_at and sends Unix seconds; refuses milliseconds', async () => {
    const settings = await identity.bootSettings({ ...ALICE, created_at: new Date('2023-11-14T22:13:20Z') });
    expect(settings.created_at).toBe(1700000000);
    const error = await errorOf(() => identity.bootSettings({ ...ALICE, created_at: 1700000000000 }));
    expect(error.code).toBe('CREATED_AT_INVALID');
    expect(error.message).toContain('milliseconds');
  });

  it('sends profile, company and custom attributes, and nothing else from the user object', async () => {
    const row = {
      ...ALICE,
      phone: '+44 20 7946 0000',
      password_hash: '$2b$10$secretsecret',
      company: { id: 'c_1', name: 'Acme', created_at: new Date(1600000000000), plan: 'pro', monthly_spend: 49.5 },
      custom_attributes: { plan: 'pro', seats: 3, beta: true, manager: null },
    };
    const settings = await identity.bootSettings(row);
    expect(settings).toMatchObject({
      phone: '+44 20 7946 0000',
      company: { id: 'c_1', name: 'Acme', created_at: 1600000000, plan: 'pro', monthly_spend: 49.5 },
      plan: 'pro',
      seats: 3,
      beta: true,
      manager: null,
    });
    expect(settings).not.toHaveProperty('password_hash');
    expect(JSON.stringify(settings)).not.toContain('secretsecret');
  });

  it('refuses custom attributes and extra settings that would overwrite identity or proof', async () => {
    expect((await errorOf(() => identity.bootSettings({ ...ALICE, custom_attributes: { user_hash: 'x' } }))).code).toBe(
      'ATTRIBUTE_RESERVED',
    );
    expect((await errorOf(() => identity.bootSettings(ALICE, { user_id: 'u_2002' }))).code).toBe('ATTRIBUTE_RESERVED');
    expect((await errorOf(() => identity.bootSettings(ALICE, { email: 'mallory@example.com' }))).code).toBe('ATTRIBUTE_RESERVED');
  });

  it('merges Messenger options given as extra settings', async () => {
    const settings = await identity.bootSettings(ALICE, { hide_default_launcher: true, alignment: 'left' });
    expect(settings).toMatchObject({ user_hash: hmac('u_1001'), hide_default_launcher: true, alignment: 'left' });
  });

  it('keeps hostile values byte for byte (escaping happens only when rendering)', async () => {
    const name = '</script><script>window.__pwned=1</script>\u2028"\'&';
    const settings = await identity.bootSettings({ ...ALICE, name });
    expect(settings.name).toBe(name);
  });
});

describe('proof', () => {
  it('gives the proof for a platform with that platform’s secret (user_hash mode)', async () => {
    const ios = 'test-ios-secret-0123456789abcdefghij';
    const withIos = createIdentity(
      resolveConfig({
        INTERCOM_APP_ID: APP_ID,
        INTERCOM_IDENTITY_SECRET: SECRET,
        INTERCOM_IDENTITY_SECRET_IOS: ios,
        INTERCOM_IDENTITY_MODE: 'user_hash',
      }),
    );
    const proof = await withIos.proof(ALICE, 'ios');
    expect(proof).toEqual({
      type: 'user_hash',
      platform: 'ios',
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: createHmac('sha256', ios).update('u_1001').digest('hex'),
    });
    expect(await withIos.proof(null, 'ios')).toBeNull();
    expect((await errorOf(() => withIos.proof(ALICE, 'android'))).code).toBe('SECRET_MISSING');
    expect((await errorOf(() => withIos.proof(ALICE, 'windows' as 'ios'))).code).toBe('PLATFORM_UNKNOWN');
  });
});
