import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as client from '../dist/client.js';
import { bundles, distFile, flipOneDigit, hashCase, memoryLogger, vectors, vectorsText } from './support/load.js';
import {
  buildVectors,
  type LoaderVector,
  MAIN_SECRET,
  type PersonMarkerVector,
  serializeVectors,
  type VectorSettings,
  vectorCore,
} from './support/vector-cases.mjs';

const GENERATOR = fileURLToPath(new URL('./generate-vectors.mjs', import.meta.url));
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const fromBase64Url = (part: string): string => Buffer.from(part, 'base64url').toString('utf8');
const hashCases = vectors.hash.map((entry, index) => ({ ...entry, index }));
const [, nodeBuild] = bundles[0];

function loaderCase(name: string): LoaderVector {
  const found = vectors.loader.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`vectors.json has no boot script case named ${name}`);
  return found;
}

function markerCase(name: string): PersonMarkerVector {
  const found = vectors.personMarkers.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`vectors.json has no person marker case named ${name}`);
  return found;
}

/**
 * The JSON of the settings a boot script sets and of its loader's arguments, as
 * written in the script; `gated` when it is the loader that waits for consent or
 * an interaction (two more arguments: consent, facade).
 */
function partsOf(script: string): { settings: string; args: string; gated: boolean } {
  const found =
    /^<script[^>]*>window\.intercomSettings=(.*?);\(function\(w,d,src,key,person,cookie(,consent,facade)?\)\{.*\}\)\(window,document,(.*)\);<\/script>$/s.exec(
      script,
    );
  if (found === null) throw new Error(`not a boot script: ${script.slice(0, 80)}`);
  return { settings: found[1] as string, args: `[${found[3]}]`, gated: found[2] !== undefined };
}

/**
 * The person marker as vectors.json's about text defines it, written again here
 * so the vectors are checked against the definition and not only against the core.
 */
function markerByDefinition(settings: VectorSettings, secret: string): string {
  let key: string | null = null;
  const token = settings.intercom_user_jwt;
  const claims =
    typeof token === 'string' && token.split('.').length === 3
      ? (JSON.parse(fromBase64Url(token.split('.')[1] as string)) as Record<string, unknown>)
      : {};
  if (typeof settings.user_id === 'string') key = `user_id:${settings.user_id}`;
  else if (typeof claims.user_id === 'string') key = `user_id:${claims.user_id}`;
  else if (typeof settings.email === 'string') key = `email:${settings.email}`;
  if (key === null) return 'visitor';
  const hmac = (k: string, message: string) => createHmac('sha256', k).update(message, 'utf8').digest('hex');
  return hmac(hmac(secret, 'intercom-identity person marker'), key).slice(0, 32);
}

describe('the vectors file', () => {
  it('holds at least 60 cases with unique names and well-formed expected values', () => {
    const names = [...vectors.hash, ...vectors.jwt, ...vectors.loader, ...vectors.personMarkers].map((entry) => entry.name);
    expect(vectors.version).toBe(1);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of vectors.hash) expect(entry.user_hash, entry.name).toMatch(/^[0-9a-f]{64}$/);
    for (const entry of vectors.jwt)
      expect(entry.token, entry.name).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('is exactly what the generator computes (a hand edit is caught)', () => {
    // The boot scripts and markers come from the built core: a change of its loader fails here until regenerated.
    expect(serializeVectors(buildVectors(vectorCore(nodeBuild, client)))).toBe(vectorsText);
  });

  it('is pure ASCII, so no editor can normalize or reinterpret a character in it', () => {
    expect(vectorsText).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it.each([
    ['unicode/cyrillic', /\p{Script=Cyrillic}/u],
    ['unicode/greek', /\p{Script=Greek}/u],
    ['unicode/arabic', /\p{Script=Arabic}/u],
    ['unicode/hebrew', /\p{Script=Hebrew}/u],
    ['unicode/cjk-chinese', /\p{Script=Han}/u],
    ['unicode/cjk-japanese', /\p{Script=Katakana}/u],
    ['unicode/devanagari', /\p{Script=Devanagari}/u],
    ['unicode/thai', /\p{Script=Thai}/u],
    ['unicode/korean', /\p{Script=Hangul}/u],
  ])('covers %s with characters of that script', (name, script) => {
    expect(hashCase(name).identifier).toMatch(script);
  });

  it('covers emoji, ZWJ sequences, skin tones and astral-plane characters', () => {
    const pictographic = /\p{Extended_Pictographic}/u;
    const skinTone = /[\u{1F3FB}-\u{1F3FF}]/u;
    expect(hashCase('emoji/single').identifier).toMatch(pictographic);
    expect(hashCase('emoji/zwj-family').identifier).toContain('\u200d');
    expect(hashCase('emoji/zwj-technologist').identifier).toContain('\u200d');
    expect(hashCase('emoji/skin-tone').identifier).toMatch(skinTone);
    expect(hashCase('emoji/zwj-skin-tones').identifier).toMatch(skinTone);
    expect(hashCase('emoji/zwj-skin-tones').identifier).toContain('\u200d');
    const astral = vectors.hash.filter((entry) => entry.name.startsWith('astral/'));
    expect(astral.length).toBeGreaterThanOrEqual(3);
    for (const entry of astral) {
      expect(
        [...entry.identifier].some((ch) => (ch.codePointAt(0) as number) > 0xffff),
        entry.name,
      ).toBe(true);
      expect(entry.identifier, entry.name).not.toMatch(pictographic);
    }
  });

  it.each([
    ['combining/nfc-latin', 'combining/nfd-latin'],
    ['combining/nfc-hangul', 'combining/nfd-hangul'],
  ])('has %s and %s: the same text in NFC and NFD, with different hashes', (nfcName, nfdName) => {
    const nfc = hashCase(nfcName);
    const nfd = hashCase(nfdName);
    expect(nfc.identifier).not.toBe(nfd.identifier);
    expect(nfc.identifier).toBe(nfc.identifier.normalize('NFC'));
    expect(nfd.identifier).toBe(nfd.identifier.normalize('NFD'));
    expect(nfd.identifier.normalize('NFC')).toBe(nfc.identifier);
    expect(nfc.user_hash).not.toBe(nfd.user_hash);
    expect(hashCase('combining/stacked-marks').identifier).toMatch(/\p{M}{2,}/u);
  });

  it('has emails with + and uppercase, hashed exactly as given', () => {
    expect(hashCase('email/plus-tag').identifier).toContain('+');
    expect(hashCase('email/plus-and-uppercase').identifier).toMatch(/\+.*[A-Z]/);
    const upper = hashCase('email/uppercase');
    const lower = hashCase('email/lowercase');
    expect(upper.identifier.toLowerCase()).toBe(lower.identifier);
    expect(upper.user_hash).not.toBe(lower.user_hash);
  });

  it('has ids with leading and trailing spaces, hashed exactly as given', () => {
    const spaced = ['whitespace/leading-space', 'whitespace/trailing-space', 'whitespace/both-sides'].map(hashCase);
    const trimmed = hashCase('whitespace/trimmed');
    expect(spaced[0]?.identifier.startsWith(' ')).toBe(true);
    expect(spaced[1]?.identifier.endsWith(' ')).toBe(true);
    for (const entry of spaced) {
      expect(entry.identifier.trim()).toBe(trimmed.identifier);
      expect(entry.user_hash).not.toBe(trimmed.user_hash);
    }
    expect(new Set(spaced.map((entry) => entry.user_hash)).size).toBe(3);
  });

  it('has numeric ids as decimal strings', () => {
    expect(hashCase('numeric/1001').identifier).toBe('1001');
    expect(hashCase('numeric/0').identifier).toBe('0');
    expect(hashCase('numeric/max-safe-integer').identifier).toBe(String(Number.MAX_SAFE_INTEGER));
  });

  it('has quotes, backslashes, <>& and U+2028/U+2029 in ids', () => {
    const special = vectors.hash.filter((entry) => entry.name.startsWith('special/')).map((entry) => entry.identifier);
    for (const ch of ['"', "'", '\\', '<', '>', '&', '\u2028', '\u2029'])
      expect(
        special.some((id) => id.includes(ch)),
        `U+${ch.charCodeAt(0).toString(16)}`,
      ).toBe(true);
  });

  it('has a 10 KB identifier', () => {
    expect(hashCase('long/10kb').identifier).toHaveLength(10_240);
  });

  it('has secrets of 1, 32, 64, 65 and 100 bytes and multi-byte UTF-8 secrets, all for the same id', () => {
    expect(bytes(hashCase('secret/1-byte').secret)).toBe(1);
    expect(bytes(hashCase('secret/32-bytes').secret)).toBe(32);
    expect(bytes(hashCase('secret/64-bytes').secret)).toBe(64);
    expect(bytes(hashCase('secret/65-bytes').secret)).toBe(65);
    expect(bytes(hashCase('secret/100-bytes').secret)).toBe(100);
    const multibyte = hashCase('secret/multibyte-utf8').secret;
    expect(bytes(multibyte)).toBeGreaterThan(multibyte.length);
    const over = hashCase('secret/multibyte-over-64-bytes').secret;
    expect(over.length).toBeLessThan(64);
    expect(bytes(over)).toBeGreaterThan(64);
    const sameId = vectors.hash.filter((entry) => entry.name.startsWith('secret/') && entry.identifier === 'u_1001');
    expect(sameId.length).toBeGreaterThanOrEqual(7);
    expect(new Set(sameId.map((entry) => entry.user_hash)).size).toBe(sameId.length);
    expect(new Set([...sameId.map((entry) => entry.user_hash), hashCase('ascii/short-id').user_hash]).size).toBe(
      sameId.length + 1,
    );
  });

  it('has JWTs whose header is exactly {"alg":"HS256","typ":"JWT"} and whose payload is JSON.stringify(claims)', () => {
    for (const entry of vectors.jwt) {
      const [header, payload] = entry.token.split('.') as [string, string];
      expect(fromBase64Url(header), entry.name).toBe('{"alg":"HS256","typ":"JWT"}');
      expect(fromBase64Url(payload), entry.name).toBe(JSON.stringify(entry.claims));
      expect(entry.token, entry.name).not.toContain('=');
    }
  });

  it('has the JWT categories: user_id only, profile, Unicode, awkward names, custom attributes, no exp, secrets', () => {
    const jwt = (name: string) => {
      const found = vectors.jwt.find((entry) => entry.name === name);
      if (found === undefined) throw new Error(`no JWT case ${name}`);
      return found;
    };
    expect(Object.keys(jwt('jwt/user-id-only').claims)).toEqual(['user_id', 'iat', 'exp']);
    expect(Object.keys(jwt('jwt/user-id-email-name').claims)).toEqual(['user_id', 'email', 'name', 'iat', 'exp']);
    expect(Object.keys(jwt('jwt/claim-order-iat-first').claims)[0]).toBe('iat');
    expect(jwt('jwt/name-cyrillic').claims.name).toMatch(/\p{Script=Cyrillic}/u);
    expect(jwt('jwt/name-emoji').claims.name).toMatch(/\p{Extended_Pictographic}/u);
    const names = vectors.jwt.map((entry) => entry.claims.name).filter((name) => typeof name === 'string');
    for (const ch of ['/', '"', '\\', '<', '>', '&', "'", '\u2028', '\u2029'])
      expect(
        names.some((name) => name.includes(ch)),
        ch,
      ).toBe(true);
    const custom = jwt('jwt/custom-attributes').claims;
    const values = Object.entries(custom)
      .filter(([key]) => !['user_id', 'email', 'iat', 'exp'].includes(key))
      .map(([, value]) => value);
    expect(values.some((value) => typeof value === 'string')).toBe(true);
    expect(values.some((value) => Number.isInteger(value))).toBe(true);
    expect(values.some((value) => typeof value === 'boolean')).toBe(true);
    expect(values).toContain(null);
    expect(jwt('jwt/no-exp').claims).not.toHaveProperty('exp');
    for (const entry of vectors.jwt) {
      expect(Number.isInteger(entry.claims.iat), entry.name).toBe(true);
      if (entry.name !== 'jwt/no-exp') expect(Number.isInteger(entry.claims.exp), entry.name).toBe(true);
    }
    expect(bytes(jwt('jwt/secret-1-byte').secret)).toBe(1);
    expect(bytes(jwt('jwt/secret-64-bytes').secret)).toBe(64);
    expect(bytes(jwt('jwt/secret-100-bytes').secret)).toBe(100);
  });
});

describe('the boot script vectors', () => {
  it('cover the default and a local widget URL, with and without a nonce, visitors and signed users', () => {
    expect(vectors.loader.length).toBeGreaterThanOrEqual(8);
    expect(vectors.loader.some((entry) => entry.widget_url === null)).toBe(true);
    expect(vectors.loader.some((entry) => entry.widget_url === 'https://widget.intercom.io/widget/{app_id}')).toBe(true);
    expect(vectors.loader.some((entry) => entry.widget_url?.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(vectors.loader.some((entry) => entry.nonce === null)).toBe(true);
    expect(vectors.loader.some((entry) => typeof entry.nonce === 'string' && entry.nonce !== '')).toBe(true);
    expect(loaderCase('loader/visitor-empty-nonce-is-no-nonce').nonce).toBe('');
    expect(new Set(vectors.loader.map((entry) => entry.app_id)).size).toBeGreaterThanOrEqual(3);
    expect(vectors.loader.some((entry) => entry.settings.user_hash !== undefined)).toBe(true);
    expect(vectors.loader.some((entry) => entry.settings.intercom_user_jwt !== undefined)).toBe(true);
    expect(vectors.loader.some((entry) => Object.keys(entry.settings).join() === 'app_id,api_base')).toBe(true);
  });

  it('cover the consent gate and the facade, alone and together, and keep the default loader for most cases', () => {
    const modes = new Set(vectors.loader.map((entry) => `${entry.consent}/${entry.load}`));
    expect([...modes].sort()).toEqual(['none/interaction', 'none/page', 'required/interaction', 'required/page']);
    const plain = vectors.loader.filter((entry) => entry.consent === 'none' && entry.load === 'page');
    expect(plain.length).toBeGreaterThanOrEqual(8);
  });

  it('carry </script>, U+2028, U+2029, & and non-ASCII text in their settings', () => {
    const texts = vectors.loader.map((entry) => JSON.stringify(entry.settings));
    for (const needle of ['</script>', '\u2028', '\u2029', '&', '<!--', '\\', 'ë', '山田', '\u{1F469}'])
      expect(
        texts.some((text) => text.includes(needle)),
        needle,
      ).toBe(true);
    expect(loaderCase('loader/hostile-strings').widget_url).toContain('&');
  });

  it.each(vectors.loader)('$name is one tag that nothing in the settings can end', ({ nonce, script }) => {
    const open = nonce ? `<script data-intercom-identity="" nonce="${nonce}">` : '<script data-intercom-identity="">';
    expect(script.startsWith(open)).toBe(true);
    expect(script.endsWith('</script>')).toBe(true);
    expect(script.indexOf('</script')).toBe(script.length - '</script>'.length);
    // The loader's own code has && and >; the values written into it must have none of these.
    const { settings, args } = partsOf(script);
    expect(settings).not.toMatch(/[<>&\u2028\u2029]/);
    expect(args).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it.each(vectors.loader)('$name sets exactly its settings and loads its widget URL', (entry) => {
    const parts = partsOf(entry.script);
    const settings: unknown = JSON.parse(parts.settings);
    const args: unknown = JSON.parse(parts.args);
    expect(settings).toEqual(entry.settings);
    expect(JSON.stringify(settings)).toBe(JSON.stringify(entry.settings));
    const widget = (entry.widget_url ?? 'https://widget.intercom.io/widget/{app_id}').replaceAll('{app_id}', entry.app_id);
    const gate = entry.consent === 'required' || entry.load === 'interaction';
    expect(parts.gated).toBe(gate);
    expect(args).toEqual([
      widget,
      `intercom-identity:last-person:${entry.app_id}`,
      markerByDefinition(entry.settings, entry.secret),
      `intercom-session-${entry.app_id}`,
      ...(gate ? [entry.consent === 'required', entry.load === 'interaction'] : []),
    ]);
  });
});

describe('the person marker vectors', () => {
  it('cover visitors, user_id, email only, JWT, numbers as strings and non-ASCII ids', () => {
    expect(vectors.personMarkers.length).toBeGreaterThanOrEqual(20);
    for (const prefix of ['visitor', 'user-id', 'email-only', 'jwt-', 'numeric-string-', 'non-ascii-'])
      expect(
        vectors.personMarkers.some((entry) => entry.name.startsWith(`marker/${prefix}`)),
        prefix,
      ).toBe(true);
    expect(markerCase('marker/visitor').marker).toBe('visitor');
    expect(markerCase('marker/non-ascii-astral-emoji').settings.user_id).toMatch(/[\u{10000}-\u{10FFFF}]/u);
  });

  it('name one person by one marker, whatever carries the id, and keep apart what differs', () => {
    const marker = (name: string) => markerCase(name).marker;
    expect(marker('marker/jwt-user-id')).toBe(marker('marker/user-id'));
    expect(marker('marker/user-id-other-app')).toBe(marker('marker/user-id'));
    // Keyed with the secret: the same person under another secret has another marker.
    expect(marker('marker/user-id-other-secret')).not.toBe(marker('marker/user-id'));
    expect(markerCase('marker/user-id-other-app').storage_key).not.toBe(markerCase('marker/user-id').storage_key);
    expect(marker('marker/jwt-user-id-beats-plain-email')).toBe(marker('marker/user-id-with-email'));
    expect(marker('marker/not-a-jwt-falls-back-to-email')).toBe(marker('marker/email-only'));
    expect(marker('marker/email-same-text-as-a-user-id')).not.toBe(marker('marker/user-id-with-email'));
    expect(marker('marker/user-id-untrimmed')).not.toBe(marker('marker/user-id-with-email'));
    expect(marker('marker/non-ascii-nfc')).not.toBe(marker('marker/non-ascii-nfd'));
  });

  it.each(vectors.personMarkers)(
    '$name follows the definition in the about text',
    ({ settings, secret, marker, storage_key }) => {
      expect(marker).toMatch(/^(visitor|[0-9a-f]{32})$/);
      expect(marker).toBe(markerByDefinition(settings, secret));
      expect(storage_key).toBe(`intercom-identity:last-person:${settings.app_id}`);
    },
  );

  it.each(vectors.personMarkers)('the core gives the marker of $name', ({ settings, secret, marker, storage_key }) => {
    expect(nodeBuild.personMarker(settings, nodeBuild.personMarkerKey(secret))).toBe(marker);
    expect(client.personStorageKey(settings.app_id)).toBe(storage_key);
  });
});

describe('the generator', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'intercom-identity-vectors-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const runCheck = (path: string) =>
    spawnSync(process.execPath, [GENERATOR, '--check'], { encoding: 'utf8', env: { ...process.env, PATH: path } });

  it('--check agrees with the committed file, cross-checked by openssl when it is installed', () => {
    const result = runCheck(process.env.PATH ?? '');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('is up to date');
    const openssl = spawnSync('openssl', ['version']);
    if (openssl.error === undefined && openssl.status === 0) expect(result.stdout).toMatch(/openssl .* agrees on all/);
  });

  it('fails when openssl disagrees with node:crypto', () => {
    const fake = join(scratch, 'openssl');
    writeFileSync(fake, `#!/bin/sh\nwhile IFS= read -r line; do :; done\necho "SHA2-256(stdin)= ${'0'.repeat(64)}"\n`);
    chmodSync(fake, 0o755);
    const result = runCheck(scratch);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('openssl disagrees with node:crypto');
    expect(result.stderr).toContain('ascii/short-id');
  });

  it('says that it skipped the openssl cross-check when openssl is missing', () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const result = runCheck(empty);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('openssl is not on PATH');
  });
});

describe('the Web Crypto build', () => {
  it('imports no Node built-in and signs with crypto.subtle; the Node build uses node:crypto', () => {
    const web = readFileSync(distFile('web.js'), 'utf8');
    expect(web).not.toMatch(/from\s*["']node:|require\(|from\s*["']crypto["']/);
    expect(web).toMatch(/\.subtle\b/);
    expect(readFileSync(distFile('index.js'), 'utf8')).toMatch(/from\s*["'](node:)?crypto["']/);
  });
});

describe.each(bundles)('%s', (_label, core) => {
  it.each(hashCases)('user_hash of $name', async ({ secret, identifier, user_hash, index }) => {
    expect(await core.userHash(secret, identifier)).toBe(user_hash);
    expect(await core.verifyUserHash(secret, identifier, user_hash)).toBe(true);
    expect(await core.verifyUserHash(secret, identifier, user_hash.toUpperCase())).toBe(true);
    expect(await core.verifyUserHash(secret, identifier, flipOneDigit(user_hash, index * 7))).toBe(false);
    const other = vectors.hash[(index + 1) % vectors.hash.length]?.user_hash as string;
    expect(other).not.toBe(user_hash);
    expect(await core.verifyUserHash(secret, identifier, other)).toBe(false);
  });

  it.each(vectors.jwt)('token of $name, byte for byte', async ({ secret, claims, token }) => {
    expect(await core.signUserJwt(secret, claims, { expiresIn: null })).toBe(token);
  });

  it.each(vectors.loader)('boot script of $name, byte for byte', (entry) => {
    const { app_id, widget_url, secret, settings, nonce, script, consent, load } = entry;
    const logger = memoryLogger();
    const base = { appId: app_id, secret, consent, load, logger };
    const identity = core.createIdentity(widget_url === null ? base : { ...base, widgetUrl: widget_url });
    expect(identity.renderScript(settings, nonce === null ? undefined : { nonce })).toBe(script);
  });

  it.each([
    [1001, 'numeric/1001'],
    [0, 'numeric/0'],
    [Number.MAX_SAFE_INTEGER, 'numeric/max-safe-integer'],
  ])('a numeric user_id %d hashes as its decimal string and is sent as a string', async (id, name) => {
    const expected = hashCase(name);
    expect(expected.secret).toBe(MAIN_SECRET);
    // The type says string, but numbers are accepted at runtime and documented as such.
    expect(await core.userHash(MAIN_SECRET, id as unknown as string)).toBe(expected.user_hash);
    const logger = memoryLogger();
    const identity = core.createIdentity({ appId: 'abc123', secret: MAIN_SECRET, mode: 'user_hash', logger });
    const settings = await identity.bootSettings({ user_id: id, email: 'alice@example.com' });
    expect(settings.user_id).toBe(expected.identifier);
    expect(typeof settings.user_id).toBe('string');
    expect(settings.user_hash).toBe(expected.user_hash);
    expect(settings.email).toBe('alice@example.com');
    expect(logger.lines).toEqual([]);
  });

  it('hashes an email-only user by the email exactly as given, and sends the same string', async () => {
    const expected = hashCase('email/plus-and-uppercase');
    const identity = core.createIdentity({ appId: 'abc123', secret: MAIN_SECRET, mode: 'user_hash', logger: memoryLogger() });
    const settings = await identity.bootSettings({ email: expected.identifier });
    expect(settings).toMatchObject({ email: expected.identifier, user_hash: expected.user_hash });
    expect(settings).not.toHaveProperty('user_id');
  });

  it('hashes an id with surrounding spaces as given and sends it untrimmed', async () => {
    const expected = hashCase('whitespace/both-sides');
    const identity = core.createIdentity({ appId: 'abc123', secret: MAIN_SECRET, mode: 'user_hash', logger: memoryLogger() });
    const settings = await identity.bootSettings({ user_id: expected.identifier });
    expect(settings.user_id).toBe(expected.identifier);
    expect(settings.user_hash).toBe(expected.user_hash);
  });
});
