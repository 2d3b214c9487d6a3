import { intercomSettings } from '@intercom-identity/sveltekit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => ({
  user: event.locals.user,
  // The same signed settings as the page's boot script; after refreshAll()
  // they tell the browser who is signed in now.
  intercom: await intercomSettings(event),
});
