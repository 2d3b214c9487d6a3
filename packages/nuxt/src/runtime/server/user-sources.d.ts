// Generated per app by the module: the app's resolver and nuxt-auth-utils' session reader, when there are.
declare module '#intercom-identity/user-sources' {
  import type { UserSources } from './logic.js';
  export const resolveUser: UserSources['resolveUser'];
  export const getUserSession: UserSources['getUserSession'];
}
