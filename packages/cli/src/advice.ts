import type { Platform } from '@intercom-identity/core';
import { ENV_BY_PLATFORM } from './secrets.js';

// What to do about a proof made from the wrong identifier or with another platform's secret.
// `verify` and the doctor find the same two mistakes and give the same advice.

/** Intercom checks a user_hash against the user_id whenever one is sent, even next to an email. */
export const HASH_THE_USER_ID = 'Hash the user_id whenever one is sent; hash the email only for users without a user_id.';

const PLATFORM_NAME: Readonly<Record<Platform, string>> = { web: 'web', ios: 'iOS', android: 'Android' };
const USED_BY: Readonly<Record<Platform, string>> = { web: 'a web page', ios: 'the iOS app', android: 'the Android app' };

/** "the iOS secret": a secret by its platform, never by its value. */
export function secretName(platform: Platform): string {
  return `the ${PLATFORM_NAME[platform]} secret`;
}

/** "the iOS secret (INTERCOM_IDENTITY_SECRET_IOS)": with the variable that holds it. */
export function platformSecret(platform: Platform): string {
  return `${secretName(platform)} (${ENV_BY_PLATFORM[platform]})`;
}

/** "a web page", "the iOS app": what a platform's proofs are for. */
export function usedBy(platform: Platform): string {
  return USED_BY[platform];
}

/** Which secret proofs for `platform` are signed with. */
export function signWithSecretOf(platform: Platform): string {
  if (platform === 'web')
    return `Sign web pages with the web secret (${ENV_BY_PLATFORM.web}); the iOS and Android secrets are only for the apps' proofs.`;
  return `Sign the proofs of ${USED_BY[platform]} with ${platformSecret(platform)}: each platform has its own secret.`;
}
