import { IntercomIdentityError } from '@intercom-identity/core';

/** Where the proof endpoint is mounted unless the `route` option says otherwise. */
export const DEFAULT_ROUTE = '/api/intercom-identity';

/**
 * Checks the options that only the module reads (the config fields are checked
 * by the core at run time) and returns the endpoint's route. Bad options throw
 * HANDLER_OPTIONS_INVALID, as every adapter's do.
 */
export function checkModuleOptions(options: { route?: unknown; resolveUser?: unknown }): string | false {
  const route = options.route ?? DEFAULT_ROUTE;
  if (route !== false && (typeof route !== 'string' || !route.startsWith('/')))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      `intercomIdentity.route must be a path such as "${DEFAULT_ROUTE}", or false for no endpoint.`,
    );
  if (options.resolveUser !== undefined && typeof options.resolveUser !== 'string')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      "intercomIdentity.resolveUser must be the path of a server file, such as '~~/server/intercom-user'.",
    );
  return route;
}
