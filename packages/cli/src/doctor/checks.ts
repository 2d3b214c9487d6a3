import { secretForms } from '../secret-forms.js';
import type { FetchedPage } from './fetch.js';
import type { ScriptElement } from './html.js';
import type { LoaderInfo } from './loader.js';
import {
  type DecodedJwt,
  type FormKind,
  formsOf,
  type HashMatch,
  type IdentifierField,
  identifierOf,
  type JwtSigner,
  type NamedSecret,
} from './proof.js';
import type { FoundSettings } from './settings.js';
import { CHECK_TITLES, type CheckStatus, type DoctorCheck, type DoctorCheckId } from './types.js';

/** The proof the page sends. */
export type Proof = { kind: 'user_hash'; value: unknown } | { kind: 'jwt'; value: unknown; decoded: DecodedJwt | undefined };

/** Everything the doctor learned about the page; the checks only read it. */
export interface Facts {
  page: FetchedPage;
  browserError: string | undefined;
  mode: 'html' | 'browser';
  scripts: ScriptElement[];
  /** Same-origin scripts that were read. */
  files: { path: string; body: string }[];
  /** Cross-origin script files that were not read. */
  crossOriginScripts: number;
  /** Same-origin script files the HTML names that could not be loaded. */
  failedScripts: number;
  /** Same-origin script files the HTML names beyond the number the doctor reads. */
  skippedScripts: number;
  found: FoundSettings;
  /** The settings the Messenger would get; undefined when they could not be read. */
  settings: Record<string, unknown> | undefined;
  loader: LoaderInfo;
  secrets: NamedSecret[];
  cookiesGiven: boolean;
  otherCookiesGiven: boolean;
  proof: Proof | undefined;
  hashMatch: HashMatch | undefined;
  jwtSigner: JwtSigner | undefined;
  second: { page: FetchedPage; settings: Record<string, unknown> | undefined; error: string | undefined } | undefined;
  now: number;
}

const NEED_SECRET = 'give --secret-stdin to check this';
const NEED_SECRET_FIX =
  'Pipe the web secret in: printenv INTERCOM_IDENTITY_SECRET | intercom-identity doctor <url> --secret-stdin.';
const SIGN_ON_SERVER =
  'Sign the identifier on the server and send the proof with it (bootSettings() of @intercom-identity/core does both).';
const CACHE_FIX = 'Send Cache-Control: private, no-store on every page that carries a proof.';
const SERIALIZE_FIX =
  'Write the settings with serializeForScript() or renderScript() of @intercom-identity/core, which escape <, >, &, U+2028 and U+2029.';
const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;
// Registered JWT claims; every other claim is a signed attribute.
const REGISTERED_CLAIMS = new Set(['user_id', 'iat', 'exp', 'nbf', 'jti', 'iss', 'sub', 'aud']);
const DAY = 24 * 3600;

function result(id: DoctorCheckId, status: CheckStatus, message: string, fix?: string): DoctorCheck {
  const check: DoctorCheck = { id, title: CHECK_TITLES[id], status, message };
  if (fix !== undefined && (status === 'warn' || status === 'fail')) check.fix = fix;
  return check;
}

/** A page value in a message: quoted, cut short, control characters visible. */
function q(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function hasWebSecret(facts: Facts): boolean {
  return facts.secrets.some((secret) => secret.kind === 'web');
}

/** The identifier a page sends, by field, as the Messenger reads it. */
export function sentIdentifiers(settings: Record<string, unknown>): Partial<Record<IdentifierField, string>> {
  const out: Partial<Record<IdentifierField, string>> = {};
  const userId = identifierOf(settings.user_id);
  const email = identifierOf(settings.email);
  if (userId !== undefined) out.user_id = userId;
  if (email !== undefined && typeof settings.email === 'string') out.email = email;
  return out;
}

export function proofOf(
  settings: Record<string, unknown> | undefined,
  decode: (token: string) => DecodedJwt | undefined,
): Proof | undefined {
  if (settings === undefined) return undefined;
  const jwt = settings.intercom_user_jwt;
  if (jwt !== undefined && jwt !== null)
    return { kind: 'jwt', value: jwt, decoded: typeof jwt === 'string' ? decode(jwt) : undefined };
  if (settings.user_hash !== undefined && settings.user_hash !== null) return { kind: 'user_hash', value: settings.user_hash };
  return undefined;
}

export function checkPage(facts: Facts): DoctorCheck {
  const { page } = facts;
  if (page.error !== undefined)
    return result(
      'page',
      'fail',
      `could not load ${page.url}: ${page.error}.`,
      'Check the URL, and that the server is running and reachable from this machine.',
    );
  if (page.status >= 400)
    return result(
      'page',
      'fail',
      `the page answered HTTP ${page.status}.`,
      facts.cookiesGiven
        ? 'Check the URL, and that the --cookie values belong to a live session.'
        : 'Check the URL; give --cookie name=value when the page needs a login.',
    );
  if (facts.browserError !== undefined)
    return result(
      'page',
      'fail',
      `Chromium could not load the page: ${facts.browserError}`,
      'Check that the page loads in a browser; run without --browser to check its HTML only.',
    );
  const redirect = page.finalUrl !== page.url ? ` after a redirect to ${page.finalUrl}` : '';
  const type = page.headers['content-type'];
  if (type !== undefined && !/html/i.test(type))
    return result(
      'page',
      'warn',
      `HTTP ${page.status}${redirect}, but the page is ${type}, not HTML.`,
      'Point the doctor at the HTML page that boots the Messenger.',
    );
  return result('page', 'pass', `HTTP ${page.status}${redirect}.`);
}

export function checkLoader(facts: Facts): DoctorCheck {
  const { loader, found, settings } = facts;
  const unreadable = settings === undefined && found.kind !== 'none';
  if (loader.where === undefined) {
    if (settings === undefined && found.kind === 'none')
      return result(
        'loader',
        'fail',
        'no Messenger loader and no window.intercomSettings on the page.',
        'Add the boot script to the page: renderScript() of @intercom-identity/core writes the settings and the loader.',
      );
    return result(
      'loader',
      'fail',
      'window.intercomSettings is set, but no Messenger loader was found on the page or in its same-origin scripts.',
      'Add the Messenger loader to every page that should show the Messenger (renderScript() of @intercom-identity/core writes it).',
    );
  }
  if (unreadable) {
    const what =
      found.kind === 'literal'
        ? 'window.intercomSettings is a JavaScript object literal, not JSON, so it cannot be read without running the page'
        : 'window.intercomSettings is built by JavaScript at run time, so it cannot be read without running the page';
    return result(
      'loader',
      'warn',
      `loader found (${loader.where}), but ${what}.`,
      "Run again with --browser to read the settings after the page's scripts ran.",
    );
  }
  if (settings === undefined)
    return result(
      'loader',
      'fail',
      `the Messenger loader is there (${loader.where}), but no window.intercomSettings or Intercom('boot', {...}) was found${facts.mode === 'browser' ? ' after the page loaded' : ''}.`,
      'Set window.intercomSettings = { app_id, ... } before the loader runs (renderScript() writes both).',
    );
  const appId = settings.app_id;
  if (appId === undefined || appId === null || appId === '')
    return result(
      'loader',
      'fail',
      `the Messenger loader is there (${loader.where}), but app_id is not set in the settings.`,
      'Set app_id to your Intercom workspace id (INTERCOM_APP_ID).',
    );
  if (typeof appId !== 'string' || !APP_ID.test(appId))
    return result(
      'loader',
      'fail',
      `app_id ${q(appId)} is not a workspace id.`,
      'Use the short workspace id of letters and digits from your Intercom URL.',
    );
  for (const url of loader.widgetUrls) {
    const loaded = /widget\.intercom\.io\/widget\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
    if (loaded !== undefined && loaded !== appId)
      return result(
        'loader',
        'warn',
        `the loader loads the Messenger of workspace ${q(loaded)}, but app_id is ${q(appId)}.`,
        'Use the same workspace id in the loader URL and in app_id.',
      );
  }
  return result('loader', 'pass', `loader found (${loader.where}); app_id is ${q(appId)}.`);
}

function unreadableSettings(id: DoctorCheckId): DoctorCheck {
  return result(id, 'skip', 'the settings could not be read (see the loader check).');
}

export function checkIdentity(facts: Facts): DoctorCheck {
  const { settings, proof } = facts;
  if (settings === undefined) return unreadableSettings('identity');
  const sent = (['user_id', 'email'] as const).filter((field) => settings[field] !== undefined && settings[field] !== null);
  if (proof === undefined) {
    if (sent.length > 0)
      return result(
        'identity',
        'fail',
        `${sent.join(' and ')} ${sent.length > 1 ? 'are' : 'is'} sent without user_hash or intercom_user_jwt: with Identity Verification enforced, Intercom refuses this user.`,
        SIGN_ON_SERVER,
      );
    return facts.cookiesGiven
      ? result(
          'identity',
          'warn',
          'the page boots a visitor (no user_id, email or proof) although --cookie was given.',
          'Check that the --cookie values belong to a live session of a logged-in user.',
        )
      : result(
          'identity',
          'warn',
          'the page boots a visitor: nobody is logged in for this request.',
          'Give --cookie name=value of a logged-in session to check a logged-in page.',
        );
  }
  for (const field of sent) {
    const value = settings[field];
    if (identifierOf(value) === undefined || (field === 'email' && typeof value !== 'string'))
      return result(
        'identity',
        'fail',
        `${field} is ${typeof value}; it must be a string${field === 'user_id' ? ' or a whole number' : ''}.`,
        SIGN_ON_SERVER,
      );
    if ((identifierOf(value) as string).trim() === '')
      return result(
        'identity',
        'fail',
        `${field} is empty, so the proof identifies nobody.`,
        `Send the real ${field} of the logged-in user, or leave it out.`,
      );
  }
  if (proof.kind === 'jwt') {
    if (proof.decoded === undefined)
      return result(
        'identity',
        'fail',
        'intercom_user_jwt is not a JWT.',
        'Send the token that signUserJwt() returns, unchanged, as a string.',
      );
    const claimId = identifierOf(proof.decoded.claims.user_id);
    if (claimId !== undefined && claimId.trim() !== '')
      return result('identity', 'pass', `intercom_user_jwt is sent; it carries user_id ${q(claimId)}.`);
    if (sent.length > 0)
      return result(
        'identity',
        'pass',
        `intercom_user_jwt is sent with ${sent.join(' and ')} (the token itself has no user_id: see the JWT check).`,
      );
    return result(
      'identity',
      'fail',
      'intercom_user_jwt carries no user_id, and no user_id or email is sent with it.',
      'Sign the user_id of the logged-in user into the token.',
    );
  }
  if (typeof proof.value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(proof.value))
    return result(
      'identity',
      'fail',
      'user_hash is not 64 hex characters.',
      'Send the lowercase hex HMAC-SHA256 that userHash() returns.',
    );
  if (sent.length === 0)
    return result(
      'identity',
      'fail',
      'user_hash is sent without user_id or email, so Intercom cannot tell whose proof it is.',
      'Send the user_id (or, for a user without one, the email) that was hashed next to user_hash.',
    );
  return result('identity', 'pass', `user_hash is sent with ${sent.join(' and ')}.`);
}

export function checkIdentifier(facts: Facts): DoctorCheck {
  const { settings, proof } = facts;
  if (settings === undefined) return unreadableSettings('identifier');
  if (proof === undefined) return result('identifier', 'skip', 'no proof on the page.');
  if (proof.kind === 'jwt') {
    if (proof.decoded === undefined) return result('identifier', 'skip', 'the token cannot be read (see the identity check).');
    const claimId = identifierOf(proof.decoded.claims.user_id);
    if (claimId === undefined) return result('identifier', 'skip', 'the token has no user_id claim (see the JWT check).');
    const plain = identifierOf(settings.user_id);
    if (plain !== undefined && plain !== claimId)
      return result(
        'identifier',
        'fail',
        `the token is for user_id ${q(claimId)}, but the settings send user_id ${q(plain)}.`,
        'Send the same user_id that was signed into the token, or leave user_id out of the settings.',
      );
    return result(
      'identifier',
      'pass',
      `the token's user_id claim is the identifier${plain !== undefined ? ', and the user_id sent matches it' : ''}.`,
    );
  }
  if (Object.keys(sentIdentifiers(settings)).length === 0)
    return result('identifier', 'skip', 'no user_id or email to check user_hash against (see the identity check).');
  if (facts.secrets.length === 0) return result('identifier', 'warn', `no secret given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  const match = facts.hashMatch;
  if (match === undefined)
    return result(
      'identifier',
      'warn',
      'user_hash verifies with none of the secrets given, for any form of user_id or email, so which identifier was hashed cannot be told (see the secret check).',
      'Fix the secret first, then run the doctor again.',
    );
  const expected: IdentifierField = identifierOf(settings.user_id) !== undefined ? 'user_id' : 'email';
  if (match.field !== expected)
    return result(
      'identifier',
      'fail',
      'user_hash was made from the email, but a user_id is sent: the hash must be generated with the user_id.',
      'Hash the user_id whenever one is sent; hash the email only for users without a user_id.',
    );
  if (match.form.kind === 'trimmed' || match.form.kind === 'lowercased')
    return result(
      'identifier',
      'fail',
      `user_hash was made from the ${match.field} ${match.form.how}, not from the exact string that is sent.`,
      'Hash the identifier byte for byte as it is sent: no trimming, no lowercasing.',
    );
  if (match.form.kind !== 'exact')
    return result(
      'identifier',
      'pass',
      `user_hash was made from the ${match.field}, but from an escaped form of it (see the escaping check).`,
    );
  return result('identifier', 'pass', `user_hash was made from the ${match.field}, exactly as sent.`);
}

export function checkSecret(facts: Facts): DoctorCheck {
  const { settings, proof } = facts;
  if (settings === undefined) return unreadableSettings('secret');
  if (proof === undefined) return result('secret', 'skip', 'no proof on the page.');
  if (proof.kind === 'jwt' && (proof.decoded === undefined || proof.decoded.header.alg !== 'HS256'))
    return result('secret', 'skip', 'the token is not an HS256 JWT (see the JWT check).');
  if (proof.kind === 'user_hash' && typeof proof.value !== 'string')
    return result('secret', 'skip', 'user_hash is not a string (see the identity check).');
  if (proof.kind === 'user_hash' && Object.keys(sentIdentifiers(settings)).length === 0)
    return result('secret', 'skip', 'no user_id or email to check user_hash against (see the identity check).');
  const what = proof.kind === 'jwt' ? 'token' : 'user_hash';
  if (facts.secrets.length === 0) return result('secret', 'warn', `no secret given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  const used = proof.kind === 'jwt' ? facts.jwtSigner?.secret : facts.hashMatch?.secret;
  if (used === undefined) {
    const others = facts.secrets.filter((secret) => secret.kind !== 'web').map((secret) => secret.label);
    if (!hasWebSecret(facts))
      return result(
        'secret',
        'warn',
        `the ${what} verifies with none of the secrets given (${others.join(', ')}), and the web secret was not given; ${NEED_SECRET}.`,
        NEED_SECRET_FIX,
      );
    return result(
      'secret',
      'fail',
      `the ${what} does not verify with the web secret${others.length > 0 ? ` (nor with ${others.join(', ')})` : ''}.`,
      "Copy the web Identity Verification secret again from Intercom (Settings > Security > Messenger) into the server's INTERCOM_IDENTITY_SECRET.",
    );
  }
  if (used.kind === 'web') return result('secret', 'pass', `the ${what} verifies with the web secret.`);
  if (used.kind === 'also')
    return result(
      'secret',
      'fail',
      `the ${what} was made with ${used.label}, not with this workspace's web secret.`,
      'Sign with the secret of the workspace whose app_id the page sends: test and production workspaces each have their own.',
    );
  return result(
    'secret',
    'fail',
    `the ${what} was made with ${used.label}; web pages need the web secret.`,
    "Sign web pages with the web secret (INTERCOM_IDENTITY_SECRET); the iOS and Android secrets are only for the apps' proofs.",
  );
}

interface Problem {
  status: 'warn' | 'fail';
  text: string;
  fix: string;
}

function summarise(id: DoctorCheckId, problems: Problem[], passText: string, notes: string[] = []): DoctorCheck {
  const worst = problems.find((problem) => problem.status === 'fail') ?? problems[0];
  if (worst === undefined) return result(id, 'pass', [passText, ...notes].join(' '));
  return result(id, worst.status, problems.map((problem) => problem.text).join(' '), worst.fix);
}

export function checkJwt(facts: Facts): DoctorCheck {
  const { settings, proof, now } = facts;
  if (settings === undefined) return unreadableSettings('jwt');
  if (proof === undefined) return result('jwt', 'skip', 'no proof on the page.');
  if (proof.kind !== 'jwt') return result('jwt', 'skip', 'no intercom_user_jwt on the page (user_hash mode).');
  const decoded = proof.decoded;
  if (decoded === undefined)
    return result(
      'jwt',
      'fail',
      'intercom_user_jwt is not a JWT (three base64url parts of JSON).',
      'Send the token that signUserJwt() returns, unchanged.',
    );
  if (decoded.header.alg !== 'HS256')
    return result(
      'jwt',
      'fail',
      `the token is signed with ${q(decoded.header.alg)}; Intercom accepts HS256 only.`,
      'Sign with HS256 and the Identity Verification secret (signUserJwt() does).',
    );
  const { claims } = decoded;
  const problems: Problem[] = [];
  const facts5: string[] = ['HS256'];
  if (facts.secrets.length === 0)
    problems.push({
      status: 'warn',
      text: `The signature was not checked: no secret given; ${NEED_SECRET}.`,
      fix: NEED_SECRET_FIX,
    });
  else if (facts.jwtSigner === undefined)
    problems.push({
      status: 'fail',
      text: 'The signature verifies with none of the secrets given (see the secret check).',
      fix: "Sign with this workspace's web secret (see the secret check).",
    });
  else facts5.push(`signed with ${facts.jwtSigner.secret.label}`);
  const userId = identifierOf(claims.user_id);
  if (userId === undefined || userId.trim() === '')
    problems.push({
      status: 'fail',
      text: 'The token has no user_id claim; Intercom requires one.',
      fix: 'Sign the user_id of the logged-in user into every token (signUserJwt() requires it).',
    });
  else facts5.push('user_id claim present');
  const exp = claims.exp;
  if (exp === undefined)
    // Intercom accepts tokens without exp, so this is a warning, not a failure: but a leaked one never expires.
    problems.push({
      status: 'warn',
      text: 'The token has no exp, so a leaked token works forever.',
      fix: 'Give tokens an expiry (signUserJwt() expiresIn; one hour by default).',
    });
  else if (typeof exp !== 'number' || !Number.isFinite(exp))
    problems.push({ status: 'fail', text: 'The exp claim is not a number of seconds.', fix: 'Let signUserJwt() set exp.' });
  else if (exp <= now)
    problems.push({
      status: 'fail',
      text: `The token expired at ${new Date(exp * 1000).toISOString()} (${duration(now - exp)} ago).`,
      fix: 'Sign a fresh token for every page render, and refresh it before it expires.',
    });
  else if (exp - now > DAY)
    problems.push({
      status: 'warn',
      text: `The token is valid for another ${duration(exp - now)}, far beyond a session.`,
      fix: 'Keep tokens short-lived: at most a day (one hour by default).',
    });
  else facts5.push(`expires in ${duration(exp - now)}`);
  const duplicated = Object.keys(claims).filter((name) => !REGISTERED_CLAIMS.has(name) && settings[name] !== undefined);
  if (duplicated.length > 0)
    problems.push({
      status: 'fail',
      text: `${duplicated.join(', ')} ${duplicated.length > 1 ? 'are' : 'is'} signed in the token and also sent in the plain settings.`,
      fix: 'Leave signed attributes out of intercomSettings: the token carries them, and a plain copy can be changed in the browser.',
    });
  return summarise('jwt', problems, `${facts5.join(', ')}; no signed attribute is also sent in plain.`);
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 2 * DAY) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / DAY)} days`;
}

function cacheDirectives(header: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of header.split(',')) {
    const [name, ...value] = part.trim().split('=');
    if (name) directives.set(name.trim().toLowerCase(), value.join('=').trim());
  }
  return directives;
}

export function checkCache(facts: Facts): DoctorCheck {
  if (facts.settings === undefined) return unreadableSettings('cache');
  if (facts.proof === undefined) return result('cache', 'skip', 'no proof on the page, so caching it gives away nothing.');
  const headers = facts.page.headers;
  const header = headers['cache-control'];
  const varyCookie = /(^|,)\s*cookie\s*(,|$)/i.test(headers.vary ?? '');
  const expires = headers.expires;
  if (header === undefined || header.trim() === '')
    return result(
      'cache',
      'fail',
      `no Cache-Control header${expires !== undefined ? ` (only Expires: ${expires})` : ''}: a CDN or proxy may store this page and serve this user's proof to others.`,
      CACHE_FIX,
    );
  const directives = cacheDirectives(header);
  const safe = directives.has('private') || directives.has('no-store');
  if (directives.has('public'))
    return result('cache', 'fail', `Cache-Control: ${header} lets shared caches store this page with its proof.`, CACHE_FIX);
  if (!safe)
    return result(
      'cache',
      'fail',
      `Cache-Control: ${header} has neither private nor no-store, so shared caches may store this page${varyCookie ? ' (Vary: Cookie alone is not enough: many CDNs ignore it)' : ''}.`,
      CACHE_FIX,
    );
  if (directives.has('s-maxage') && !directives.has('no-store'))
    return result(
      'cache',
      'warn',
      `Cache-Control: ${header} says private but also s-maxage, which some CDNs obey.`,
      'Drop s-maxage and send Cache-Control: private, no-store.',
    );
  return result('cache', 'pass', `Cache-Control: ${header}.`);
}

function identityOf(settings: Record<string, unknown>, decode: (token: string) => DecodedJwt | undefined): string | undefined {
  const jwt = settings.intercom_user_jwt;
  const claimId = typeof jwt === 'string' ? identifierOf(decode(jwt)?.claims.user_id) : undefined;
  return claimId ?? identifierOf(settings.user_id) ?? identifierOf(settings.email);
}

export function checkOtherUser(facts: Facts, decode: (token: string) => DecodedJwt | undefined): DoctorCheck {
  const { settings, proof, second } = facts;
  if (settings === undefined) return unreadableSettings('other-user');
  if (proof === undefined || second === undefined) return result('other-user', 'skip', 'no proof on the page.');
  const who = facts.otherCookiesGiven ? 'a request with the --other-cookie values' : 'a request with no cookie';
  const failure = second.page.error ?? second.error ?? (second.page.status >= 400 ? `HTTP ${second.page.status}` : undefined);
  if (failure !== undefined)
    return result(
      'other-user',
      'warn',
      `${who} could not be checked: ${failure}.`,
      'Check that the page loads for that request too.',
    );
  const fix = "Render the proof per request from the session's user, and never cache or share the page between users.";
  const first = typeof proof.value === 'string' ? proof.value : undefined;
  const secondProof = proofOf(second.settings, decode);
  if (
    (first !== undefined && first.length > 0 && second.page.body.includes(first)) ||
    (secondProof !== undefined && secondProof.value === proof.value)
  )
    return result(
      'other-user',
      'fail',
      `${who} got the same proof as the first request${facts.cookiesGiven ? '' : ': the page gives a proof to requests without any cookie, so to everybody'}.`,
      fix,
    );
  const firstId = identityOf(settings, decode);
  const secondId = second.settings !== undefined && secondProof !== undefined ? identityOf(second.settings, decode) : undefined;
  if (firstId !== undefined && secondId === firstId)
    return result('other-user', 'fail', `${who} got a proof for the same user (${q(firstId)}).`, fix);
  return result(
    'other-user',
    'pass',
    secondProof !== undefined ? `${who} got a proof for another user.` : `${who} got no proof.`,
  );
}

export function checkExposure(facts: Facts): DoctorCheck {
  if (facts.secrets.length === 0) return result('exposure', 'warn', `no secret given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  const { page, scripts } = facts;
  const places = [
    ...facts.files.map((file) => ({ name: `the script ${file.path}`, text: file.body, inPage: false })),
    { name: 'the page HTML', text: page.body, inPage: true },
    {
      name: 'the response headers',
      text: Object.entries(page.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
      inPage: false,
    },
  ];
  const findings: string[] = [];
  for (const secret of facts.secrets) {
    const seen = new Set<string>();
    for (const form of secretForms(secret.value))
      for (const place of places) {
        const at = place.text.indexOf(form.value);
        if (at === -1) continue;
        const where =
          place.inPage && scripts.some((s) => s.contentStart <= at && at < s.contentEnd)
            ? 'an inline <script> of the page'
            : place.name;
        if (seen.has(where)) continue;
        seen.add(where);
        findings.push(`${secret.label} is in ${where}${form.encoding === 'text' ? '' : ` (${form.encoding})`}`);
      }
  }
  if (findings.length > 0)
    return result(
      'exposure',
      'fail',
      `${findings.join('; ')}.`,
      'Remove the secret from everything sent to browsers, and rotate it in Intercom: whoever loaded the page has it.',
    );
  const labels = facts.secrets.map((secret) => secret.label).join(', ');
  const count = facts.files.length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const unread = [
    facts.failedScripts > 0 && count > 0
      ? `${plural(facts.failedScripts, 'same-origin script', 'same-origin scripts')} could not be loaded`
      : '',
    facts.skippedScripts > 0
      ? `${plural(facts.skippedScripts, 'more same-origin script was', 'more same-origin scripts were')} not read`
      : '',
    facts.crossOriginScripts > 0
      ? `${plural(facts.crossOriginScripts, 'cross-origin script was', 'cross-origin scripts were')} not read`
      : '',
  ].filter((note) => note !== '');
  const notes = unread.length > 0 ? ` (${unread.join('; ')})` : '';
  const noneIn = `none of the secrets given (${labels}) appears in`;
  if (count === 0 && facts.mode === 'html') {
    // Only the HTML and headers were read: a secret in the app's bundle would go unseen, so this is no pass.
    const why =
      facts.failedScripts > 0
        ? `the ${plural(facts.failedScripts, 'same-origin script the page names', 'same-origin scripts the page names')} could not be loaded`
        : "the page's HTML names none";
    return result(
      'exposure',
      'warn',
      `${noneIn} the page or its headers, but no same-origin script was scanned: ${why}${notes}. Scripts that the page loads as it runs are read only with --browser.`,
      hasWebSecret(facts)
        ? 'Run again with --browser to scan the scripts the page loads as it runs.'
        : `${NEED_SECRET_FIX} Add --browser to scan the scripts the page loads as it runs.`,
    );
  }
  const where =
    count > 0
      ? `the page, its headers or its ${plural(count, 'same-origin script', 'same-origin scripts')}${notes}`
      : `the page or its headers (it loaded no same-origin script)${notes}`;
  if (!hasWebSecret(facts))
    return result('exposure', 'warn', `${noneIn} ${where}, but the web secret was not given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  return result('exposure', 'pass', `${noneIn} ${where}, as text, base64 or hex.`);
}

const FORM_STORY: Partial<Record<FormKind, (field: string, how: string, signed: string, sent: string) => string>> = {
  escaped: (field, how, signed, sent) =>
    `the value was escaped before it was signed: the proof matches the ${how} ${field} ${q(signed)}, but the page sends ${q(sent)}.`,
  unescaped: (field, _how, signed, sent) =>
    `the value was escaped after it was signed: the page sends the ${field} ${q(sent)}, but the proof matches ${q(signed)}.`,
};

export function checkEscaping(facts: Facts): DoctorCheck {
  const { found, settings, proof } = facts;
  const problems: Problem[] = [];
  const raw = found.kind === 'json' || found.kind === 'literal' ? found.raw : undefined;
  if (raw !== undefined) {
    if (/<\/script/i.test(raw))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw </script: the browser ends the script there, so the Messenger never gets them.',
        fix: SERIALIZE_FIX,
      });
    if (raw.includes('<!--'))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw <!--, which changes how the browser parses the rest of the script.',
        fix: SERIALIZE_FIX,
      });
    if (/[\u2028\u2029]/.test(raw))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw U+2028 or U+2029 line separator, which ends a string in older JavaScript engines.',
        fix: SERIALIZE_FIX,
      });
  }
  if (settings === undefined && raw === undefined) return unreadableSettings('escaping');
  if (settings !== undefined && proof !== undefined) {
    const story = signedVersusSent(facts, settings, proof);
    if (story !== undefined)
      problems.push({
        status: 'fail',
        text: story.charAt(0).toUpperCase() + story.slice(1),
        fix: 'Sign the raw value and send that same value: escape it only once, when the JSON is written into the page.',
      });
    else if (proof.kind === 'user_hash' && facts.secrets.length === 0)
      problems.push({
        status: 'warn',
        text: `Whether the signed value is the value sent: no secret given; ${NEED_SECRET}.`,
        fix: NEED_SECRET_FIX,
      });
  }
  const signing = settings !== undefined && proof !== undefined;
  const pass =
    raw !== undefined
      ? `the inline settings contain no raw </script, <!--, U+2028 or U+2029${signing ? ', and the values sent are the values that were signed' : ''}.`
      : `the settings are built at run time${signing ? '; the values sent are the values that were signed' : ''}.`;
  return summarise('escaping', problems, pass);
}

function signedVersusSent(facts: Facts, settings: Record<string, unknown>, proof: Proof): string | undefined {
  if (proof.kind === 'user_hash') {
    const match = facts.hashMatch;
    const story = match === undefined ? undefined : FORM_STORY[match.form.kind];
    if (match === undefined || story === undefined) return undefined;
    return story(match.field, match.form.how, match.form.value, sentIdentifiers(settings)[match.field] as string);
  }
  const claims = proof.decoded?.claims;
  if (claims === undefined) return undefined;
  for (const field of ['user_id', 'email'] as const) {
    const signed = identifierOf(claims[field]);
    const sent = identifierOf(settings[field]);
    if (signed === undefined || sent === undefined || signed === sent) continue;
    // The sent value, escaped, is what was signed: escaped before signing; the other way round: after.
    const before = formsOf(sent).find((form) => form.kind === 'escaped' && form.value === signed);
    if (before !== undefined) return FORM_STORY.escaped?.(field, before.how, signed, sent);
    const after = formsOf(signed).find((form) => form.kind === 'escaped' && form.value === sent);
    if (after !== undefined) return FORM_STORY.unescaped?.(field, after.how, signed, sent);
  }
  return undefined;
}
