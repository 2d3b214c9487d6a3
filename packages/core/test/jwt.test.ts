import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bundles, hashCase, memoryLogger, vectors } from './support/load.js';
import { JWT_EXP, JWT_IAT, MAIN_SECRET, type VectorClaimValue } from './support/vector-cases.mjs';

// jose is the oracle: an independent, widely used JWT implementation.
const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);
const part = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const HEADER = part('{"alg":"HS256","typ":"JWT"}');

type JoseVerdict = { valid: true; payload: Record<string, unknown> } | { valid: false; code: string };

/** jose's verdict on a token, as the Messenger checks one: HS256 only, `user_id` required. */
async function joseVerdict(secret: string, token: string, now: number): Promise<JoseVerdict> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      currentDate: new Date(now * 1000),
      requiredClaims: ['user_id'],
    });
    return { valid: true, payload };
  } catch (error) {
    return { valid: false, code: String((error as { code?: unknown }).code ?? error) };
  }
}

/** A token signed by jose itself, with exactly these claims. */
function joseToken(secret: string, claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(keyOf(secret));
}

const userIdOnly = vectors.jwt.find((entry) => entry.name === 'jwt/user-id-only');
if (userIdOnly === undefined) throw new Error('vectors.json has no jwt/user-id-only case');

describe('every vector token verifies with jose', () => {
  it.each(vectors.jwt)('$name', async ({ secret, claims, token }) => {
    const { payload, protectedHeader } = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      typ: 'JWT',
      currentDate: new Date(claims.iat * 1000),
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual(claims);
  });

  it('and jose refuses each of them under another secret', async () => {
    for (const { name, claims, token } of vectors.jwt) {
      const verdict = await joseVerdict(`${MAIN_SECRET}-other`, token, claims.iat);
      expect(verdict, name).toEqual({ valid: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    }
  });
});

describe.each(bundles)('%s: bootSettings in jwt mode', (_label, core) => {
  const alice = {
    user_id: 'u_1001',
    email: 'alice@example.com',
    name: 'Alice Example',
    custom_attributes: { plan: 'pro', seats: 3, beta: true, manager: null },
  };
  const identityWith = (jwt?: Parameters<typeof core.createIdentity>[0]['jwt']) =>
    core.createIdentity({ appId: 'abc123', secret: MAIN_SECRET, mode: 'jwt', jwt, logger: memoryLogger() });

  async function bootAndVerify(jwt: Parameters<typeof identityWith>[0], user: object = alice) {
    const before = nowSeconds();
    const settings = await identityWith(jwt).bootSettings(user);
    const after = nowSeconds();
    expect(typeof settings.intercom_user_jwt).toBe('string');
    const { payload, protectedHeader } = await jwtVerify(settings.intercom_user_jwt as string, keyOf(MAIN_SECRET), {
      algorithms: ['HS256'],
      typ: 'JWT',
      requiredClaims: ['user_id'],
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(after);
    return { settings, payload };
  }

  it('signs user_id and email by default, expiring after 3600 s, and sends neither in plain', async () => {
    const { settings, payload } = await bootAndVerify(undefined);
    expect(payload).toMatchObject({ user_id: 'u_1001', email: 'alice@example.com' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    expect(payload).not.toHaveProperty('name');
    expect(payload).not.toHaveProperty('plan');
    expect(settings).not.toHaveProperty('user_id');
    expect(settings).not.toHaveProperty('email');
    expect(settings).not.toHaveProperty('user_hash');
    expect(settings).toMatchObject({ app_id: 'abc123', name: 'Alice Example', plan: 'pro', seats: 3, beta: true, manager: null });
  });

  it('follows jwt.expiresIn', async () => {
    const { payload } = await bootAndVerify({ expiresIn: 900 });
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
  });

  it('leaves exp out with expiresIn: null, and jose still accepts the token', async () => {
    const { payload } = await bootAndVerify({ expiresIn: null });
    expect(payload).not.toHaveProperty('exp');
    expect(Object.keys(payload).sort()).toEqual(['email', 'iat', 'user_id']);
  });

  it('signs the configured attributes, custom ones too, and sends only the others in plain', async () => {
    const signedAttributes = ['name', 'plan', 'seats', 'beta', 'manager'];
    const { settings, payload } = await bootAndVerify({ signedAttributes });
    expect(payload).toMatchObject({ user_id: 'u_1001', name: 'Alice Example', plan: 'pro', seats: 3, beta: true, manager: null });
    for (const name of signedAttributes) expect(settings, name).not.toHaveProperty(name);
    // email is no longer in the list: it goes in plain and is not signed.
    expect(payload).not.toHaveProperty('email');
    expect(settings.email).toBe('alice@example.com');
    expect(settings).not.toHaveProperty('user_id');
  });

  it('sends a numeric user_id as the string claim "1001"', async () => {
    const { payload } = await bootAndVerify(undefined, { user_id: 1001 });
    expect(payload.user_id).toBe('1001');
  });

  it('refuses an email-only user with JWT_USER_ID_REQUIRED, without the secret in the message', async () => {
    const failure = identityWith().bootSettings({ email: 'alice@example.com' });
    await expect(failure).rejects.toMatchObject({ name: 'IntercomIdentityError', code: 'JWT_USER_ID_REQUIRED' });
    const error = await failure.catch((caught: unknown) => caught as Error);
    expect(error.message).toContain('user_id');
    expect(error.message).not.toContain(MAIN_SECRET);
  });

  it('gives an email-only user the user_hash of the email with jwt.fallbackToUserHash', async () => {
    const expected = hashCase('email/plus-and-uppercase');
    expect(expected.secret).toBe(MAIN_SECRET);
    const settings = await identityWith({ fallbackToUserHash: true }).bootSettings({ email: expected.identifier, name: 'Bob' });
    expect(settings).toMatchObject({ email: expected.identifier, user_hash: expected.user_hash, name: 'Bob' });
    expect(settings).not.toHaveProperty('intercom_user_jwt');
    expect(settings).not.toHaveProperty('user_id');
  });

  it('still signs a JWT for a user with a user_id when the fallback is on', async () => {
    const { settings } = await bootAndVerify({ fallbackToUserHash: true });
    expect(settings).not.toHaveProperty('user_hash');
  });
});

describe.each(bundles)('%s: verifyUserJwt agrees with jose', (_label, core) => {
  async function agree(secret: string, token: string, now: number) {
    const ours = await core.verifyUserJwt(secret, token, { now });
    const theirs = await joseVerdict(secret, token, now);
    expect(ours.valid).toBe(theirs.valid);
    return { ours, theirs };
  }

  it.each(vectors.jwt)('valid: $name', async ({ secret, claims, token }) => {
    const { ours, theirs } = await agree(secret, token, claims.iat);
    expect(ours).toEqual({ valid: true, claims, matched: 'current' });
    expect(theirs).toEqual({ valid: true, payload: claims });
  });

  it('valid: a token that jose signed', async () => {
    const claims = { user_id: 'u_2002', email: 'bob@example.com', iat: JWT_IAT, exp: JWT_EXP };
    const { ours } = await agree(MAIN_SECRET, await joseToken(MAIN_SECRET, claims), JWT_IAT);
    expect(ours).toEqual({ valid: true, claims, matched: 'current' });
  });

  it('invalid: a payload changed after signing', async () => {
    const [header, , signature] = userIdOnly.token.split('.');
    const forged = `${header}.${part(JSON.stringify({ ...userIdOnly.claims, user_id: 'u_admin' }))}.${signature}`;
    const { ours, theirs } = await agree(userIdOnly.secret, forged, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'signature' });
    expect(theirs).toEqual({ valid: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('invalid: the right token under the wrong secret', async () => {
    const { ours, theirs } = await agree(`${userIdOnly.secret}x`, userIdOnly.token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'signature' });
    expect(theirs).toEqual({ valid: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it.each([
    ['unsigned', ''],
    ['carrying the HS256 signature of the same header and payload', 'sign'],
  ])('invalid: alg none, %s', async (_how, signature) => {
    const payload = userIdOnly.token.split('.')[1] as string;
    const header = part('{"alg":"none","typ":"JWT"}');
    const tail = signature === '' ? '' : (userIdOnly.token.split('.')[2] as string);
    const { ours, theirs } = await agree(userIdOnly.secret, `${header}.${payload}.${tail}`, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'algorithm' });
    expect(theirs).toMatchObject({ valid: false });
  });

  it('invalid: HS512, correctly signed with the same secret', async () => {
    const token = await joseToken(MAIN_SECRET, { user_id: 'u_1001', iat: JWT_IAT, exp: JWT_EXP }, 'HS512');
    const { ours, theirs } = await agree(MAIN_SECRET, token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'algorithm' });
    expect(theirs).toEqual({ valid: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  it('expired: both reject at exp and accept one second before', async () => {
    const before = await agree(userIdOnly.secret, userIdOnly.token, JWT_EXP - 1);
    expect(before.ours.valid).toBe(true);
    const at = await agree(userIdOnly.secret, userIdOnly.token, JWT_EXP);
    expect(at.ours).toMatchObject({ valid: false, problem: 'expired' });
    expect(at.theirs).toEqual({ valid: false, code: 'ERR_JWT_EXPIRED' });
    const later = await agree(userIdOnly.secret, userIdOnly.token, JWT_EXP + 86_400);
    expect(later.ours).toMatchObject({ valid: false, problem: 'expired' });
  });

  it('expired: an exp that is not a number', async () => {
    const token = await joseToken(MAIN_SECRET, { user_id: 'u_1001', iat: JWT_IAT, exp: String(JWT_EXP) });
    const { ours } = await agree(MAIN_SECRET, token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'expired' });
  });

  it('invalid: a correctly signed token without user_id', async () => {
    const claims: Record<string, VectorClaimValue> = { email: 'alice@example.com', iat: JWT_IAT, exp: JWT_EXP };
    const token = await joseToken(MAIN_SECRET, claims);
    const { ours, theirs } = await agree(MAIN_SECRET, token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'user_id_missing', claims });
    expect(theirs).toEqual({ valid: false, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    // The signature itself is fine: without the user_id rule, jose accepts it.
    await expect(jwtVerify(token, keyOf(MAIN_SECRET), { currentDate: new Date(JWT_IAT * 1000) })).resolves.toBeTruthy();
  });

  const [vh, vp, vs] = userIdOnly.token.split('.') as [string, string, string];
  it.each([
    ['empty string', ''],
    ['one word', 'not-a-jwt'],
    ['two parts', `${vh}.${vp}`],
    ['four parts', `${userIdOnly.token}.${vs}`],
    ['three empty parts', '..'],
    ['characters outside base64url', `!!!.${vp}.${vs}`],
    ['standard base64 padding', `${vh}==.${vp}.${vs}`],
    ['a header that is not JSON', `${part('not json')}.${vp}.${vs}`],
    ['a payload that is a JSON array', `${HEADER}.${part('["u_1001"]')}.${vs}`],
    ['a payload that is a JSON string', `${HEADER}.${part('"u_1001"')}.${vs}`],
    ['a payload of invalid UTF-8', `${HEADER}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.${vs}`],
  ])('malformed: %s', async (_what, token) => {
    const { ours, theirs } = await agree(userIdOnly.secret, token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'malformed' });
    expect(theirs.valid).toBe(false);
  });

  it('malformed: a correctly signed token with a critical header extension', async () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT","crit":["x-unknown"],"x-unknown":1}').toString('base64url');
    const input = `${header}.${Buffer.from(`{"user_id":"u_1","iat":${JWT_IAT}}`).toString('base64url')}`;
    const token = `${input}.${createHmac('sha256', MAIN_SECRET).update(input).digest('base64url')}`;
    const { ours } = await agree(MAIN_SECRET, token, JWT_IAT);
    expect(ours).toMatchObject({ valid: false, problem: 'malformed' });
  });

  // Both builds decode strictly: a bad byte is not read as U+FFFD (this once passed on Node).
  it('malformed: a correctly signed payload that is not valid UTF-8', async () => {
    const payload = Buffer.concat([Buffer.from('{"user_id":"u_'), Buffer.from([0xff]), Buffer.from(`1","iat":${JWT_IAT}}`)]);
    const input = `${HEADER}.${payload.toString('base64url')}`;
    const token = `${input}.${createHmac('sha256', MAIN_SECRET).update(input).digest('base64url')}`;
    const { ours, theirs } = await agree(MAIN_SECRET, token, JWT_IAT);
    expect(theirs).toEqual({ valid: false, code: 'ERR_JWT_INVALID' });
    expect(ours).toMatchObject({ valid: false, problem: 'malformed' });
  });

  it('throws a coded error for a token that is not a string', async () => {
    await expect(core.verifyUserJwt(MAIN_SECRET, 42 as unknown as string)).rejects.toMatchObject({
      code: 'JWT_CLAIM_INVALID',
    });
  });
});
