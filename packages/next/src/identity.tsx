import {
  createMobileHandler,
  type EnvSource,
  type Identity,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  type IntercomSettings,
  type IntercomUser,
  isIntercomIdentityError,
  type Logger,
} from '@intercom-identity/core';
import { headers } from 'next/headers.js';
import { connection } from 'next/server.js';
import { type ReactElement, Suspense } from 'react';
import { IntercomMessengerSync } from './client/index.js';
import { createEnvCache } from './env.js';
import { logFailure } from './log.js';
import { readNonce } from './nonce.js';

/** Options of {@link createIntercomIdentity}: `getUser`, plus any config field to override the env. */
export interface NextIntercomIdentityOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of the current request, or null for a visitor. Read your
   * session here (`cookies()`, Auth.js `auth()`, ...); it runs per request, in
   * pages and in the route handlers.
   */
  getUser(): IntercomUser | null | undefined | Promise<IntercomUser | null | undefined>;
  /** Where `handlers` are mounted; the browser asks it for fresh JWTs. Default `/api/intercom-identity`. */
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
   * Async server component for the root layout: renders the signed boot script
   * for the user of this request and the client component that keeps the
   * Messenger in step. Makes the route dynamic (it reads the request headers).
   */
  IntercomMessenger(props: IntercomMessengerProps): Promise<ReactElement | null>;
  /** `GET` and `POST` for `app/api/intercom-identity/route.ts`: mobile proofs and JWT refresh. */
  handlers: { GET: RouteHandler; POST: RouteHandler };
}

const DEFAULT_ROUTE_PATH = '/api/intercom-identity';
const VISITOR = 'The Messenger booted as a visitor for this request.';

/**
 * Sets up Intercom Identity Verification for a Next.js App Router app. Call it
 * once (for example in `lib/intercom.ts`), render `<IntercomMessenger />` in the
 * root layout, and mount `handlers` at `app/api/intercom-identity/route.ts`.
 *
 * The config comes from `INTERCOM_APP_ID`, `INTERCOM_IDENTITY_SECRET` and the
 * other `INTERCOM_*` variables, read when a request arrives, never at build
 * time: one build serves any secret. Fields passed here win over the env.
 *
 * A bad user object (say, no id and no email) does not break the page: the
 * error's code and message are logged and the Messenger boots as a visitor.
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
 * export const { GET, POST } = intercom.handlers;
 * ```
 */
export function createIntercomIdentity(options: NextIntercomIdentityOptions): NextIntercomIdentity {
  if (typeof options !== 'object' || options === null || typeof options.getUser !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'createIntercomIdentity needs { getUser }: an async function that returns the signed-in user, or null for a visitor.',
    );
  const { getUser, routePath = DEFAULT_ROUTE_PATH, nonceHeader = 'x-nonce', env, ...config } = options;
  if (typeof routePath !== 'string' || !routePath.startsWith('/'))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      `routePath must be the path where the handlers are mounted, such as "${DEFAULT_ROUTE_PATH}".`,
    );
  const logger: Logger = config.logger ?? console;
  const readEnv = env ?? (() => process.env);

  const current = createEnvCache(
    readEnv,
    config,
    (identity) => createMobileHandler({ config: identity.config, getUser: () => getUser() }),
    (error) => logFailure(logger, error, 'The Messenger is not rendered until the setup is fixed.'),
  );

  // biome-ignore lint/correctness/noComponentHookFactories: the factory runs once, at module scope in lib/intercom.ts, never during a render.
  async function IntercomMessenger(props: IntercomMessengerProps): Promise<ReactElement | null> {
    // A request-time API before anything else: a page with a proof is never
    // prerendered, and the config is never read while `next build` runs.
    const requestHeaders = await headers();
    const setup = current();
    if (!setup.ok) return null;
    const { identity } = setup;
    const nonce = readNonce(requestHeaders, nonceHeader);
    const user = await getUser();

    let settings: IntercomSettings;
    try {
      settings = await identity.bootSettings(user, props?.settings);
    } catch (error) {
      // Never an unsigned identified user: the fallback is a visitor.
      logFailure(logger, error, VISITOR);
      settings = await visitorSettings(identity, props?.settings, logger);
    }
    const content = scriptContent(renderWithNonce(identity, settings, nonce, logger));
    return (
      <>
        <script
          data-intercom-identity=""
          nonce={content.nonce}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the core's script, escaped so no value can end it; inserted byte for byte.
          dangerouslySetInnerHTML={{ __html: content.body }}
          // Browsers hide a nonce attribute from the DOM once it is used.
          suppressHydrationWarning
        />
        <Suspense fallback={null}>
          <IntercomMessengerSync settings={settings} refreshUrl={routePath} />
        </Suspense>
      </>
    );
  }

  async function handle(request: Request): Promise<Response> {
    // Proofs belong to one request: never prerendered, never cached.
    await connection();
    const setup = current();
    if (!setup.ok) return setupProblem(setup.error);
    return setup.extra(request);
  }

  return { IntercomMessenger, handlers: { GET: handle, POST: handle } };
}

async function visitorSettings(
  identity: Identity,
  extra: Record<string, unknown> | undefined,
  logger: Logger,
): Promise<IntercomSettings> {
  if (extra === undefined) return identity.bootSettings(null);
  try {
    return await identity.bootSettings(null, extra);
  } catch (error) {
    logFailure(logger, error, 'The extra settings were left out.');
    return identity.bootSettings(null);
  }
}

function renderWithNonce(identity: Identity, settings: IntercomSettings, nonce: string | undefined, logger: Logger): string {
  if (nonce === undefined) return identity.renderScript(settings);
  try {
    return identity.renderScript(settings, { nonce });
  } catch (error) {
    if (!isIntercomIdentityError(error, 'NONCE_INVALID')) throw error;
    logFailure(logger, error, 'The boot script was rendered without a nonce.');
    return identity.renderScript(settings);
  }
}

const NONCE_ATTRIBUTE = / nonce="([^"]*)"/;

/** Splits the core's `<script ...>body</script>` so React can render it as an element. */
function scriptContent(script: string): { body: string; nonce: string | undefined } {
  const open = script.indexOf('>');
  const close = script.lastIndexOf('</script>');
  return { body: script.slice(open + 1, close), nonce: NONCE_ATTRIBUTE.exec(script.slice(0, open))?.[1] };
}

function setupProblem(error: unknown): Response {
  const body = isIntercomIdentityError(error)
    ? { code: error.code, message: error.message }
    : { code: 'SETTINGS_INVALID', message: 'The Intercom setup could not be read. Check the server log.' };
  return new Response(JSON.stringify({ error: body }), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
