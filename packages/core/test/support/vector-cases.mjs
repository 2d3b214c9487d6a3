// The cross-language test vectors, as pure functions: the inputs are listed here.
// The signing values (hash, jwt) are computed with node:crypto directly, never with
// the core, so the core (and the PHP plugin) are checked against an independent
// implementation. The boot script (loader) and the person markers have no
// independent definition: the built core is their reference, and the PHP plugin
// must print the same bytes. test/generate-vectors.mjs writes the result to
// vectors.json; test/vectors.test.ts re-runs these functions to catch a hand edit
// of the file and a change of the core that was not regenerated.
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** Absolute path of the vectors file. */
export const VECTORS_FILE = fileURLToPath(new URL('../vectors.json', import.meta.url));

/** The secret of every case that is not about the secret itself. */
export const MAIN_SECRET = 'vtA7Qm2Lx9Rc4Kp8Zt1Wn6Hy3Bd5Fg0Js';

/** Fixed JWT times: 2026-01-01T00:00:00Z and one hour later. */
export const JWT_IAT = 1_767_225_600;
export const JWT_EXP = JWT_IAT + 3600;

const ABOUT = [
  'Cross-language test vectors of @intercom-identity/core. Every implementation of the signing (TypeScript on',
  'node:crypto, TypeScript on Web Crypto, PHP) must reproduce every value byte for byte.',
  'hash: user_hash = HMAC-SHA256(key = UTF-8 bytes of secret, message = UTF-8 bytes of identifier) as lowercase',
  'hex. The identifier is hashed exactly as given: no trimming, no lowercasing, no Unicode normalization.',
  'jwt: HS256. Header exactly {"alg":"HS256","typ":"JWT"}. Payload = the claims object as compact JSON in the',
  'stored key order, non-ASCII characters, "/", U+007F and U+2028/U+2029 written raw (UTF-8, not escaped), characters',
  'below U+0020 escaped as JSON.stringify does (\\b \\f \\n \\r \\t, else \\u00xx in lowercase hex); in PHP that is',
  'json_encode with JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS. Header,',
  'payload and signature are unpadded base64url. Numbers are integers only.',
  'loader: the whole boot script tag that createIdentity({ appId, widgetUrl, secret, consent, load }).renderScript(settings,',
  '{ nonce }) of the built core returns, widget_url null meaning the default; a WordPress page prints the same content and',
  'attributes. With consent "none" and load "page" the loader loads the Messenger at once; otherwise it is the gated loader.',
  'personMarkers: personMarker(settings, personMarkerKey(secret)), the marker the boot script keeps in localStorage',
  'under storage_key (personStorageKey(app_id)): "visitor" for nobody, else the first 32 hex digits of',
  'HMAC-SHA256(key = UTF-8 of marker_key, message = UTF-8 of identity key), where marker_key is the lowercase hex of',
  'HMAC-SHA256(key = secret, message = "intercom-identity person marker") and the identity key is "user_id:" + user_id,',
  'else "user_id:" + the JWT user_id, else "email:" + email.',
  'Settings keep their key order; their numbers are integers, and no object or list in them is empty.',
  'Every non-ASCII character in this file is written as a \\u escape so no editor can normalize it: read the file',
  'with a JSON parser. Regenerate with `pnpm --filter @intercom-identity/core vectors` after building the core (its dist',
  'is the reference of loader and personMarkers); never edit it by hand.',
].join(' ');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic ASCII string of `length` characters (secrets, the long identifier). */
function patterned(length, step) {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[(i * step + 11) % ALNUM.length];
  return out;
}

/** Inputs of the hash cases. Names are `category/detail`; the tests assert on them. */
function hashInputs() {
  const m = MAIN_SECRET;
  return [
    // ASCII
    ['ascii/short-id', m, 'u_1001'],
    ['ascii/uuid', m, '3f2b8c1e-9d4a-4b7e-a1c6-5e8f0d2b7a94'],
    ['ascii/single-character', m, 'a'],
    ['ascii/all-printable', m, Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('')],
    ['ascii/email', m, 'alice@example.com'],
    // Unicode in several scripts
    ['unicode/cyrillic', m, 'Иван.Петров'],
    ['unicode/greek', m, 'Αλέξανδρος'],
    ['unicode/arabic', m, 'محمد_علي'],
    ['unicode/hebrew', m, 'דוד-כהן'],
    ['unicode/cjk-chinese', m, '用户_张伟'],
    ['unicode/cjk-japanese', m, 'ユーザー山田'],
    ['unicode/devanagari', m, 'उपयोगकर्ता'],
    ['unicode/thai', m, 'ผู้ใช้สมชาย'],
    ['unicode/korean', m, '사용자김민수'],
    ['unicode/latin-accents', m, 'josé.müller'],
    ['unicode/mixed-scripts', m, 'user-Иван-用户-사용자'],
    // Emoji
    ['emoji/single', m, '🙂'],
    ['emoji/inside-id', m, 'user🚀42'],
    ['emoji/zwj-family', m, '👨‍👩‍👧‍👦'],
    ['emoji/zwj-technologist', m, '🧑‍💻'],
    ['emoji/skin-tone', m, '👋🏽'],
    ['emoji/zwj-skin-tones', m, '👩🏻‍🤝‍👨🏿'],
    ['emoji/flag', m, '🇺🇦'],
    ['emoji/keycap', m, '1️⃣'],
    // Astral-plane characters that are not emoji
    ['astral/math-bold', m, '𝐮𝐬𝐞𝐫'],
    ['astral/cjk-extension-b', m, '𠮷野家'],
    ['astral/gothic', m, '𐌰𐌱𐌲'],
    ['astral/musical-symbol', m, 'clef-𝄞'],
    // Combining marks: canonically equal strings in NFC and NFD hash differently
    ['combining/nfc-latin', m, 'Am\u00e9lie'],
    ['combining/nfd-latin', m, 'Ame\u0301lie'],
    ['combining/nfc-hangul', m, '\ud55c\uad6d'],
    ['combining/nfd-hangul', m, '\u1112\u1161\u11ab\u1100\u116e\u11a8'],
    ['combining/stacked-marks', m, 'a\u0301\u0302\u0323b'],
    // Emails are hashed as given: no lowercasing
    ['email/plus-tag', m, 'alice+intercom@example.com'],
    ['email/uppercase', m, 'Alice.Smith@Example.COM'],
    ['email/lowercase', m, 'alice.smith@example.com'],
    ['email/plus-and-uppercase', m, 'Bob+Support@EXAMPLE.org'],
    ['email/unicode', m, 'пользователь@пример.рф'],
    // Surrounding spaces are part of the identifier
    ['whitespace/leading-space', m, ' alice'],
    ['whitespace/trailing-space', m, 'alice '],
    ['whitespace/both-sides', m, '  alice  '],
    ['whitespace/trimmed', m, 'alice'],
    ['whitespace/inner-space', m, 'alice smith'],
    ['whitespace/trailing-nbsp', m, 'alice\u00a0'],
    // Numeric ids, hashed as their decimal string
    ['numeric/1001', m, '1001'],
    ['numeric/0', m, '0'],
    ['numeric/max-safe-integer', m, '9007199254740991'],
    ['numeric/leading-zeros', m, '0042'],
    // Characters that matter to JSON, HTML and JavaScript
    ['special/double-quotes', m, 'say "hi"'],
    ['special/single-quote', m, "o'brien"],
    ['special/backslash', m, 'DOMAIN\\alice\\'],
    ['special/html', m, '<script>alert(1)</script>'],
    ['special/lt-gt-amp', m, 'a<b>&c&amp;'],
    ['special/u2028', m, 'line\u2028separator'],
    ['special/u2029', m, 'paragraph\u2029separator'],
    ['special/json-like', m, '{"user_id":"mallory"}'],
    ['special/url', m, 'https://example.com/u/1?x=1&y=2#z'],
    ['special/percent-encoded', m, 'alice%40example.com'],
    // Size
    ['long/10kb', m, patterned(10_240, 7)],
    // Secrets: HMAC pads keys up to 64 bytes and hashes longer ones first
    ['secret/1-byte', patterned(1, 5), 'u_1001'],
    ['secret/32-bytes', patterned(32, 5), 'u_1001'],
    ['secret/64-bytes', patterned(64, 5), 'u_1001'],
    ['secret/65-bytes', patterned(65, 5), 'u_1001'],
    ['secret/100-bytes', patterned(100, 5), 'u_1001'],
    ['secret/punctuation', 'p@$$"w0rd\\\'<>&!', 'u_1001'],
    ['secret/multibyte-utf8', 'clé-ключ-κλειδί-鍵-🔑', 'u_1001'],
    // 24 characters but 72 bytes: a key length must be counted in bytes
    ['secret/multibyte-over-64-bytes', '秘密鍵'.repeat(8), 'u_1001'],
    ['secret/multibyte-with-unicode-id', 'clé-ключ-κλειδί-鍵-🔑', 'Иван-用户-🙂'],
  ];
}

/** Inputs of the JWT cases: claims in signing order, with fixed iat/exp. */
function jwtInputs() {
  const m = MAIN_SECRET;
  const iat = JWT_IAT;
  const exp = JWT_EXP;
  return [
    ['jwt/user-id-only', m, { user_id: 'u_1001', iat, exp }],
    ['jwt/user-id-email-name', m, { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', iat, exp }],
    ['jwt/claim-order-iat-first', m, { iat, exp, name: 'Alice Example', email: 'alice@example.com', user_id: 'u_1001' }],
    ['jwt/numeric-string-user-id', m, { user_id: '1001', iat, exp }],
    ['jwt/unicode-user-id', m, { user_id: 'Иван-用户-🙂', iat, exp }],
    ['jwt/email-plus-uppercase', m, { user_id: 'u_1002', email: 'Alice+Intercom@Example.COM', iat, exp }],
    ['jwt/name-cyrillic', m, { user_id: 'u_1003', name: 'Иван Петров', iat, exp }],
    ['jwt/name-cjk', m, { user_id: 'u_1004', name: '山田 太郎', iat, exp }],
    ['jwt/name-arabic', m, { user_id: 'u_1005', name: 'محمد علي', iat, exp }],
    ['jwt/name-devanagari-thai', m, { user_id: 'u_1006', name: 'अनिल สมชาย', iat, exp }],
    ['jwt/name-emoji', m, { user_id: 'u_1007', name: 'Zoë 👩🏽‍💻 🇺🇦 𝄞', iat, exp }],
    ['jwt/name-nfd', m, { user_id: 'u_1008', name: 'Ame\u0301lie', iat, exp }],
    ['jwt/name-slash', m, { user_id: 'u_1009', name: 'Sales/EMEA </script>', iat, exp }],
    ['jwt/name-quotes', m, { user_id: 'u_1010', name: 'Jane "JJ" Doe', iat, exp }],
    ['jwt/name-backslash', m, { user_id: 'u_1011', name: 'DOMAIN\\jdoe \\u0041', iat, exp }],
    ['jwt/name-html', m, { user_id: 'u_1012', name: "O'Brien <b>&amp;</b> & co", iat, exp }],
    ['jwt/name-u2028-u2029', m, { user_id: 'u_1013', name: 'Line\u2028Separator\u2029Paragraph', iat, exp }],
    ['jwt/name-control-characters', m, { user_id: 'u_1014', name: 'a\bb\fc\nd\re\tf\u0001g\u001fh\u007f', iat, exp }],
    [
      'jwt/custom-attributes',
      m,
      {
        user_id: 'u_1015',
        email: 'alice@example.com',
        plan: 'pro',
        seats: 42,
        balance: -7,
        zero: 0,
        largest: 9_007_199_254_740_991,
        trial: false,
        verified: true,
        manager: null,
        iat,
        exp,
      },
    ],
    ['jwt/no-exp', m, { user_id: 'u_1016', email: 'alice@example.com', iat }],
    ['jwt/secret-1-byte', patterned(1, 5), { user_id: 'u_1001', iat, exp }],
    ['jwt/secret-64-bytes', patterned(64, 5), { user_id: 'u_1001', iat, exp }],
    ['jwt/secret-100-bytes', patterned(100, 5), { user_id: 'u_1001', iat, exp }],
    ['jwt/secret-multibyte-utf8', 'clé-ключ-κλειδί-鍵-🔑', { user_id: 'u_1001', name: 'Иван', iat, exp }],
  ];
}

/** The default widget URL template, written out so a change of the core's default shows in the vectors. */
const DEFAULT_WIDGET = 'https://widget.intercom.io/widget/{app_id}';
/** The local fake Messenger of the tests and the examples. */
const FAKE_WIDGET = 'http://127.0.0.1:4010/widget/{app_id}';
const API_US = 'https://api-iam.intercom.io';
const API_EU = 'https://api-iam.eu.intercom.io';
const API_AU = 'https://api-iam.au.intercom.io';

/** A name with everything that could end the script, start markup or break a line in old engines. */
const HOSTILE_NAME =
  '</script><script>window.__pwned=1</script> <!-- O\'Brien "JJ" & Co &amp; \u2028\u2029 ]]> a\\b/c \n\t Zo\u00eb \ud83d\udc69\ud83c\udffd\u200d\ud83d\udcbb \u0418\u0432\u0430\u043d \u5c71\u7530';

/** A signed-in user's settings in user_hash mode, as bootSettings builds them. */
function hashSettings(appId, apiBase, identity, profile = {}) {
  const identifier = identity.user_id ?? identity.email;
  return { app_id: appId, api_base: apiBase, ...identity, user_hash: hmacHex(MAIN_SECRET, identifier), ...profile };
}

/** A signed-in user's settings in JWT mode: the token, then the plain fields. */
function jwtSettings(appId, apiBase, claims, plain = {}) {
  return { app_id: appId, api_base: apiBase, intercom_user_jwt: signJwt(MAIN_SECRET, claims), ...plain };
}

/**
 * Inputs of the boot script cases: [name, app id, widget URL or null for the default, settings, nonce or null,
 * and the consent and load modes ({ consent, load }, default none and page)].
 */
function loaderInputs() {
  const iat = JWT_IAT;
  const exp = JWT_EXP;
  return [
    ['loader/visitor-default-widget', 'abc123', null, { app_id: 'abc123', api_base: API_US }, null],
    [
      'loader/visitor-explicit-default-widget-with-nonce',
      'e2eapp01',
      DEFAULT_WIDGET,
      { app_id: 'e2eapp01', api_base: API_EU },
      'rAnd0mN0nce+/==',
    ],
    [
      'loader/user-hash-fake-messenger',
      'e2eapp01',
      FAKE_WIDGET,
      hashSettings(
        'e2eapp01',
        API_US,
        { user_id: '2', email: 'alice@example.com' },
        { name: 'Alice Example', created_at: 1_700_000_000 },
      ),
      null,
    ],
    [
      'loader/user-hash-fake-messenger-with-nonce',
      'e2eapp01',
      FAKE_WIDGET,
      hashSettings('e2eapp01', API_US, { user_id: '2', email: 'alice@example.com' }, { name: 'Alice Example' }),
      'Zm9vYmFy_-09',
    ],
    [
      'loader/hostile-strings',
      'abc123',
      'http://127.0.0.1:51234/widget/{app_id}?v=2&debug=1',
      hashSettings(
        'abc123',
        API_US,
        { user_id: 'u_</script>&\u2028', email: 'alice+intercom@example.com' },
        {
          name: HOSTILE_NAME,
          created_at: 1_700_000_000,
          company: { id: 'c1', name: 'Acme & <Sons> \u2029 \u00c5ngstr\u00f6m' },
          plan: '<b>pro</b>',
          seats: 42,
          trial: false,
          verified: true,
          manager: null,
          tags: ['a&b', '</script>', '\u2028'],
        },
      ),
      'abc-_=+/123',
    ],
    [
      'loader/email-only-non-ascii',
      'abc123',
      DEFAULT_WIDGET,
      hashSettings('abc123', API_US, {
        email:
          '\u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u0442\u0435\u043b\u044c@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444',
      }),
      null,
    ],
    [
      'loader/non-ascii-user-id',
      'abc123',
      FAKE_WIDGET,
      hashSettings(
        'abc123',
        API_EU,
        { user_id: '\u0418\u0432\u0430\u043d-\u7528\u6237-\ud83d\ude42' },
        { name: '\u5c71\u7530 \u592a\u90ce' },
      ),
      null,
    ],
    [
      'loader/jwt-app-id-with-underscore-and-hyphen',
      'A_b-9',
      'http://127.0.0.1:4010/fake/{app_id}/widget.js',
      jwtSettings(
        'A_b-9',
        API_AU,
        { user_id: 'u_1001', email: 'alice@example.com', iat, exp },
        { name: '\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432 </script>' },
      ),
      'bm9uY2U=',
    ],
    [
      'loader/jwt-email-sent-plain',
      'e2eapp01',
      FAKE_WIDGET,
      jwtSettings('e2eapp01', API_US, { user_id: '2', iat, exp }, { email: 'alice@example.com', name: 'Alice & Bob' }),
      null,
    ],
    ['loader/visitor-empty-nonce-is-no-nonce', 'abc123', DEFAULT_WIDGET, { app_id: 'abc123', api_base: API_US }, ''],
    [
      'loader/consent-required-user-hash',
      'e2eapp01',
      FAKE_WIDGET,
      hashSettings('e2eapp01', API_US, { user_id: '2', email: 'alice@example.com' }, { name: 'Alice Example' }),
      'Zm9vYmFy_-09',
      { consent: 'required', load: 'page' },
    ],
    ['loader/consent-required-visitor', 'abc123', null, { app_id: 'abc123', api_base: API_EU }, null, { consent: 'required' }],
    [
      'loader/load-on-interaction-jwt',
      'e2eapp01',
      FAKE_WIDGET,
      jwtSettings('e2eapp01', API_US, { user_id: '2', iat, exp }, { name: 'Alice </script>' }),
      null,
      { load: 'interaction' },
    ],
    [
      'loader/consent-required-and-load-on-interaction',
      'abc123',
      DEFAULT_WIDGET,
      { app_id: 'abc123', api_base: API_US, alignment: 'left', horizontal_padding: 40, action_color: '#ff0066' },
      'bm9uY2U=',
      { consent: 'required', load: 'interaction' },
    ],
  ];
}

/** Inputs of the person marker cases: [name, settings, secret (default MAIN_SECRET)]. */
function personMarkerInputs() {
  const iat = JWT_IAT;
  const exp = JWT_EXP;
  const token = (claims) => signJwt(MAIN_SECRET, claims);
  return [
    ['marker/visitor', { app_id: 'abc123' }],
    ['marker/visitor-with-api-base-and-profile', { app_id: 'abc123', api_base: API_US, name: 'Nobody' }],
    ['marker/user-id', { app_id: 'a', user_id: '42' }],
    ['marker/user-id-other-app', { app_id: 'abc123', user_id: '42' }],
    ['marker/user-id-other-secret', { app_id: 'a', user_id: '42' }, 'Hq3Zt7Wc1Nv5Kb9Rm2Xp6Ld0Fs4Jg8Yy'],
    ['marker/user-id-with-email', { app_id: 'abc123', user_id: 'u_1001', email: 'alice@example.com', user_hash: 'x' }],
    ['marker/user-id-untrimmed', { app_id: 'abc123', user_id: ' u_1001 ' }],
    ['marker/numeric-string-1001', { app_id: 'abc123', user_id: '1001' }],
    ['marker/numeric-string-0', { app_id: 'abc123', user_id: '0' }],
    ['marker/numeric-string-leading-zeros', { app_id: 'abc123', user_id: '0042' }],
    ['marker/numeric-string-max-safe-integer', { app_id: 'abc123', user_id: '9007199254740991' }],
    ['marker/email-only', { app_id: 'abc123', email: 'bob@example.com' }],
    ['marker/email-only-uppercase', { app_id: 'abc123', email: 'Bob+Support@EXAMPLE.org' }],
    ['marker/email-only-non-ascii-and-emoji', { app_id: 'a', email: 'Zo\u00eb\ud83d\ude42@example.com' }],
    ['marker/email-same-text-as-a-user-id', { app_id: 'abc123', email: 'u_1001' }],
    ['marker/jwt-user-id', { app_id: 'a', intercom_user_jwt: token({ user_id: '42', iat, exp }) }],
    [
      'marker/jwt-user-id-beats-plain-email',
      { app_id: 'abc123', intercom_user_jwt: token({ user_id: 'u_1001', iat, exp }), email: 'alice@example.com' },
    ],
    [
      'marker/jwt-with-signed-email-no-exp',
      { app_id: 'abc123', intercom_user_jwt: token({ user_id: 'u_1001', email: 'alice@example.com', iat }) },
    ],
    [
      'marker/jwt-non-ascii-user-id',
      { app_id: 'abc123', intercom_user_jwt: token({ user_id: '\u0418\u0432\u0430\u043d-\u7528\u6237-\ud83d\ude42', iat, exp }) },
    ],
    ['marker/not-a-jwt-falls-back-to-email', { app_id: 'abc123', intercom_user_jwt: 'abc.def', email: 'bob@example.com' }],
    ['marker/non-ascii-cyrillic', { app_id: 'abc123', user_id: '\u0418\u0432\u0430\u043d.\u041f\u0435\u0442\u0440\u043e\u0432' }],
    ['marker/non-ascii-cjk', { app_id: 'abc123', user_id: '\u7528\u6237_\u5f20\u4f1f' }],
    [
      'marker/non-ascii-astral-emoji',
      { app_id: 'abc123', user_id: 'user\ud83d\ude8042 \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67' },
    ],
    ['marker/non-ascii-nfc', { app_id: 'abc123', user_id: 'Am\u00e9lie' }],
    ['marker/non-ascii-nfd', { app_id: 'abc123', user_id: 'Ame\u0301lie' }],
  ];
}

/** The built core's functions that the loader and marker vectors come from. */
export function vectorCore(index, client) {
  const silent = { warn() {}, error() {} };
  return {
    renderScript(appId, widgetUrl, secret, settings, nonce, modes = {}) {
      const base = { appId, secret, logger: silent, ...modes };
      const config = widgetUrl === null ? base : { ...base, widgetUrl };
      return index.createIdentity(config).renderScript(settings, nonce === null ? undefined : { nonce });
    },
    personMarker: (settings, secret) => index.personMarker(settings, index.personMarkerKey(secret)),
    personStorageKey: (appId) => client.personStorageKey(appId),
  };
}

/** Imports the built core (dist), which the loader and marker vectors need; says how to build it when it is missing. */
export async function loadBuiltCore() {
  const dist = (name) => new URL(`../../dist/${name}`, import.meta.url).href;
  try {
    return vectorCore(await import(dist('index.js')), await import(dist('client.js')));
  } catch (error) {
    throw new Error(
      `The built core (packages/core/dist) could not be loaded (${error.message}). Run: pnpm --filter @intercom-identity/core build`,
    );
  }
}

/**
 * Settings are read back by JSON parsers (PHP's json_decode among them), which must
 * give the same value in the same key order: no integer-like keys (moved first), no
 * empty object or list (PHP cannot tell them apart), integers only.
 */
function checkPortable(name, value) {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`${name}: ${value} is not an integer.`);
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value);
  if (entries.length === 0) throw new Error(`${name}: an empty object or list reads back differently in PHP.`);
  for (const [key, item] of entries) {
    if (!Array.isArray(value) && /^(0|[1-9]\d*)$/.test(key)) throw new Error(`${name}: key "${key}" would be reordered.`);
    checkPortable(name, item);
  }
}

/** HMAC-SHA256 of UTF-8 `message` under the UTF-8 bytes of `secret`, lowercase hex. */
export function hmacHex(secret, message) {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

/** The HS256 token of `claims`, signed as the core signs it, with node:crypto and Buffer only. */
export function signJwt(secret, claims) {
  const part = (text) => Buffer.from(text, 'utf8').toString('base64url');
  const input = `${part('{"alg":"HS256","typ":"JWT"}')}.${part(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(input, 'utf8').digest('base64url');
  return `${input}.${signature}`;
}

/**
 * Every vector, with its expected value. `core` (see vectorCore) renders the boot
 * scripts and the person markers: the built core is their reference.
 */
export function buildVectors(core) {
  const names = new Set();
  const claimName = (name) => {
    if (names.has(name)) throw new Error(`Two vectors are named ${name}.`);
    names.add(name);
    return name;
  };
  const hash = hashInputs().map(([name, secret, identifier]) => ({
    name: claimName(name),
    secret,
    identifier,
    user_hash: hmacHex(secret, identifier),
  }));
  const jwt = jwtInputs().map(([name, secret, claims]) => {
    // JSON parsers move integer-like keys to the front, so such claims would not keep their order.
    for (const key of Object.keys(claims))
      if (/^(0|[1-9]\d*)$/.test(key)) throw new Error(`Claim "${key}" of ${name} would be reordered by a JSON parser.`);
    return { name: claimName(name), secret, claims, token: signJwt(secret, claims) };
  });
  const loader = loaderInputs().map(([name, appId, widgetUrl, settings, nonce, modes = {}]) => {
    checkPortable(name, settings);
    const consent = modes.consent ?? 'none';
    const load = modes.load ?? 'page';
    return {
      name: claimName(name),
      app_id: appId,
      widget_url: widgetUrl,
      consent,
      load,
      settings,
      nonce,
      secret: MAIN_SECRET,
      script: core.renderScript(appId, widgetUrl, MAIN_SECRET, settings, nonce, { consent, load }),
    };
  });
  const personMarkers = personMarkerInputs().map(([name, settings, secret = MAIN_SECRET]) => {
    checkPortable(name, settings);
    return {
      name: claimName(name),
      settings,
      secret,
      marker: core.personMarker(settings, secret),
      storage_key: core.personStorageKey(settings.app_id),
    };
  });
  return { version: 1, about: ABOUT, hash, jwt, loader, personMarkers };
}

/** The file's text: two-space JSON, every non-ASCII UTF-16 unit as a \u escape, trailing newline. */
export function serializeVectors(vectors) {
  const json = JSON.stringify(vectors, null, 2).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}
