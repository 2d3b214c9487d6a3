/**
 * What a refresh of the browser sync needs beyond the sync itself: how it asks
 * the proof endpoint and how it reads the answer. The sync loads this module
 * with `import()` when it first refreshes (minutes before the token expires, or
 * after a sign-in without a page load), so a page's initial JS does not carry
 * it. A chunk that fails to load fails as a request that could not reach the
 * endpoint: the same retry, and the Messenger left as it is.
 *
 * The core's build keeps it a file of its own (`dist/refresh.js`, see
 * tsup.config.ts), so an app's bundler splits it off whatever it bundles with.
 */
import type { ClientSettings } from './messenger.js';
import { type ProofBody, proofRequest, settingsOfProof } from './proof.js';

/**
 * What the endpoint answered, as the settings it makes of the page's own
 * (`base`: what whoever comes next starts from), or null when the answer
 * changes nothing (an error other than 401, a body that is not a proof).
 * The sync passes `base` only once it knows no newer settings came meanwhile.
 */
export type Answer = ((base: ClientSettings) => ClientSettings | null) | null;

/**
 * Asks the proof endpoint who is signed in now. Rejects when the endpoint
 * could not be reached (the sync then tries again). 401: nobody is signed in
 * any more (the session ended in another tab or expired), so the next settings
 * are the page's own. Any other failure leaves the Messenger as it is: the
 * endpoint's body says why.
 */
export async function askProof(endpoint: string, fetchProof: typeof fetch): Promise<Answer> {
  const request = proofRequest(endpoint);
  const response = await fetchProof(request.url, request.init);
  if (response.status === 401) return (base) => base;
  if (!response.ok) return null;
  let body: ProofBody;
  try {
    body = (await response.json()) as ProofBody;
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  return (base) => settingsOfProof(base, body);
}
