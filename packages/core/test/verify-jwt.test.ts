import { createHmac } from 'node:crypto';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_USER_JWT_LENGTH, signUserJwt, verifyUserJwt } from '../src/index.js';
import { errorOf, SECRET } from './support.js';

const IAT = 1_700_000_000;
const EXP = IAT + 3600;

/** A correctly signed HS256 token of exactly these claims. */
function tokenOf(claims: Record<string, unknown>, secret = SECRET): string {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

async function joseAccepts(token: string, now: number): Promise<boolean> {
  try {
    await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'], currentDate: new Date(now * 1000) });
    return true;
  } catch {
    return false;
  }
}

describe('verifyUserJwt validates its options', () => {
  const expired = tokenOf({ user_id: 'u_1', iat: IAT, exp: EXP });

  it.each([
    ['clockTolerance NaN', { clockTolerance: Number.NaN }],
    ['clockTolerance Infinity', { clockTolerance: Number.POSITIVE_INFINITY }],
    ['clockTolerance negative', { clockTolerance: -1 }],
    ['clockTolerance as a string (once concatenated to exp)', { clockTolerance: '60' as unknown as number }],
    ['now NaN', { now: Number.NaN }],
    ['now as a string', { now: '0' as unknown as number }],
    ['now negative', { now: -5 }],
    ['now Infinity', { now: Number.POSITIVE_INFINITY }],
  ])('%s: JWT_OPTION_INVALID, never a valid expired token', async (_what, options) => {
    const error = await errorOf(() => verifyUserJwt(SECRET, expired, { now: EXP + 10, ...options }));
    expect(error.code).toBe('JWT_OPTION_INVALID');
    expect(error.message).toMatch(/verifyUserJwt/);
  });

  it('options that are not an object: JWT_OPTION_INVALID', async () => {
    expect((await errorOf(() => verifyUserJwt(SECRET, expired, null as unknown as object))).code).toBe('JWT_OPTION_INVALID');
  });

  it('valid options still work: a tolerance of 0 or more seconds, a numeric now', async () => {
    expect(await verifyUserJwt(SECRET, expired, { now: EXP + 10, clockTolerance: 11 })).toMatchObject({ valid: true });
    expect(await verifyUserJwt(SECRET, expired, { now: EXP + 10, clockTolerance: 10 })).toMatchObject({
      valid: false,
      problem: 'expired',
    });
    expect(await verifyUserJwt(SECRET, expired, { now: IAT, clockTolerance: 0 })).toMatchObject({ valid: true });
  });
});

describe('verifyUserJwt honours nbf and refuses an iat in the future', () => {
  it('a token not valid before a later time: not_yet_valid, as jose says', async () => {
    const token = tokenOf({ user_id: 'u_1', iat: IAT, nbf: IAT + 600, exp: EXP });
    expect(await verifyUserJwt(SECRET, token, { now: IAT })).toMatchObject({ valid: false, problem: 'not_yet_valid' });
    expect(await joseAccepts(token, IAT)).toBe(false);
    expect(await verifyUserJwt(SECRET, token, { now: IAT + 600 })).toMatchObject({ valid: true });
    expect(await joseAccepts(token, IAT + 600)).toBe(true);
    expect(await verifyUserJwt(SECRET, token, { now: IAT + 500, clockTolerance: 100 })).toMatchObject({ valid: true });
  });

  it('an nbf that is not a number: refused', async () => {
    const token = tokenOf({ user_id: 'u_1', iat: IAT, nbf: String(IAT), exp: EXP });
    expect(await verifyUserJwt(SECRET, token, { now: IAT + 1 })).toMatchObject({ valid: false, problem: 'not_yet_valid' });
  });

  it('a token issued in the future (beyond the tolerance): not_yet_valid, with the claims', async () => {
    const token = tokenOf({ user_id: 'u_1', iat: IAT + 3600, exp: IAT + 7200 });
    const result = await verifyUserJwt(SECRET, token, { now: IAT });
    expect(result).toMatchObject({ valid: false, problem: 'not_yet_valid', claims: { user_id: 'u_1' } });
    expect(await verifyUserJwt(SECRET, token, { now: IAT, clockTolerance: 3600 })).toMatchObject({ valid: true });
  });

  it('a token just signed verifies at once', async () => {
    const token = await signUserJwt(SECRET, { user_id: 'u_1' });
    expect(await verifyUserJwt(SECRET, token)).toMatchObject({ valid: true });
  });
});

describe('verifyUserJwt refuses a token over 8 KiB before reading it', () => {
  it('the limit is 8192 characters', () => {
    expect(MAX_USER_JWT_LENGTH).toBe(8192);
  });

  it('a correctly signed token just over the limit is malformed; one at the limit is read', async () => {
    const base = { user_id: 'u_1', iat: IAT, exp: EXP };
    const fill = (length: number) => {
      // Grow a padding claim until the token has exactly `length` characters (base64 moves in steps of 4).
      for (let pad = 0; pad < length; pad++) {
        const token = tokenOf({ ...base, pad: 'x'.repeat(pad) });
        if (token.length >= length) return token;
      }
      throw new Error('unreachable');
    };
    const under = fill(MAX_USER_JWT_LENGTH - 8);
    expect(under.length).toBeLessThanOrEqual(MAX_USER_JWT_LENGTH);
    expect(await verifyUserJwt(SECRET, under, { now: IAT })).toMatchObject({ valid: true });
    const over = fill(MAX_USER_JWT_LENGTH + 1);
    const result = await verifyUserJwt(SECRET, over, { now: IAT });
    expect(result).toMatchObject({ valid: false, problem: 'malformed' });
    expect(result.valid === false && result.message).toMatch(/8192/);
    expect(result).not.toHaveProperty('claims');
  });

  it('a 50 MB token is refused without being split, decoded or hashed', async () => {
    const huge = `${'a'.repeat(25_000_000)}.${'b'.repeat(25_000_000)}.c`;
    const split = String.prototype.split;
    let splits = 0;
    String.prototype.split = function (this: string, ...args: Parameters<typeof split>) {
      if (this.length > 8192) splits++;
      return split.apply(this, args);
    } as typeof split;
    try {
      expect(await verifyUserJwt(SECRET, huge)).toMatchObject({ valid: false, problem: 'malformed' });
    } finally {
      String.prototype.split = split;
    }
    expect(splits).toBe(0);
  });
});
