import {
  createIntercomAdapter,
  type EnvSource,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  type MaybeUser,
} from '@intercom-identity/core';
import { headers } from 'next/headers.js';
import { connection } from 'next/server.js';
import { type ReactElement, Suspense } from 'react';
import { IntercomSync } from './client/index.js';
import { readNonce } from './nonce.js';

/** Options of {@link createIntercomIdentity}: `getUser`, plus any config field to override the env. */
export interface NextIntercomIdentityOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of the current request, or null for a visitor. Read your
   * session here (`cookies()`, Auth.js `auth()`, ...); it runs per request, in
   * pages and in the route handlers.
   */
  getUser(): MaybeUser | Promise<MaybeUser>;
  /** Where `proofEndpoint` is mounted; the browser asks it for fresh JWTs. Default `/api/intercom-identity`. */
  routePath?: string;
  /** The request header your proxy puts the CSP nonce in. Default `x-nonce`. */
  nonceHeader?: string;
  /** Where the `INTERCOM_*` variables are read, per request. Default `process.env`. */
  env?: () => EnvSource;
}

/** Props of the `IntercomMessenger` server component. */
export interface IntercomMessengerProps {
  /** Extra Messenger settings for every page under this layout, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
}

/** A route handler: a standard Request in, a standard Response out. */
export type RouteHandler = (request: Request) => Promise<Response>;

/** What {@link createIntercomIdentity} returns. */
export interface NextIntercomIdentity {
  /**
   * Server component for the root layout: renders the signed boot script for
   * the user of this request and the client component that keeps the Messenger
   * in step. It brings its own `<Suspense>` boundary around the part that reads
   * the request, so the proof is only ever in the part rendered per request:
   * with Cache Components the rest of the page can still be prerendered into
   * the static shell; without them the route is rendered per request.
   */
  IntercomMessenger(props: IntercomMessengerProps): ReactElement;
  /**
   * The proof endpoint: `GET` and `POST` for `app/api/intercom-identity/route.ts` (mobile proofs, JWT refresh).
   * `OPTIONS` answers the CORS preflight of a front end on another origin that
   * INTERCOM_IDENTITY_ALLOWED_ORIGINS lists: export it too when you have one.
   */
  proofEndpoint: { GET: RouteHandler; POST: RouteHandler; OPTIONS: RouteHandler };
  /** @deprecated Renamed `proofEndpoint`; the old name goes in the next minor version. */
  handlers: { GET: RouteHandler; POST: RouteHandler; OPTIONS: RouteHandler };
  /**
   * The server's half of a logout, for the route that ends the session: adds to
   * `response` the `Set-Cookie` lines that expire the Messenger's session cookie
   * (`intercom-session-{app_id}`, host-only and on each domain of the request's
   * host, path `/`), so the next person on this browser cannot get the last
   * user's conversations even when the page's shutdown never ran. Returns `response`.
   */
  expireIntercomSession<R extends Response>(request: Request, response: R): R;
}

const DEFAULT_ROUTE_PATH = '/api/intercom-identity';

/**
 * Sets up Intercom Identity Verification for a Next.js App Router app. Call it
 * once (for example in `lib/intercom.ts`), render `<IntercomMessenger />` in the
 * root layout, and mount `proofEndpoint` at `app/api/intercom-identity/route.ts`.
 *
 * The config comes from `INTERCOM_APP_ID`, `INTERCOM_IDENTITY_SECRET` and the
 * other `INTERCOM_*` variables, read when a request arrives, never at build
 * time: one build serves any secret. Fields passed here win over the env.
 *
 * A failing `getUser` or a bad user object never breaks the page: the error's
 * code is logged (`SESSION_LOOKUP_FAILED`, `USER_INVALID`, ...) and the
 * Messenger boots as a visitor, as in every adapter.
 *
 * @example
 * ```tsx
 * // lib/intercom.ts
 * import { createIntercomIdentity } from '@intercom-identity/next';
 * import { getSession } from './session';
 *
 * export const intercom = createIntercomIdentity({
 *   getUser: async () => {
 *     const session = await getSession();
 *     return session ? { user_id: session.id, email: session.email, name: session.name } : null;
 *   },
 * });
 * export const { IntercomMessenger } = intercom;
 *
 * // app/api/intercom-identity/route.ts
 * export const { GET, POST } = intercom.proofEndpoint;
 * ```
 */
export function createIntercomIdentity(options: NextIntercomIdentityOptions): NextIntercomIdentity {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'createIntercomIdentity needs { getUser }: an async function that returns the signed-in user, or null for a visitor.',
    );
  const { routePath = DEFAULT_ROUTE_PATH, nonceHeader = 'x-nonce', getUser, ...rest } = options;
  if (typeof routePath !== 'string' || !routePath.startsWith('/'))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      `routePath must be the path where the proof endpoint is mounted, such as "${DEFAULT_ROUTE_PATH}".`,
    );
  // Next's getUser reads the request through cookies() and headers(): it takes no argument.
  const intercom = createIntercomAdapter<void>(
    { ...rest, getUser: typeof getUser === 'function' ? () => getUser() : getUser },
    { name: 'createIntercomIdentity', env: () => process.env },
  );

  // biome-ignore lint/correctness/noComponentHookFactories: the factory runs once, at module scope in lib/intercom.ts, never during a render.
  function IntercomMessenger(props: IntercomMessengerProps): ReactElement {
    // The boundary is the line between the prerendered shell and the part
    // rendered per request. With Cache Components, a request-time API outside
    // a boundary fails `next build`; inside it, the shell holds only the empty
    // fallback, and the boot script streams in with the response. Without
    // Cache Components, the request-time API makes the whole route dynamic.
    return (
      <Suspense fallback={null}>
        <IntercomBoot settings={props?.settings} />
      </Suspense>
    );
  }

  // biome-ignore lint/correctness/noComponentHookFactories: defined once per createIntercomIdentity call, like IntercomMessenger.
  async function IntercomBoot(props: IntercomMessengerProps): Promise<ReactElement | null> {
    // A request-time API before anything else: the proof is never part of a
    // prerender, and the config is never read while `next build` runs.
    const requestHeaders = await headers();
    const boot = await intercom.boot(undefined, { settings: props.settings, nonce: readNonce(requestHeaders, nonceHeader) });
    if (boot === null) return null;
    return (
      <>
        <script
          data-intercom-identity={boot.attributes['data-intercom-identity']}
          nonce={boot.attributes.nonce}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the core's script, escaped so no value can end it; inserted byte for byte.
          dangerouslySetInnerHTML={{ __html: boot.body }}
          // Browsers hide a nonce attribute from the DOM once it is used.
          suppressHydrationWarning
        />
        {/* Inside IntercomMessenger's boundary, which useSearchParams() needs. */}
        <IntercomSync settings={boot.settings} refreshUrl={routePath} />
      </>
    );
  }

  async function endpoint(request: Request): Promise<Response> {
    // Proofs belong to one request: never prerendered, never cached.
    await connection();
    return intercom.proofEndpoint(request, undefined);
  }

  function expireIntercomSession<R extends Response>(request: Request, response: R): R {
    const host = request.headers.get('host') ?? new URL(request.url).host;
    for (const cookie of intercom.logoutCookies({ cookie: request.headers.get('cookie'), host }))
      response.headers.append('set-cookie', cookie.header);
    return response;
  }

  const proofEndpoint = { GET: endpoint, POST: endpoint, OPTIONS: endpoint };
  return { IntercomMessenger, proofEndpoint, handlers: proofEndpoint, expireIntercomSession };
}
