import { createIntercomSync, type IntercomSync, settingsOfBootScript } from '@intercom-identity/core/client';
import { type ReactElement, useContext, useEffect, useRef } from 'react';
import { UNSAFE_FrameworkContext, useLocation } from 'react-router';
import type { IntercomBoot } from './boot.js';

/** Props of {@link IntercomScript}. */
export interface IntercomScriptProps {
  /** The boot the root loader returned (`intercomSettings(context)`); nothing is rendered without one. */
  boot: IntercomBoot | null | undefined;
  /**
   * The CSP nonce of this response. Default: the nonce of `<ServerRouter nonce>`
   * in `app/entry.server.tsx`, which React Router's own `<Scripts>` and
   * `<Links>` take too. The Messenger's own script gets it as well.
   */
  nonce?: string | undefined;
  /** Where the proof endpoint is mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string | undefined;
}

/**
 * The Messenger's boot script, for the `<head>` of the root `Layout`, and the
 * browser sync that keeps the Messenger in step with the app:
 *
 * - The server renders the signed boot script of the request, with the nonce.
 * - After a client-side navigation: `Intercom('update')` (quick ones share one
 *   update per 30 seconds, within Intercom's budget of 20 per 30 minutes).
 * - After a revalidation that names another person (a login or logout
 *   action): a shutdown, then a boot as them. In JWT mode, a fresh token from
 *   the proof endpoint before the current one expires.
 *
 * Renders nothing when `boot` is null or undefined (a broken setup, a
 * prerendered page, an error page without the root loader's data).
 *
 * @example
 * ```tsx
 * // app/root.tsx
 * import { IntercomScript } from '@intercom-identity/react-router';
 * export function Layout({ children }: { children: React.ReactNode }) {
 *   const data = useRouteLoaderData<typeof loader>('root');
 *   return (
 *     <html lang="en">
 *       <head>
 *         <Meta />
 *         <Links />
 *         <IntercomScript boot={data?.intercom} />
 *       </head>
 *       <body>
 *         {children}
 *         <Scripts />
 *       </body>
 *     </html>
 *   );
 * }
 * ```
 */
export function IntercomScript({ boot, nonce, refreshUrl }: IntercomScriptProps): ReactElement | null {
  const location = useLocation();
  // As React Router's <Scripts> does: without a nonce of its own, the one <ServerRouter nonce> was given (on the server).
  const framework = useContext(UNSAFE_FrameworkContext);
  const scriptNonce = nonce || framework?.nonce || undefined;
  const where = `${location.pathname}${location.search}`;
  const sync = useRef<IntercomSync | null>(null);
  const lastPlace = useRef(where);
  // Compared by content: each revalidation sends a new object for the same script.
  const script = boot ? boot.script : null;

  // Effects run in the browser only, in this order: the sync exists before it is given settings.
  useEffect(() => {
    const created = createIntercomSync({ refreshUrl });
    sync.current = created;
    return () => {
      created.dispose();
      sync.current = null;
    };
  }, [refreshUrl]);

  useEffect(() => {
    const settings = script === null ? null : settingsOfBootScript(script);
    if (settings !== null) sync.current?.apply(settings);
  }, [script]);

  useEffect(() => {
    if (lastPlace.current === where) return;
    lastPlace.current = where;
    sync.current?.navigate();
  }, [where]);

  if (!boot) return null;
  return (
    <script
      data-intercom-identity=""
      nonce={scriptNonce}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the core's script, escaped on the server so no value can end it; inserted byte for byte.
      dangerouslySetInnerHTML={{ __html: boot.script }}
      // Browsers hide a nonce attribute from the DOM once it is used; React does not run a script it inserts itself.
      suppressHydrationWarning
    />
  );
}
