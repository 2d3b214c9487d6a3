import type { DecodedJwt } from '../proof.js';
import { CHECK_TITLES, type DoctorCheck, type DoctorCheckId } from '../types.js';
import { checkCache, checkOtherUser } from './caching.js';
import { checkConsentCookies, checkConsentGate, checkConsentRequests } from './consent.js';
import { checkEscaping } from './escaping.js';
import { checkExposure } from './exposure.js';
import type { Facts } from './facts.js';
import { checkIdentifier, checkIdentity } from './identity.js';
import { checkJwt } from './jwt.js';
import { checkMode, checkUserId } from './mode.js';
import { checkOverwrite } from './overwrite.js';
import { checkRotation, checkSecret } from './secret.js';
import { checkLoader, checkPage } from './setup.js';

export { type ConsentFacts, type Facts, type Proof, proofOf, sentIdentifiers } from './facts.js';

type Check = (facts: Facts, decode: (token: string) => DecodedJwt | undefined) => DoctorCheck;

// The report's order, which is the order of Intercom's troubleshooting list. The page check comes first:
// when the page cannot be loaded, every other check is skipped.
const AFTER_PAGE: readonly [DoctorCheckId, Check][] = [
  ['loader', checkLoader],
  ['identity', checkIdentity],
  ['identifier', checkIdentifier],
  ['secret', checkSecret],
  ['jwt', checkJwt],
  ['user-id', checkUserId],
  ['cache', checkCache],
  ['other-user', checkOtherUser],
  ['exposure', checkExposure],
  ['escaping', checkEscaping],
  ['overwrite', checkOverwrite],
  ['mode', checkMode],
  ['consent-requests', checkConsentRequests],
  ['consent-cookies', checkConsentCookies],
  ['consent-gate', checkConsentGate],
];

// Only a run in Chromium sees the page's Intercom calls.
const BROWSER_ONLY: ReadonlySet<DoctorCheckId> = new Set(['overwrite']);
// Only asked for with --consent-required.
const CONSENT_ONLY: ReadonlySet<DoctorCheckId> = new Set(['consent-requests', 'consent-cookies', 'consent-gate']);

/** Every check of the report, in order. */
export function buildChecks(facts: Facts, decode: (token: string) => DecodedJwt | undefined): DoctorCheck[] {
  const page = checkPage(facts);
  // The rotation line is about the secrets given, not the page: it is there whether the page loads or not.
  const rotation = checkRotation(facts);
  const tail = rotation === undefined ? [] : [rotation];
  const checks = AFTER_PAGE.filter(
    ([id]) => (facts.mode === 'browser' || !BROWSER_ONLY.has(id)) && (facts.consentRequired || !CONSENT_ONLY.has(id)),
  );
  if (page.status === 'fail')
    return [
      page,
      ...checks.map(([id]) => ({
        id,
        title: CHECK_TITLES[id],
        status: 'skip' as const,
        message: 'the page could not be loaded.',
      })),
      ...tail,
    ];
  return [page, ...checks.map(([, check]) => check(facts, decode)), ...tail];
}
