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
export { proofRequest, settingsOfProof } from './proof.js';
