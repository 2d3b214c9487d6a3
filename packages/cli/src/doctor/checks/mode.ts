import { identifierOf } from '../proof.js';
import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { type Problem, result } from './result.js';

// Which Messenger security the setup uses, and what JWT mode asks of every user: a user_id.
// "The mode given" is --mode, or else INTERCOM_IDENTITY_MODE of the doctor's environment.

/** The migration, in one sentence: where a user_hash setup is told to move. */
export const MOVE_TO_JWT =
  "Move to JWT: set INTERCOM_IDENTITY_MODE=jwt, deploy with enforcement still off, check that the fake Messenger's report and Intercom's show the users as verified, then enforce (docs/jwt-migration.md).";

const DEPRECATED =
  'Intercom calls Identity Verification (user_hash) deprecated since May 2025: it still works, but gets no updates';

/** The mode the server runs in, as the page shows it (or the proof endpoint, when the page carries no proof). */
function servedMode(facts: Facts): 'user_hash' | 'jwt' | undefined {
  return facts.proof?.kind ?? facts.endpoint?.type;
}

export function checkMode(facts: Facts): DoctorCheck {
  const served = servedMode(facts);
  const configured = facts.configMode;
  if (served === 'jwt')
    return result(
      'mode',
      'pass',
      `the ${facts.proof?.kind === 'jwt' ? 'page' : 'proof endpoint'} signs with JWT Messenger security (intercom_user_jwt)${configured === 'user_hash' ? ', although the mode given is user_hash: the server has its own setting' : ''}.`,
    );
  if (served === 'user_hash') {
    const where = facts.proof?.kind === 'user_hash' ? 'page' : 'proof endpoint';
    if (configured === 'jwt')
      return result(
        'mode',
        'warn',
        `the mode given is jwt, but the ${where} signs with user_hash: the server runs in user_hash mode, or falls back to user_hash for a user without a user_id (see the user_id check); ${DEPRECATED}.`,
        'Set INTERCOM_IDENTITY_MODE=jwt on the server too, and give every user a user_id so that none falls back to user_hash.',
      );
    return result('mode', 'warn', `the ${where} signs with user_hash; ${DEPRECATED}.`, MOVE_TO_JWT);
  }
  if (configured === 'user_hash') return result('mode', 'warn', `the mode given is user_hash; ${DEPRECATED}.`, MOVE_TO_JWT);
  if (configured === 'jwt') return result('mode', 'pass', 'the mode given is jwt (no proof on this page to confirm it).');
  return result('mode', 'skip', 'no proof on the page, and no --mode or INTERCOM_IDENTITY_MODE given.');
}

const GIVE_USER_ID =
  'Return a stable user_id (your database id, say) from getUser for every signed-in user: a JWT needs one, and a user known by email only is refused.';

export function checkUserId(facts: Facts): DoctorCheck {
  const { settings, proof, endpoint } = facts;
  const jwtMode = facts.configMode === 'jwt' || proof?.kind === 'jwt' || endpoint?.type === 'jwt';
  if (!jwtMode)
    return result('user-id', 'skip', 'not in JWT mode (no intercom_user_jwt, and no --mode jwt or INTERCOM_IDENTITY_MODE=jwt).');
  const problems: Problem[] = [];
  const seen: string[] = [];
  const plainId = identifierOf(settings?.user_id) !== undefined;
  const plainEmail = typeof settings?.email === 'string' && settings.email !== '';

  if (proof?.kind === 'jwt' && proof.decoded !== undefined) {
    const claim = identifierOf(proof.decoded.claims.user_id);
    if (claim === undefined || claim.trim() === '')
      problems.push({
        status: 'fail',
        text: `The page's token has no user_id claim${plainEmail && !plainId ? ', and the page names the user by email only' : ''}.`,
        fix: GIVE_USER_ID,
      });
    else seen.push("the page's token carries a user_id");
  } else if (proof?.kind === 'user_hash' && plainEmail && !plainId) {
    problems.push({
      status: 'fail',
      text: 'The page names the user by email only (user_hash of the email): JWT mode cannot sign this user, so it stays on user_hash, or is refused where the fallback is off.',
      fix: GIVE_USER_ID,
    });
  } else if (proof?.kind === 'user_hash' && plainId) seen.push('the page names the user by user_id');
  else if (proof === undefined && settings !== undefined && plainEmail && !plainId)
    problems.push({ status: 'fail', text: 'The page names the user by email only, with no proof.', fix: GIVE_USER_ID });

  if (endpoint !== undefined) {
    const at = `the proof endpoint ${endpoint.path}`;
    if (endpoint.error !== undefined)
      problems.push({
        status: 'warn',
        text: `${at} could not be asked: ${endpoint.error}.`,
        fix: 'Check the --proof-endpoint path, and that the server answers it.',
      });
    else if (endpoint.code === 'JWT_USER_ID_REQUIRED')
      problems.push({
        status: 'fail',
        text: `${at} refused to sign (HTTP ${endpoint.status}): the user of this session has an email but no user_id.`,
        fix: GIVE_USER_ID,
      });
    else if (endpoint.type === 'jwt' && endpoint.tokenUserId === false)
      problems.push({ status: 'fail', text: `${at} returned a token without a user_id claim.`, fix: GIVE_USER_ID });
    else if (endpoint.type === 'jwt' && endpoint.tokenUserId === true) seen.push(`${at} signs a token with a user_id`);
    else if (endpoint.type === 'user_hash' && endpoint.email && !endpoint.userId)
      problems.push({
        status: 'fail',
        text: `${at} signs this user by email only (a user_hash of the email), not with a JWT.`,
        fix: GIVE_USER_ID,
      });
    else if (endpoint.type === 'user_hash') seen.push(`${at} names the user by user_id`);
    else if (endpoint.status === 401)
      problems.push({
        status: 'warn',
        text: `${at} answered HTTP 401: it found no signed-in user for the --cookie values.`,
        fix: 'Give --cookie values of a live session, so the endpoint answers for a signed-in user.',
      });
    else
      problems.push({
        status: 'warn',
        text: `${at} answered HTTP ${endpoint.status}${endpoint.code !== undefined ? ` ${endpoint.code}` : ''}, not a proof.`,
        fix: 'Point --proof-endpoint at the proof endpoint (/api/intercom-identity in the examples), and run "intercom-identity explain <code>" for its answer.',
      });
  } else if (proof === undefined && facts.cookiesGiven && settings !== undefined && !plainEmail && !plainId)
    // The core boots an email-only user as a visitor in JWT mode: the page alone cannot tell that from a logged-out session.
    problems.push({
      status: 'warn',
      text: 'The page boots a visitor although --cookie was given; in JWT mode a user with an email but no user_id boots as a visitor (JWT_USER_ID_REQUIRED in the server log).',
      fix: 'Run again with --proof-endpoint /api/intercom-identity to see what the server answers for this session.',
    });

  if (problems.length === 0) {
    if (seen.length === 0) return result('user-id', 'skip', 'no signed-in user to check (give --cookie of a logged-in session).');
    return result('user-id', 'pass', `${seen.join('; ')}.`);
  }
  const worst = problems.find((problem) => problem.status === 'fail') ?? (problems[0] as Problem);
  const refused = worst.status === 'fail' && worst.fix === GIVE_USER_ID;
  return result(
    'user-id',
    worst.status,
    problems.map((problem) => problem.text).join(' '),
    worst.fix,
    refused ? 'JWT_USER_ID_REQUIRED' : undefined,
  );
}
