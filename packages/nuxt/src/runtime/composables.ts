import type { MessengerSync } from '@intercom-identity/core/client';
import { useNuxtApp, useRuntimeConfig } from '#app';
import { createControls, type IntercomControls } from './controls.js';

export type { IntercomControls } from './controls.js';

/**
 * The Messenger of this page. The module keeps it in step with navigation by
 * itself; call `shutdown()` in your logout button, and `refresh()` after a
 * sign-in that does not load a page.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * const intercom = useIntercom();
 * function logout() {
 *   intercom.shutdown();
 *   window.location.assign('/logout');
 * }
 * </script>
 * ```
 */
export function useIntercom(): IntercomControls {
  const sync = (useNuxtApp() as { $intercomIdentity?: MessengerSync }).$intercomIdentity;
  const route = (useRuntimeConfig().public.intercomIdentity as { route?: string | false } | undefined)?.route;
  return createControls(sync, route);
}
