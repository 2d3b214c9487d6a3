// A Cloudflare module Worker that exercises the Web Crypto build of the core
// inside workerd (see test/workerd.test.ts). Bindings: INTERCOM_APP_ID,
// INTERCOM_IDENTITY_SECRET, SESSIONS (session id -> user, a stand-in for a real
// session store).
import {
  createIdentity,
  createMobileHandler,
  resolveConfig,
  signUserJwt,
  userHash,
  verifyUserHash,
  verifyUserJwt,
} from '../../dist/web.js';

/** Runs every vector of the posted vectors file and reports what this runtime computed. */
async function runVectors(vectors) {
  const hash = [];
  for (const [index, entry] of vectors.hash.entries()) {
    const { name, secret, identifier, user_hash } = entry;
    const other = vectors.hash[(index + 1) % vectors.hash.length].user_hash;
    const flipped = user_hash.slice(0, -1) + (user_hash.endsWith('0') ? '1' : '0');
    hash.push({
      name,
      user_hash: await userHash(secret, identifier),
      verifies: await verifyUserHash(secret, identifier, user_hash),
      verifiesUppercase: await verifyUserHash(secret, identifier, user_hash.toUpperCase()),
      verifiesFlipped: await verifyUserHash(secret, identifier, flipped),
      verifiesOther: await verifyUserHash(secret, identifier, other),
    });
  }
  const jwt = [];
  for (const { name, secret, claims, token } of vectors.jwt) {
    const verdict = await verifyUserJwt(secret, token, { now: claims.iat });
    jwt.push({ name, token: await signUserJwt(secret, claims, { expiresIn: null }), verifies: verdict.valid });
  }
  return { hash, jwt };
}

/** What kind of runtime this is. */
async function runtime() {
  let nodeCrypto;
  try {
    // A computed specifier, so the bundle check cannot reject the module before it runs.
    const specifier = ['node', 'crypto'].join(':');
    await import(specifier);
    nodeCrypto = { importable: true };
  } catch (error) {
    nodeCrypto = { importable: false, error: String(error) };
  }
  let bundledImport;
  try {
    // The same computed import of a module this Worker does have, to show the mechanism works.
    const core = await import(['..', '..', 'dist', 'web.js'].join('/'));
    bundledImport = typeof core.userHash === 'function';
  } catch (error) {
    bundledImport = String(error);
  }
  return {
    process: typeof process,
    nodeCrypto,
    bundledImport,
    userAgent: typeof navigator === 'undefined' ? null : navigator.userAgent,
    subtle: typeof crypto?.subtle?.sign,
  };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const config = resolveConfig(env, { production: false });
    if (url.pathname === '/vectors') return Response.json(await runVectors(await request.json()));
    if (url.pathname === '/runtime') return Response.json(await runtime());
    if (url.pathname === '/boot') {
      const { user, mode } = await request.json();
      const identity = createIdentity(resolveConfig(env, { production: false, mode }));
      const settings = await identity.bootSettings(user);
      return Response.json({ settings, script: identity.renderScript(settings, { nonce: 'r4nd0mN0nce' }) });
    }
    if (url.pathname === '/intercom/proof') {
      const handler = createMobileHandler({
        config,
        getUser(proofRequest) {
          const cookie = proofRequest.headers.get('cookie') ?? '';
          const session = /(?:^|;\s*)session=([^;]+)/.exec(cookie)?.[1];
          return session === undefined ? null : (env.SESSIONS[session] ?? null);
        },
      });
      return handler(request);
    }
    return new Response('not found', { status: 404 });
  },
};
