import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createIdentity,
  createMobileHandler,
  cspScriptHash,
  ERROR_CODES,
  IntercomIdentityError,
  resolveConfig,
  Secret,
  serializeForScript,
  signUserJwt,
  userHash,
  verifyUserHash,
  verifyUserJwt,
} from '../src/index.js';
import { APP_ID, recordingLogger, SECRET } from './support.js';

// Every kind of value a caller could pass by mistake.
const BAD: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
  ['1e21', 1e21],
  ['-1', -1],
  ['1.5', 1.5],
  ['true', true],
  ['false', false],
  ['{}', {}],
  ['object with toString', { toString: () => 'u_1001' }],
  ['[]', []],
  ["['u_1001']", ['u_1001']],
  ['function', () => 'u_1001'],
  ['symbol', Symbol('u_1001')],
  ['negative bigint', -5n],
  ['empty string', ''],
  ['whitespace string', ' \t\n '],
  ['1 MB string', 'x'.repeat(1_048_576)],
  ['string with NUL', 'u_1001\u0000admin'],
  ['lone high surrogate', 'u_\uD800'],
  ['lone low surrogate', '\uDC00u_1'],
];

const CODES = new Set<string>(ERROR_CODES);
const hmac = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');
// A hash of what String() makes of a bad value must never come out.
const FORBIDDEN_HASHES = new Set(
  [
    'undefined',
    'null',
    '[object Object]',
    'NaN',
    'Infinity',
    '-Infinity',
    '0',
    '1e+21',
    'true',
    'false',
    '',
    'u_1001',
    '-5',
    'Symbol(u_1001)',
  ].map(hmac),
);

type Outcome = { kind: 'error'; code: string } | { kind: 'value'; value: unknown };

async function outcome(fn: () => unknown): Promise<Outcome> {
  try {
    return { kind: 'value', value: await fn() };
  } catch (error) {
    if (!(error instanceof IntercomIdentityError)) {
      throw new Error(`raw ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
    expect(CODES.has(error.code)).toBe(true);
    expect(error.message.length).toBeGreaterThan(20);
    expect(error.message).not.toContain(SECRET);
    return { kind: 'error', code: error.code };
  }
}

const identity = createIdentity(
  resolveConfig(
    { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' },
    { logger: recordingLogger() },
  ),
);
const jwtIdentity = createIdentity(
  resolveConfig(
    { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'jwt' },
    { logger: recordingLogger() },
  ),
);

describe.each(BAD)('bad input %s', (_label, value) => {
  it('userHash(secret, value): a coded error, never a hash of its String()', async () => {
    const result = await outcome(() => userHash(SECRET, value as string));
    if (result.kind === 'value') expect(FORBIDDEN_HASHES.has(result.value as string)).toBe(false);
    expect(result.kind).toBe('error');
  });

  it('userHash(value, id) and new Secret(value): a coded error', async () => {
    const hashed = await outcome(() => userHash(value as string, 'u_1001'));
    // NUL and a 1 MB string are strings; only the 1 MB one is too long. A NUL inside a key is just a byte.
    if (value === 'u_1001\u0000admin') expect(hashed.kind).toBe('value');
    else expect(hashed).toMatchObject({ kind: 'error' });
    const secret = await outcome(() => new Secret(value as string));
    expect(secret.kind).toBe(hashed.kind);
  });

  it('verifyUserHash(secret, value, hash) and (secret, id, value): false or a coded error, never true', async () => {
    const byId = await outcome(() => verifyUserHash(SECRET, value as string, hmac('u_1001')));
    expect(byId.kind).toBe('error');
    const byHash = await outcome(() => verifyUserHash(SECRET, 'u_1001', value as string));
    if (byHash.kind === 'value') expect(byHash.value).toBe(false);
  });

  it('signUserJwt with value as user_id, claims or a claim: a coded error', async () => {
    expect((await outcome(() => signUserJwt(SECRET, { user_id: value as string }))).kind).toBe('error');
    expect((await outcome(() => signUserJwt(SECRET, value as { user_id: string }))).kind).toBe('error');
    const claim = await outcome(() => signUserJwt(SECRET, { user_id: 'u_1', plan: value as string }));
    const jsonPrimitive =
      value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
    expect(claim.kind).toBe(jsonPrimitive ? 'value' : 'error');
    expect((await outcome(() => signUserJwt(SECRET, { user_id: 'u_1' }, { expiresIn: value as number }))).kind).toBe(
      value === undefined || value === null ? 'value' : 'error',
    );
  });

  it('verifyUserJwt(secret, value): a coded error or an invalid result', async () => {
    const result = await outcome(() => verifyUserJwt(SECRET, value as string));
    if (result.kind === 'value') expect(result.value).toMatchObject({ valid: false });
  });

  it('bootSettings(value) and bootSettings({ user_id: value }): a coded error or a visitor, never an unsigned user', async () => {
    for (const id of [identity, jwtIdentity]) {
      for (const input of [value, { user_id: value }, { email: value }, { user_id: 'u_1', custom_attributes: { plan: value } }]) {
        const result = await outcome(() => id.bootSettings(input as never));
        if (result.kind === 'value') {
          const settings = result.value as Record<string, unknown>;
          const identified =
            settings.user_id !== undefined || settings.email !== undefined || settings.intercom_user_jwt !== undefined;
          if (identified) expect(settings.user_hash ?? settings.intercom_user_jwt).toBeTypeOf('string');
          // A hash is always the hash of the identifier that is sent.
          if (settings.user_hash !== undefined)
            expect(settings.user_hash).toBe(hmac((settings.user_id ?? settings.email) as string));
        }
      }
      // Only null/undefined (and {user_id: null}) mean "visitor".
      const whole = await outcome(() => id.bootSettings(value as never));
      if (whole.kind === 'value') expect(whole.value).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    }
  });

  it('bootSettings(user, value as extra) and renderScript(value), renderScript(settings, { nonce: value })', async () => {
    const extra = await outcome(() => identity.bootSettings(null, value as never));
    if (extra.kind === 'value')
      expect(value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))).toBe(true);
    expect((await outcome(() => identity.renderScript(value as never))).kind).toBe('error');
    const settings = await identity.bootSettings(null);
    const nonce = await outcome(() => identity.renderScript(settings, { nonce: value as string }));
    if (nonce.kind === 'value') expect(nonce.value as string).toMatch(/^<script data-intercom-identity="">/);
  });

  it('resolveConfig, createIdentity and createMobileHandler given value: a coded error', async () => {
    expect((await outcome(() => createIdentity(value as never))).kind).toBe('error');
    expect((await outcome(() => createMobileHandler(value as never))).kind).toBe('error');
    const handler = await outcome(() => createMobileHandler({ getUser: value as never, config: { appId: APP_ID } }));
    expect(handler.kind).toBe(typeof value === 'function' ? 'value' : 'error');
    const env = await outcome(() => resolveConfig(value as never));
    if (env.kind === 'value') expect(value === undefined || (typeof value === 'object' && value !== null)).toBe(true);
    for (const key of ['INTERCOM_APP_ID', 'INTERCOM_IDENTITY_MODE', 'INTERCOM_REGION', 'INTERCOM_IDENTITY_SECRET']) {
      const base = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };
      await outcome(() => resolveConfig({ ...base, [key]: value } as never));
    }
  });

  it('serializeForScript(value) and cspScriptHash(value): JSON or a coded error', async () => {
    const json = await outcome(() => serializeForScript(value));
    if (json.kind === 'value') expect(JSON.parse(json.value as string)).toEqual(JSON.parse(JSON.stringify(value)));
    expect((await outcome(() => cspScriptHash(value as string))).kind).toBe('error');
  });
});

describe('documented results for values that look odd but are valid', () => {
  it('a whole-number user_id is its decimal string; a bigint too', async () => {
    expect(await userHash(SECRET, 42 as unknown as string)).toBe(hmac('42'));
    expect(await userHash(SECRET, 0 as unknown as string)).toBe(hmac('0'));
    expect(await userHash(SECRET, 12345678901234567890n as unknown as string)).toBe(hmac('12345678901234567890'));
  });

  it('a user with only a name, or no identifier at all, is a visitor', async () => {
    expect(await identity.bootSettings({ name: 'x' })).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
  });

  it('a hash that is not 64 hex characters is simply not valid', async () => {
    for (const hash of ['', 'zz', hmac('u_1001').slice(1), `${hmac('u_1001')}0`]) {
      expect(await verifyUserHash(SECRET, 'u_1001', hash)).toBe(false);
    }
  });
});
