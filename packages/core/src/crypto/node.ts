import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { BoundedCache } from './cache.js';
import type { CryptoBackend } from './types.js';

// A KeyObject per secret saves re-encoding the key on every call.
const keys = new BoundedCache<string, KeyObject>(32);

function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const backend: CryptoBackend = {
  name: 'node',
  hmacHex(secret, message) {
    return Promise.resolve(createHmac('sha256', keyFor(secret)).update(message, 'utf8').digest('hex'));
  },
  hmacBase64Url(secret, message) {
    return Promise.resolve(createHmac('sha256', keyFor(secret)).update(message, 'utf8').digest('base64url'));
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
    return Promise.resolve(createHash('sha256').update(text, 'utf8').digest('base64'));
  },
};
