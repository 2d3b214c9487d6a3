import { HASH_THE_USER_ID } from '../../advice.js';
import { type IdentifierField, identifierOf } from '../proof.js';
import type { DoctorCheck } from '../types.js';
import { type Facts, sentIdentifiers } from './facts.js';
import { NEED_SECRET, NEED_SECRET_FIX, q, result, unreadableSettings } from './result.js';

// Whose proof it is: an identifier is sent with the proof, and it is the one that was signed.

const SIGN_ON_SERVER =
  'Sign the identifier on the server and send the proof with it (bootSettings() of @intercom-identity/core does both).';

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
          `the page boots a visitor (no user_id, email or proof) although --cookie was given.${facts.configMode === 'jwt' ? ' In JWT mode, a user with an email but no user_id boots as a visitor too (see the user_id check).' : ''}`,
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
  const signed = facts.signedHashMatch;
  const signedWith = facts.messenger?.proofSettings;
  if (match === undefined && signed !== undefined && signedWith !== undefined) {
    const then = sentIdentifiers(signedWith)[signed.field];
    const now = sentIdentifiers(settings)[signed.field];
    return result(
      'identifier',
      'fail',
      `user_hash was made from the ${signed.field} ${q(then)} it was booted with, but a later update ${now === undefined ? `removes the ${signed.field}` : `sends ${signed.field} ${q(now)}`}, so it no longer matches (see the overwrite check).`,
      'Shut down and boot with the new identity and its own proof from the backend, or keep the identifier that was signed.',
    );
  }
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
      HASH_THE_USER_ID,
      'WRONG_IDENTIFIER_HASHED',
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
