import { BoundedCache } from './cache.js';
import type { CryptoBackend } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

// Looked up once: on Node, globalThis.crypto and its subtle are getters.
let found: SubtleCrypto | undefined;

function subtle(): SubtleCrypto {
  if (found !== undefined) return found;
  const value = globalThis.crypto?.subtle;
  if (value === undefined) {
    throw new Error('@intercom-identity/core needs Web Crypto (globalThis.crypto.subtle) on this runtime.');
  }
  found = value;
  return value;
}

/** A key being imported, then imported: once it is ready, signing needs no extra await. */
interface KeyEntry {
  ready: CryptoKey | undefined;
  readonly pending: Promise<CryptoKey>;
}

// importKey is the slow part of a Web Crypto HMAC: do it once per secret.
const keys = new BoundedCache<string, KeyEntry>(32);

function keyFor(secret: string): KeyEntry {
  let entry = keys.get(secret);
  if (entry === undefined) {
    const created: KeyEntry = {
      ready: undefined,
      pending: subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    };
    created.pending.then(
      (key) => {
        created.ready = key;
      },
      // A failed import must not stay cached.
      () => keys.delete(secret),
    );
    keys.set(secret, created);
    entry = created;
  }
  return entry;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const entry = keyFor(secret);
  const key = entry.ready ?? (await entry.pending);
  return new Uint8Array(await subtle().sign('HMAC', key, encoder.encode(message)));
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function toBase64(bytes: Uint8Array, tail: string): string {
  const chars = ALPHABET + tail;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]! + chars[(n >> 6) & 63]! + chars[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]! + chars[(n >> 6) & 63]!;
  }
  return out;
}

export function base64UrlFromBytes(bytes: Uint8Array): string {
  return toBase64(bytes, '-_');
}

function base64FromBytes(bytes: Uint8Array): string {
  const out = toBase64(bytes, '+/');
  return out + '='.repeat((4 - (out.length % 4)) % 4);
}

const DECODE = new Map<string, number>();
for (let i = 0; i < 64; i++) DECODE.set((ALPHABET + '-_')[i] as string, i);

function bytesFromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (const ch of text) {
    const v = DECODE.get(ch);
    if (v === undefined) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

export const backend: CryptoBackend = {
  name: 'web',
  hmacHex(secret, message) {
    return hmac(secret, message).then(toHex);
  },
  hmacBase64Url(secret, message) {
    return hmac(secret, message).then(base64UrlFromBytes);
  },
  base64UrlEncode(text) {
    return base64UrlFromBytes(encoder.encode(text));
  },
  base64UrlDecode(text) {
    const bytes = bytesFromBase64Url(text);
    if (bytes === null) return null;
    try {
      return decoder.decode(bytes);
    } catch {
      return null;
    }
  },
  async sha256Base64(text) {
    return base64FromBytes(new Uint8Array(await subtle().digest('SHA-256', encoder.encode(text))));
  },
};
