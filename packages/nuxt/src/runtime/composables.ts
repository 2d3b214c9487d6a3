import type { IntercomSync } from '@intercom-identity/core/client';
import { useNuxtApp } from '#app';
import { createControls, type IntercomControls } from './controls.js';

export type { IntercomControls } from './controls.js';

/**
 * The browser sync of this page. The module keeps the Messenger in step with
 * navigation by itself; call `shutdown()` in your logout button, and
 * `refresh()` after a sign-in that does not load a page.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * const intercom = useIntercomSync();
 * function logout() {
 *   intercom.shutdown();
 *   window.location.assign('/logout');
 * }
 * </script>
 * ```
 */
export function useIntercomSync(): IntercomControls {
  return createControls((useNuxtApp() as { $intercomSync?: IntercomSync }).$intercomSync);
}

/** @deprecated Renamed {@link useIntercomSync}; the old name goes in the next minor version. */
export const useIntercom: () => IntercomControls = useIntercomSync;
