import { type DecodedJwt, identifierOf } from '../proof.js';
import type { DoctorCheck } from '../types.js';
import { type Facts, proofOf } from './facts.js';
import { q, result, unreadableSettings } from './result.js';

// A page with one user's proof reaches that user only: no shared cache keeps it, no other request gets it.

const CACHE_FIX = 'Send Cache-Control: private, no-store on every page that carries a proof.';

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
