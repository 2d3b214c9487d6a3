import { verifyUserJwt } from '@intercom-identity/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { intercomEndpoint, intercomProofEndpoint } from '../src/lib/index.js';
import { setBuilding } from './stubs/app-env.js';
import { setDeclared } from './stubs/app-env-private.js';
import { ALICE, ANDROID_SECRET, APP_ID, hmac, makeEvent, recordingLogger, SECRET } from './support.js';

const DECLARED = {
  INTERCOM_APP_ID: APP_ID,
  INTERCOM_IDENTITY_SECRET: SECRET,
  INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
};

beforeEach(() => {
  setBuilding(false);
  setDeclared(DECLARED);
});

describe('intercomProofEndpoint', () => {
  it('intercomEndpoint is its deprecated alias', () => {
    expect(intercomEndpoint).toBe(intercomProofEndpoint);
  });

  it("returns the session user's proof made with the platform's secret, ignoring identifiers in the query (user_hash mode)", async () => {
    const { GET } = intercomProofEndpoint({ mode: 'user_hash', logger: recordingLogger().logger });
    const response = await GET(
      makeEvent({ path: '/api/intercom-identity?platform=android&user_id=u_2002', locals: { user: ALICE } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toMatchObject({
      app_id: APP_ID,
      type: 'user_hash',
      platform: 'android',
      user_id: 'u_1001',
      user_hash: hmac(ANDROID_SECRET, 'u_1001'),
    });
  });

  it('answers POST the same way, with a JWT in the default mode, and 401 without a session', async () => {
    const { POST, GET } = intercomProofEndpoint({ logger: recordingLogger().logger });
    const post = await POST(
      makeEvent({ path: '/api/intercom-identity?user_id=u_2002', method: 'POST', locals: { user: ALICE } }),
    );
    const proof = await post.json();
    expect(proof).toMatchObject({ platform: 'web', type: 'jwt' });
    expect(await verifyUserJwt(SECRET, proof.intercom_user_jwt)).toMatchObject({ valid: true, claims: { user_id: 'u_1001' } });
    const anonymous = await GET(makeEvent({ path: '/api/intercom-identity?user_id=u_1001' }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toContain('no-store');
    expect(await anonymous.json()).toMatchObject({ error: { code: 'NO_SESSION' } });
  });

  it('signs nothing while prerendering', async () => {
    setBuilding(true);
    try {
      const { GET } = intercomProofEndpoint({ getUser: () => ({ user_id: 'u_1001' }) });
      const response = await GET(makeEvent({ path: '/api/intercom-identity' }));
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('user_hash');
    } finally {
      setBuilding(false);
    }
  });

  it('a broken setup answers 500 with the code, never the secret', async () => {
    setDeclared({ ...DECLARED, INTERCOM_APP_ID: 'not an app id!' });
    const { lines, logger } = recordingLogger();
    const { GET } = intercomProofEndpoint({ logger });
    const response = await GET(makeEvent({ path: '/api/intercom-identity', locals: { user: ALICE } }));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'APP_ID_INVALID' } });
    expect(body + lines.join('\n')).not.toContain(SECRET);
  });

  it('a getUser that throws: 500 SESSION_LOOKUP_FAILED, logged by code, with the headers of every proof answer', async () => {
    const { lines, logger } = recordingLogger();
    const { GET } = intercomProofEndpoint({
      logger,
      getUser: () => {
        throw new Error('lost connection to 10.0.0.7');
      },
    });
    const response = await GET(makeEvent({ path: '/api/intercom-identity' }));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toBe('Cookie, Authorization');
    expect(await response.json()).toMatchObject({ error: { code: 'SESSION_LOOKUP_FAILED' } });
    expect(lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(lines.join('\n')).not.toContain('10.0.0.7');
  });

  it('the prerender refusal carries nosniff and vary too', async () => {
    setBuilding(true);
    try {
      const response = await intercomProofEndpoint().GET(makeEvent({ path: '/api/intercom-identity' }));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('vary')).toBe('Cookie, Authorization');
    } finally {
      setBuilding(false);
    }
  });
});
