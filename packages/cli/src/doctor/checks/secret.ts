import { signWithSecretOf } from '../../advice.js';
import type { DoctorCheck } from '../types.js';
import { type Facts, sentIdentifiers } from './facts.js';
import { hasWebSecret, NEED_SECRET, NEED_SECRET_FIX, result, unreadableSettings } from './result.js';

// Which secret made the proof: this workspace's web secret, and not a mobile or another workspace's one.

/** While a previous secret is given, one line saying that the rotation window is open; none otherwise. */
export function checkRotation(facts: Facts): DoctorCheck | undefined {
  const previous = facts.secrets.filter((secret) => secret.previous === true);
  if (previous.length === 0) return undefined;
  return result(
    'rotation',
    'warn',
    `the rotation window is open: ${previous.map((secret) => secret.label).join(', ')} ${previous.length > 1 ? 'are' : 'is'} set next to the current one, and proofs made with either verify.`,
    'Once the new secret is the only one in Intercom (the old one removed there), unset the *_PREVIOUS variables (INTERCOM_IDENTITY_SECRET_PREVIOUS).',
  );
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
  // A user_hash whose identifier a later update changed is checked against the identifier it was made for.
  const used = proof.kind === 'jwt' ? facts.jwtSigner?.secret : (facts.hashMatch ?? facts.signedHashMatch)?.secret;
  if (used === undefined) {
    const others = facts.secrets
      .filter((secret) => secret.kind !== 'web' || secret.previous === true)
      .map((secret) => secret.label);
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
  if (used.kind === 'web' && used.previous === true)
    return result(
      'secret',
      'warn',
      `the ${what} verifies with the previous web secret, not the current one: the server still signs with the old secret.`,
      'Deploy with INTERCOM_IDENTITY_SECRET set to the new secret (and INTERCOM_IDENTITY_SECRET_PREVIOUS to the old one) before the old secret is removed in Intercom.',
    );
  if (used.kind === 'web') {
    const current = facts.secrets.some((secret) => secret.kind === 'web' && secret.previous === true) ? ' current' : '';
    return result('secret', 'pass', `the ${what} verifies with the${current} web secret.`);
  }
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
    signWithSecretOf('web'),
    'SECRET_WRONG_PLATFORM',
  );
}
