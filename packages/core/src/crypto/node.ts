import * as nodeCrypto from 'node:crypto';
import { BoundedCache } from './cache.js';
import type { CryptoBackend } from './types.js';

type Encoding = 'hex' | 'base64url';
/** HMAC-SHA256 under one secret, ready to sign. */
type Hmac = (message: string, encoding: Encoding) => string;

// SHA-256 block size in bytes; the HMAC key is padded to it (RFC 2104).
const BLOCK = 64;
// hash() (Node >= 20.12) is looked up at run time so that an older runtime falls back instead of failing to link.
const oneShotHash: typeof nodeCrypto.hash | undefined = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

/**
 * Most of the cost of createHmac for a short message is setting it up, so HMAC
 * is built here from node:crypto's one-shot hash() (about twice as fast): the
 * padded key blocks are derived once per secret. hash() encodes a string as
 * UTF-8, which leaves the inner key block as it is only when that block is
 * ASCII; so this covers ASCII secrets up to one block (every Intercom secret),
 * and every other secret signs with createHmac.
 */
function createHmacFor(secret: string): Hmac {
  const key = Buffer.from(secret, 'utf8');
  // As many UTF-8 bytes as UTF-16 units: the secret is ASCII.
  if (oneShotHash === undefined || key.length > BLOCK || key.length !== secret.length) {
    const keyObject = nodeCrypto.createSecretKey(key);
    return (message, encoding) => nodeCrypto.createHmac('sha256', keyObject).update(message, 'utf8').digest(encoding);
  }
  const hash = oneShotHash;
  const inner = Buffer.alloc(BLOCK, 0x36);
  // The outer block is followed by room for the inner digest, rewritten on every call.
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  // 'binary' is latin1: one character per byte, so bytes pass through strings unchanged.
  const innerText = inner.toString('binary');
  return (message, encoding) => {
    outer.write(hash('sha256', innerText + message, 'binary'), BLOCK, 'binary');
    return hash('sha256', outer, encoding);
  };
}

// Deriving the key costs more than signing one short message: do it once per secret.
const hmacs = new BoundedCache<string, Hmac>(32);

function hmacFor(secret: string): Hmac {
  let hmac = hmacs.get(secret);
  if (hmac === undefined) {
    hmac = createHmacFor(secret);
    hmacs.set(secret, hmac);
  }
  return hmac;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// node:crypto signs synchronously, so these answer with strings and callers skip a promise.
export const backend: CryptoBackend = {
  name: 'node',
  hmacHex(secret, message) {
    return hmacFor(secret)(message, 'hex');
  },
  hmacHexSync(secret, message) {
    return hmacFor(secret)(message, 'hex');
  },
  hmacBase64Url(secret, message) {
    return hmacFor(secret)(message, 'base64url');
  },
  base64UrlEncode(text) {
    return Buffer.from(text, 'utf8').toString('base64url');
  },
  base64UrlDecode(text) {
    if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
    // Strict: a payload that is not valid UTF-8 is not a token, as in the web build.
    try {
      return strictUtf8.decode(Buffer.from(text, 'base64url'));
    } catch {
      return null;
    }
  },
  sha256Base64(text) {
    return Promise.resolve(nodeCrypto.createHash('sha256').update(text, 'utf8').digest('base64'));
  },
};
