import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256 } from '../src/crypto/sha256.js';

// The plain-JavaScript SHA-256 makes the person marker on edge runtimes: it must agree with node:crypto everywhere.
const LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096];
const text = (length: number) => Array.from({ length }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95))).join('');

describe('the plain-JavaScript SHA-256', () => {
  it.each(LENGTHS)('hashes %i bytes as node:crypto does (padding edges included)', (length) => {
    const data = Buffer.from(text(length), 'utf8');
    expect(Buffer.from(sha256(new Uint8Array(data))).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it.each([
    ['a short key', 'k', 'user_id:u_1001'],
    ['a 64-byte key', 'k'.repeat(64), 'email:alice@example.com'],
    ['a key longer than a block (hashed first)', 'k'.repeat(65), 'user_id:42'],
    ['non-ASCII key and message', 'clé-🔑-ключ', 'user_id:用户_张伟 😀'],
    ['an empty message', 'vtA7Qm2Lx9Rc4Kp8Zt1Wn6Hy3Bd5Fg0Js', ''],
  ])('makes HMAC-SHA256 with %s as node:crypto does', (_name, key, message) => {
    expect(hmacSha256Hex(key, message)).toBe(createHmac('sha256', key).update(message, 'utf8').digest('hex'));
  });
});
