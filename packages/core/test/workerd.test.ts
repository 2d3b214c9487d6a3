import { fileURLToPath } from 'node:url';
import { jwtVerify } from 'jose';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distFile, hashCase, vectors, vectorsText } from './support/load.js';
import { MAIN_SECRET } from './support/vector-cases.mjs';

// The Web Crypto build inside workerd, the runtime of Cloudflare Workers, run by
// miniflare from the workerd binary in its npm package.
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./support/workerd-worker.mjs', import.meta.url));
const ORIGIN = 'http://identity.test';
const sessionUser = hashCase('unicode/mixed-scripts');

interface HashResult {
  name: string;
  user_hash: string;
  verifies: boolean;
  verifiesUppercase: boolean;
  verifiesFlipped: boolean;
  verifiesOther: boolean;
}
interface WorkerResults {
  hash: HashResult[];
  jwt: { name: string; token: string; verifies: boolean }[];
}

let miniflare: Miniflare | undefined;
let results: WorkerResults;

function worker(): Miniflare {
  if (miniflare === undefined) throw new Error('miniflare did not start');
  return miniflare;
}

async function json<T>(path: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) {
  const response = await worker().dispatchFetch(`${ORIGIN}${path}`, init);
  return { response, body: (await response.json()) as T };
}

beforeAll(async () => {
  miniflare = new Miniflare({
    modulesRoot: PACKAGE_ROOT,
    modules: [
      { type: 'ESModule', path: WORKER },
      { type: 'ESModule', path: distFile('web.js') },
    ],
    compatibilityDate: '2025-12-01',
    bindings: {
      INTERCOM_APP_ID: 'abc123',
      INTERCOM_IDENTITY_SECRET: MAIN_SECRET,
      SESSIONS: { 'sess-1': { user_id: sessionUser.identifier, email: 'alice@example.com', name: 'Alice' } },
    },
  });
  await miniflare.ready;
  results = (await json<WorkerResults>('/vectors', { method: 'POST', body: vectorsText })).body;
}, 120_000);

afterAll(async () => {
  await miniflare?.dispose();
});

describe('inside workerd', () => {
  it('is workerd: no process object, node:crypto cannot be imported, Web Crypto is there', async () => {
    const { body } = await json<Record<string, unknown>>('/runtime');
    expect(body.process).toBe('undefined');
    expect(body.nodeCrypto).toMatchObject({ importable: false, error: expect.stringContaining('node:crypto') });
    // The same kind of dynamic import works for a module the Worker has: the failure above is about node:crypto.
    expect(body.bundledImport).toBe(true);
    expect(body.userAgent).toBe('Cloudflare-Workers');
    expect(body.subtle).toBe('function');
  });

  it('answered every vector', () => {
    expect(results.hash.map((entry) => entry.name)).toEqual(vectors.hash.map((entry) => entry.name));
    expect(results.jwt.map((entry) => entry.name)).toEqual(vectors.jwt.map((entry) => entry.name));
  });

  it.each(vectors.hash.map((entry, index) => ({ ...entry, index })))('user_hash of $name', ({ index, user_hash }) => {
    expect(results.hash[index]).toEqual({
      name: vectors.hash[index]?.name,
      user_hash,
      verifies: true,
      verifiesUppercase: true,
      verifiesFlipped: false,
      verifiesOther: false,
    });
  });

  it.each(vectors.jwt.map((entry, index) => ({ ...entry, index })))('token of $name', ({ index, name, token }) => {
    expect(results.jwt[index]).toEqual({ name, token, verifies: true });
  });

  it('bootSettings signs with the secret from the Worker env, and renderScript carries it (user_hash mode)', async () => {
    const user = { user_id: sessionUser.identifier, email: 'alice@example.com', name: 'Alice' };
    const { body } = await json<{ settings: Record<string, unknown>; script: string }>('/boot', {
      method: 'POST',
      body: JSON.stringify({ user, mode: 'user_hash' }),
    });
    expect(body.settings).toEqual({
      app_id: 'abc123',
      api_base: 'https://api-iam.intercom.io',
      user_id: sessionUser.identifier,
      email: 'alice@example.com',
      name: 'Alice',
      user_hash: sessionUser.user_hash,
    });
    expect(body.script).toMatch(/^<script data-intercom-identity="" nonce="r4nd0mN0nce">window\.intercomSettings=/);
    expect(body.script).toContain(sessionUser.user_hash);
    expect(body.script).not.toContain(MAIN_SECRET);
  });

  it('bootSettings in the default mode, JWT, makes a token that jose accepts', async () => {
    const { body } = await json<{ settings: Record<string, unknown> }>('/boot', {
      method: 'POST',
      body: JSON.stringify({ user: { user_id: 1001, email: 'alice@example.com', name: 'Alice' } }),
    });
    expect(body.settings).not.toHaveProperty('user_id');
    expect(body.settings).not.toHaveProperty('email');
    const { payload } = await jwtVerify(body.settings.intercom_user_jwt as string, new TextEncoder().encode(MAIN_SECRET), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ user_id: '1001', email: 'alice@example.com' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('the mobile handler returns the proof of the session user only, with cache-control: no-store', async () => {
    const { response, body } = await json<Record<string, unknown>>('/intercom/proof?platform=web&user_id=u_admin', {
      headers: { cookie: 'theme=dark; session=sess-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The default mode: a JWT for the session's user, not for the user_id in the query.
    expect(body).toMatchObject({ app_id: 'abc123', type: 'jwt', platform: 'web' });
    const { payload } = await jwtVerify(body.intercom_user_jwt as string, new TextEncoder().encode(MAIN_SECRET), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ user_id: sessionUser.identifier, email: 'alice@example.com' });
    expect(body.expires_at).toBe(payload.exp);
  });

  it('the mobile handler answers 401 without a session, also with no-store', async () => {
    const { response, body } = await json<{ error: { code: string } }>('/intercom/proof?user_id=u_admin');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.error.code).toBe('NO_SESSION');
  });
});
