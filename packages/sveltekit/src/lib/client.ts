/**
 * @intercom-identity/sveltekit/client: the browser side of the SvelteKit
 * adapter. It holds no secret and signs nothing; it is a thin wrapper around
 * `@intercom-identity/core/client`.
 *
 * @packageDocumentation
 */
export type { ClientSettings } from '@intercom-identity/core/client';
export { default as IntercomSync } from './IntercomSync.svelte';
export {
  type IntercomSync as IntercomSyncHandle,
  type IntercomSyncOptions,
  shutdownIntercom,
  startIntercomSync,
} from './sync.js';
