/**
 * The person marker: what the boot script keeps in `localStorage` to notice
 * that another person uses this browser. It is an HMAC keyed with a key derived
 * from the web secret, so nobody who reads the browser's storage can find out
 * whose id or email it stands for (an unkeyed hash of an id or email is found
 * by guessing, hundreds of thousands of guesses a second).
 */
import { backend } from './crypto/backend.js';
import { hmacSha256Hex } from './crypto/sha256.js';
import { identityKey, type PersonSettings } from './person.js';

/** The marker of a visitor (nobody is signed in). */
export const VISITOR_MARKER = 'visitor';

/** The marker of an identified person on a setup without a web secret (the Messenger refuses them anyway). */
export const UNVERIFIED_MARKER = 'unverified';

const DERIVATION = 'intercom-identity person marker';

// node:crypto where the runtime has it; plain JavaScript on edge runtimes, where
// HMAC is only asynchronous and renderScript must still answer at once.
const hmacHex: (key: string, message: string) => string = backend.hmacHexSync ?? hmacSha256Hex;

/** The marker key of a web secret: HMAC-SHA256(secret, "intercom-identity person marker"), as hex. */
export function personMarkerKey(secret: string): string {
  return hmacHex(secret, DERIVATION);
}

/**
 * The marker of who the settings identify: the first 32 hex digits of
 * HMAC-SHA256(marker key, identity key), `'visitor'` for nobody.
 *
 * @example
 * ```ts
 * import { personMarker, personMarkerKey } from '@intercom-identity/core';
 * personMarker({ app_id: 'abc', user_id: 'u_1' }, personMarkerKey(secret)); // 32 hex digits
 * ```
 */
export function personMarker(settings: PersonSettings | null | undefined, markerKey: string | undefined): string {
  return markerOfKey(identityKey(settings), markerKey);
}

/** {@link personMarker} of an identity key the caller already knows (`user_id:…`, `email:…`; null for a visitor). */
export function markerOfKey(key: string | null, markerKey: string | undefined): string {
  if (key === null) return VISITOR_MARKER;
  if (markerKey === undefined) return UNVERIFIED_MARKER;
  return hmacHex(markerKey, key).slice(0, 32);
}
