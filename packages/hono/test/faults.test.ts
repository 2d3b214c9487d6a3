import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type IntercomVariables, intercomIdentity, intercomProofEndpoint, type MaybeUser } from '../src/index.js';
import { ALICE, APP_ID, bootSettings, ENV, hmac, recordingLogger, SECRET } from './support.js';

const NEW_SECRET = 'web-secret-for-hono-rotated-0123456789';

/** An app whose env is the Worker bindings of each request (`c.env`), as on Cloudflare. */
function workerApp(getUser: () => MaybeUser | Promise<MaybeUser>, options: { userTimeout?: number } = {}) {
  const { lines, logger } = recordingLogger();
  const app = new Hono<{ Variables: IntercomVariables }>();
  app.use(intercomIdentity({ getUser, logger, ...options }));
  app.get('/', (c) => c.html(`<html><head>${c.var.intercom?.html ?? ''}</head><body>page</body></html>`));
  app.get('/api/intercom-identity', intercomProofEndpoint({ getUser, logger, ...options }));
  return { app, lines };
}

describe('faults, with the env of each request (Worker bindings)', () => {
  it('a secret changed in the bindings signs the next request with it; removed, the next page is a visitor', async () => {
    const { app, lines } = workerApp(() => ALICE);
    const bindings: Record<string, string> = { ...ENV, INTERCOM_IDENTITY_MODE: 'user_hash' };
    const page = async () => bootSettings(await (await app.request('/', {}, bindings)).text());

    expect((await page())?.user_hash).toBe(hmac(SECRET, 'u_1001'));
    bindings.INTERCOM_IDENTITY_SECRET = NEW_SECRET;
    expect((await page())?.user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));
    const proof = await (await app.request('/api/intercom-identity', {}, bindings)).json();
    expect(proof.user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));

    delete bindings.INTERCOM_IDENTITY_SECRET;
    for (let i = 0; i < 2; i++) {
      const visitor = await page();
      expect(visitor).toMatchObject({ app_id: APP_ID });
      expect(visitor).not.toHaveProperty('user_hash');
      expect(visitor).not.toHaveProperty('user_id');
    }
    const missing = lines.filter((line) => line.includes('SECRET_MISSING'));
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing).size).toBe(missing.length);
    expect(lines.join('\n')).not.toContain(NEW_SECRET);
  });

  it('userTimeout reaches the core through the options: a getUser that never answers gives a visitor page and a 500', async () => {
    const { app, lines } = workerApp(() => new Promise<MaybeUser>(() => {}), { userTimeout: 30 });
    const bindings = { ...ENV, INTERCOM_IDENTITY_MODE: 'user_hash' };
    const response = await app.request('/', {}, bindings);
    expect(response.status).toBe(200);
    const settings = bootSettings(await response.text());
    expect(settings).toMatchObject({ app_id: APP_ID });
    expect(settings).not.toHaveProperty('user_hash');
    const proof = await app.request('/api/intercom-identity', {}, bindings);
    expect(proof.status).toBe(500);
    expect((await proof.json()).error.code).toBe('SESSION_LOOKUP_TIMEOUT');
    expect(lines.join('\n')).toContain('SESSION_LOOKUP_TIMEOUT');
  });
});
