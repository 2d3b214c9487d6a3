import { createProofEndpoint, resolveConfig } from '@intercom-identity/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createIntercomIdentity } from '../src/index.js';
import { ALICE, BOB, envWith, hmacHex, IOS_SECRET, recordingLogger, SECRET } from './support.js';

const next = vi.hoisted(() => ({ calls: [] as string[] }));

vi.mock('server-only', () => ({}));
vi.mock('next/headers.js', () => ({ headers: async () => new Headers() }));
vi.mock('next/server.js', () => ({
  connection: async () => {
    next.calls.push('connection');
  },
}));
vi.mock('next/navigation.js', () => ({ usePathname: () => '/', useSearchParams: () => new URLSearchParams() }));

beforeEach(() => {
  next.calls = [];
});

function handlersFor(user: unknown, env = envWith()) {
  const logger = recordingLogger();
  const { handlers } = createIntercomIdentity({
    getUser: async () => {
      next.calls.push('getUser');
      return user as never;
    },
    env: () => env,
    logger,
  });
  return { handlers, logger };
}

const URL_BASE = 'http://127.0.0.1:3000/api/intercom-identity';

describe('handlers (app/api/intercom-identity/route.ts)', () => {
  it('waits for a request before anything else, so the route is never prerendered', async () => {
    const { handlers } = handlersFor(ALICE);
    await handlers.GET(new Request(`${URL_BASE}?platform=ios`));
    expect(next.calls).toEqual(['connection', 'getUser']);
  });

  it('GET ?platform=ios answers exactly what the core’s proof endpoint answers for the session user, never cacheable', async () => {
    const { handlers } = handlersFor(ALICE);
    const url = `${URL_BASE}?platform=ios`;
    const response = await handlers.GET(new Request(url));
    expect(response.headers.get('cache-control')).toBe('no-store');
    const core = createProofEndpoint({ config: resolveConfig(envWith()), getUser: () => ALICE });
    const expected = await core(new Request(url));
    const body = (await response.json()) as { user_hash?: string };
    expect([response.status, body]).toEqual([expected.status, await expected.json()]);
    expect(body.user_hash).toBe(hmacHex(IOS_SECRET, 'u_1001'));
  });

  it('ignores identifiers in the query and the body: only the session user is signed', async () => {
    const { handlers } = handlersFor(BOB);
    const query = await handlers.GET(new Request(`${URL_BASE}?platform=web&user_id=u_1001&email=alice@example.com`));
    const body = await handlers.POST(
      new Request(`${URL_BASE}?platform=web`, { method: 'POST', body: JSON.stringify({ user_id: 'u_1001' }) }),
    );
    for (const response of [query, body]) {
      const proof = (await response.json()) as Record<string, unknown>;
      expect(proof.email).toBe('bob@example.com');
      expect(proof.user_id).toBeUndefined();
      expect(proof.user_hash).toBe(hmacHex(SECRET, 'bob@example.com'));
    }
  });

  it('proofEndpoint is the one name; handlers stays as its deprecated alias', () => {
    const intercom = createIntercomIdentity({ getUser: () => null, env: () => envWith() });
    expect(intercom.handlers).toBe(intercom.proofEndpoint);
  });

  it('a getUser that throws: 500 SESSION_LOOKUP_FAILED with a log line, never 401 (which would sign the browser out)', async () => {
    const logger = recordingLogger();
    const { proofEndpoint } = createIntercomIdentity({
      getUser: () => {
        throw new Error('redis timeout');
      },
      env: () => envWith(),
      logger,
    });
    const response = await proofEndpoint.GET(new Request(`${URL_BASE}?platform=web`));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('redis timeout');
  });

  it('no session: 401, no-store', async () => {
    const { handlers } = handlersFor(null);
    const response = await handlers.GET(new Request(`${URL_BASE}?platform=ios`));
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: { code: 'NO_SESSION' } });
  });

  it('JWT, the default mode: GET (the browser’s refresh) returns a fresh token for the session user', async () => {
    const { handlers } = handlersFor(
      ALICE,
      envWith({ INTERCOM_IDENTITY_MODE: undefined, INTERCOM_IDENTITY_JWT_EXPIRES_IN: '120' }),
    );
    const response = await handlers.GET(new Request(URL_BASE));
    const proof = (await response.json()) as { type: string; intercom_user_jwt: string; expires_at: number };
    expect(proof.type).toBe('jwt');
    const claims = JSON.parse(Buffer.from(proof.intercom_user_jwt.split('.')[1] as string, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ user_id: 'u_1001', email: 'alice@example.com' });
    expect(proof.expires_at - claims.iat).toBe(120);
  });

  it('a broken setup answers 500 with the code and message, no-store, and never the secret', async () => {
    const { handlers, logger } = handlersFor(ALICE, envWith({ INTERCOM_APP_ID: 'not an app id!' }));
    const response = await handlers.GET(new Request(`${URL_BASE}?platform=web`));
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'APP_ID_INVALID' } });
    expect(text + logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('a platform without a secret is refused with 400, naming the platform', async () => {
    const { handlers } = handlersFor(ALICE);
    const response = await handlers.GET(new Request(`${URL_BASE}?platform=android`));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'SECRET_MISSING', message: expect.stringContaining('android') },
    });
  });
});

describe('expireIntercomSession', () => {
  it('adds to the logout response the lines that expire the Messenger session cookie, and returns it', async () => {
    const env = envWith();
    const { expireIntercomSession } = createIntercomIdentity({
      getUser: async () => null,
      env: () => env,
      logger: recordingLogger(),
    });
    const request = new Request('http://shop.example.com/demo/logout', {
      headers: { host: 'shop.example.com', cookie: 'demo_session=1' },
    });
    const response = new Response(null, { status: 303, headers: { location: '/', 'set-cookie': 'demo_session=; Max-Age=0' } });
    expect(expireIntercomSession(request, response)).toBe(response);
    const lines = response.headers.getSetCookie();
    expect(lines[0]).toBe('demo_session=; Max-Age=0');
    expect(lines.slice(1).map((line) => line.split('; ').slice(0, 2).join('; '))).toEqual([
      `intercom-session-${env.INTERCOM_APP_ID}=; Path=/`,
      `intercom-session-${env.INTERCOM_APP_ID}=; Domain=shop.example.com`,
      `intercom-session-${env.INTERCOM_APP_ID}=; Domain=example.com`,
    ]);
  });
});
