/**
 * The code of the `#intercom-identity/user-sources` server module: the app's
 * resolver when the `resolveUser` option names one, and nuxt-auth-utils'
 * `getUserSession` when that module is installed; `undefined` otherwise.
 */
export function userSourcesModule(paths: { resolveUser?: string | undefined; getUserSession?: string | undefined }): string {
  const lines: string[] = [];
  if (paths.resolveUser) lines.push(`export { default as resolveUser } from ${JSON.stringify(paths.resolveUser)};`);
  else lines.push('export const resolveUser = undefined;');
  if (paths.getUserSession) lines.push(`export { getUserSession } from ${JSON.stringify(paths.getUserSession)};`);
  else lines.push('export const getUserSession = undefined;');
  return `${lines.join('\n')}\n`;
}
