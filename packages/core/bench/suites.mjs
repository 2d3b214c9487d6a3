// What is measured: the tasks, their inputs, the answer each must give, and the
// targets. Every task gets the same inputs, cycling through 64 of them.
import assert from 'node:assert/strict';
import { createHmac, createSecretKey } from 'node:crypto';
import CryptoJS from 'crypto-js';
import { jwtVerify, SignJWT } from 'jose';
import jsonwebtoken from 'jsonwebtoken';

// A made-up secret of the length of a real one, used only here.
const SECRET = 'bench-0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8';
const SECRET_BYTES = new TextEncoder().encode(SECRET);
const SECRET_KEY_OBJECT = createSecretKey(Buffer.from(SECRET, 'utf8'));
const HMAC_ALGORITHM = { name: 'HMAC', hash: 'SHA-256' };

const INPUTS = 64;
const pick = (i) => i & (INPUTS - 1);
const IDS = Array.from({ length: INPUTS }, (_, i) => (i % 4 === 3 ? `person${i}@example.com` : `u_${100_000 + i * 7_919}`));
const NOW = Math.floor(Date.now() / 1000);
const CLAIMS = Array.from({ length: INPUTS }, (_, i) => ({
  user_id: `u_${100_000 + i * 7_919}`,
  email: `person${i}@example.com`,
  name: `Person ${i}`,
  iat: NOW,
  exp: NOW + 3600,
}));

const hmacHex = (secret, message) => createHmac('sha256', secret).update(message, 'utf8').digest('hex');
const EXPECTED_HASHES = IDS.map((id) => hmacHex(SECRET, id));

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();

// The baseline of the Web Crypto target: what the web build would cost without its key cache.
async function importAndSignHex(secret, message) {
  const key = await subtle.importKey('raw', encoder.encode(secret), HMAC_ALGORITHM, false, ['sign']);
  return Buffer.from(await subtle.sign('HMAC', key, encoder.encode(message))).toString('hex');
}

function checkHash(output, i) {
  assert.equal(output, EXPECTED_HASHES[pick(i)]);
}

// A token passes when both JWT libraries accept it and it carries exactly the claims signed.
async function checkToken(output, i) {
  assert.equal(typeof output, 'string');
  const claims = CLAIMS[pick(i)];
  assert.deepEqual(jsonwebtoken.verify(output, SECRET, { algorithms: ['HS256'] }), claims);
  const { payload } = await jwtVerify(output, SECRET_BYTES, { algorithms: ['HS256'] });
  assert.deepEqual(payload, claims);
}

/**
 * Answers that do not come from the code under test: RFC 4231 test case 2, and
 * agreement with node:crypto for secrets and identifiers of unusual shapes
 * (longer than one HMAC block, non-ASCII). Run before anything is timed.
 */
export async function checkKnownAnswers(node, web) {
  const rfc4231 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
  for (const build of [node, web]) assert.equal(await build.userHash('Jefe', 'what do ya want for nothing?'), rfc4231);
  assert.deepEqual(
    IDS.map((id) => CryptoJS.HmacSHA256(id, SECRET).toString()),
    EXPECTED_HASHES,
    'crypto-js and node:crypto disagree',
  );
  const secrets = [SECRET, 'k', 'x'.repeat(64), 'x'.repeat(65), 'long-secret-'.repeat(40), 'sécret-ü-✓-密钥-😀'];
  const ids = ['u_1', 'Zoë@example.com', '用户-42', '😀 smile', 'a'.repeat(1000)];
  for (const secret of secrets) {
    for (const id of ids) {
      const expected = hmacHex(secret, id);
      assert.equal(await node.userHash(secret, id), expected, 'userHash (Node build) disagrees with createHmac');
      assert.equal(await web.userHash(secret, id), expected, 'userHash (Web Crypto build) disagrees with createHmac');
    }
  }
  const claims = { user_id: 'u_ü', email: 'zoë@example.com', name: 'Zoë 😀', iat: NOW, exp: NOW + 60 };
  for (const build of [node, web]) {
    const token = await build.signUserJwt('sécret-ü', claims);
    assert.deepEqual(jsonwebtoken.verify(token, 'sécret-ü', { algorithms: ['HS256'] }), claims);
  }
  // Same header, same claim order: the core and jsonwebtoken must sign the very same bytes.
  assert.equal(await node.signUserJwt(SECRET, CLAIMS[0]), jsonwebtoken.sign(CLAIMS[0], SECRET, { algorithm: 'HS256' }));
}

/** The groups of tasks that run side by side, built on the Node and the Web Crypto builds of the core. */
export async function groups(node, web) {
  const cryptoKey = await subtle.importKey('raw', SECRET_BYTES, HMAC_ALGORITHM, false, ['sign']);
  return [
    {
      name: 'user_hash',
      tasks: [
        {
          id: 'userHash',
          label: 'userHash (Node build), awaited each call',
          async: true,
          call: (i) => node.userHash(SECRET, IDS[pick(i)]),
          check: checkHash,
        },
        {
          id: 'createHmac',
          label: 'bare createHmac loop, not awaited',
          async: false,
          call: (i) => createHmac('sha256', SECRET).update(IDS[pick(i)]).digest('hex'),
          check: checkHash,
        },
        {
          id: 'createHmacAwaited',
          label: 'bare createHmac loop, awaited each call',
          async: true,
          call: (i) => createHmac('sha256', SECRET).update(IDS[pick(i)]).digest('hex'),
          check: checkHash,
        },
        {
          id: 'cryptoJs',
          label: 'crypto-js HmacSHA256().toString()',
          async: false,
          call: (i) => CryptoJS.HmacSHA256(IDS[pick(i)], SECRET).toString(),
          check: checkHash,
        },
      ],
    },
    {
      name: 'user JWT',
      tasks: [
        {
          id: 'signUserJwt',
          label: 'signUserJwt (Node build), awaited each call',
          async: true,
          call: (i) => node.signUserJwt(SECRET, CLAIMS[pick(i)]),
          check: checkToken,
        },
        {
          id: 'jose',
          label: 'jose SignJWT, secret as Uint8Array',
          async: true,
          call: (i) => new SignJWT(CLAIMS[pick(i)]).setProtectedHeader({ alg: 'HS256' }).sign(SECRET_BYTES),
          check: checkToken,
        },
        {
          id: 'joseCryptoKey',
          label: 'jose SignJWT, CryptoKey imported once',
          async: true,
          call: (i) => new SignJWT(CLAIMS[pick(i)]).setProtectedHeader({ alg: 'HS256' }).sign(cryptoKey),
          check: checkToken,
        },
        {
          id: 'jsonwebtoken',
          label: 'jsonwebtoken sign, secret as string',
          async: false,
          call: (i) => jsonwebtoken.sign(CLAIMS[pick(i)], SECRET, { algorithm: 'HS256' }),
          check: checkToken,
        },
        {
          id: 'jsonwebtokenKeyObject',
          label: 'jsonwebtoken sign, KeyObject made once',
          async: false,
          call: (i) => jsonwebtoken.sign(CLAIMS[pick(i)], SECRET_KEY_OBJECT, { algorithm: 'HS256' }),
          check: checkToken,
        },
      ],
    },
    {
      name: 'Web Crypto',
      tasks: [
        {
          id: 'webUserHash',
          label: 'userHash (Web Crypto build, key cached)',
          async: true,
          call: (i) => web.userHash(SECRET, IDS[pick(i)]),
          check: checkHash,
        },
        {
          id: 'webUncached',
          label: 'importKey + sign on each call',
          async: true,
          call: (i) => importAndSignHex(SECRET, IDS[pick(i)]),
          check: checkHash,
        },
        {
          id: 'webSignOnly',
          label: 'bare subtle.sign, CryptoKey imported once',
          async: true,
          call: async (i) => Buffer.from(await subtle.sign('HMAC', cryptoKey, encoder.encode(IDS[pick(i)]))).toString('hex'),
          check: checkHash,
        },
      ],
    },
  ];
}

const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;

/**
 * Ratios of time per call, `a / b`. `atMost`: the ratio may not exceed the
 * target; `atLeast`: it must reach it. Without a target the ratio is shown for
 * context only. `whyMissed` explains a miss from the results of the run, by task
 * id (`median` and `roundMedians` in ms per call).
 */
export const COMPARISONS = [
  {
    a: 'userHash',
    b: 'createHmac',
    rule: 'atMost',
    target: 1.1,
    what: 'userHash vs bare createHmac (not awaited)',
    whyMissed: (t) =>
      `userHash took ${us(t.userHash.median)} per call, createHmac ${us(t.createHmac.median)}, and createHmac awaited each call ${us(t.createHmacAwaited.median)}. userHash adds a promise, an await and the checks of the secret and the identifier to the HMAC.`,
  },
  {
    a: 'cryptoJs',
    b: 'userHash',
    rule: 'atLeast',
    target: 10,
    what: 'userHash faster than crypto-js',
    whyMissed: (t) => `crypto-js took ${us(t.cryptoJs.median)} per call, userHash ${us(t.userHash.median)}.`,
  },
  {
    a: 'jose',
    b: 'signUserJwt',
    rule: 'atLeast',
    target: 20,
    what: 'signUserJwt faster than jose (Uint8Array secret)',
    whyMissed: (t) =>
      `jose took ${us(t.jose.median)} per call, signUserJwt ${us(t.signUserJwt.median)}; 20x would need signUserJwt at ${us(t.jose.median / 20)}. ` +
      "Most of jose's time is Web Crypto: importKey on every call, then subtle.sign, a job on Node's thread pool whose latency swings with how fast the pool's threads wake up on this shared machine (see the Web Crypto rows); when they wake fast, jose is fast and the ratio drops below 20x. " +
      'signUserJwt is close to what node:crypto allows: about 40% of its time is the HMAC (two one-shot SHA-256 calls, mostly the fixed cost of a call into node:crypto), 45% checking the claims, JSON.stringify and base64url, and 10% the promise and its await (profiled separately on the machine of the first runs).',
  },
  {
    a: 'jsonwebtoken',
    b: 'signUserJwt',
    rule: 'atLeast',
    target: 20,
    what: 'signUserJwt faster than jsonwebtoken (string secret)',
    whyMissed: (t) => `jsonwebtoken took ${us(t.jsonwebtoken.median)} per call, signUserJwt ${us(t.signUserJwt.median)}.`,
  },
  {
    a: 'webUncached',
    b: 'webUserHash',
    rule: 'atLeast',
    target: 2,
    what: 'Web Crypto: cached key vs importKey per call',
    whyMissed: (t) =>
      `The cache removes importKey, about ${us(t.webUncached.median - t.webSignOnly.median)} per call here. What is left is subtle.sign: ${us(t.webSignOnly.median)} for a bare sign with a key imported once, against ${us(t.webUserHash.median)} for userHash, so the core adds next to nothing to it, and no cache can do better than importKey + sign against sign alone (${(t.webUncached.median / t.webSignOnly.median).toFixed(2)}x in this run, a context row). ` +
      `On Node, subtle.sign is a job on the libuv thread pool; its latency is mostly the time two threads take to wake up, which on a shared virtual machine swings with the load of the host (the median of a bare sign went from ${us(Math.min(...t.webSignOnly.roundMedians))} to ${us(Math.max(...t.webSignOnly.roundMedians))} between rounds of this run). When the threads wake slowly the import is a small share of each call and the ratio falls below 2x. ` +
      'workerd, for one, signs inside the isolate and resolves at once, so there the import is a much larger share of each call; this benchmark runs in one Node process and does not measure it.',
  },
  { a: 'userHash', b: 'createHmacAwaited', what: 'userHash vs createHmac, both awaited' },
  { a: 'createHmacAwaited', b: 'createHmac', what: 'cost of awaiting each createHmac' },
  { a: 'joseCryptoKey', b: 'signUserJwt', what: 'signUserJwt faster than jose (CryptoKey imported once)' },
  { a: 'jsonwebtokenKeyObject', b: 'signUserJwt', what: 'signUserJwt faster than jsonwebtoken (KeyObject made once)' },
  { a: 'webUserHash', b: 'webSignOnly', what: 'Web Crypto: userHash vs bare subtle.sign, both key cached' },
  { a: 'webUncached', b: 'webSignOnly', what: 'Web Crypto: importKey + sign vs bare sign (best any cache can do)' },
];
