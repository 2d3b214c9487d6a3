import { identifierOf } from '../proof.js';
import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { NEED_SECRET, NEED_SECRET_FIX, type Problem, q, result, summarise, unreadableSettings } from './result.js';

// The token itself: HS256, signed with a secret given, a user_id claim, an expiry within a day,
// and no signed attribute sent in plain as well.

// Registered JWT claims; every other claim is a signed attribute.
const REGISTERED_CLAIMS = new Set(['user_id', 'iat', 'exp', 'nbf', 'jti', 'iss', 'sub', 'aud']);
const DAY = 24 * 3600;

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
