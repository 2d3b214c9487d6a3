import type { RouterContextProvider } from 'react-router';

/**
 * The part of a loader's, action's or middleware's arguments this package
 * reads: the request, and the router context the app's middleware fills.
 */
export interface RequestArgs {
  request: Request;
  context: Readonly<RouterContextProvider>;
}
