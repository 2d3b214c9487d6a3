// The root route: the whole Intercom setup of the app is here and in two
// resource routes (api.intercom-identity.ts, demo.logout.ts). The middleware
// finds the session and signs the Messenger's boot for the user of each
// request; the loader hands it to <IntercomScript> in the <head>, which keeps
// the Messenger in step with client-side navigation. INTERCOM_APP_ID and
// INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID) are read from the server's
// environment per request, never at build time.
import { IntercomScript } from '@intercom-identity/react-router';
import { intercomMiddleware, intercomSettings, userContext } from '@intercom-identity/react-router/server';
import { type ReactNode, useEffect } from 'react';
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from 'react-router';
import type { Route } from './+types/root';
import { ConsentBanner } from './consent-banner';
import { LogoutButton } from './logout-button';
import { sessionMiddleware } from './session.server';
import { SwitchUser } from './switch-user';
import './app.css';

export const middleware: Route.MiddlewareFunction[] = [
  // Your authentication: it sets userContext to the signed-in user (null for a visitor).
  sessionMiddleware,
  // Signs userContext's user into the boot that the loader below returns.
  intercomMiddleware(),
];

export async function loader({ context }: Route.LoaderArgs) {
  const user = context.get(userContext);
  return {
    // Awaited here, not deferred: the cache headers of the response depend on it.
    intercom: await intercomSettings(context),
    // What the page shows of the session: no more than it prints.
    user: user === null ? null : { name: user.name ?? '', identifier: user.user_id ?? user.email ?? '' },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  // Undefined on an error page whose root loader failed: then there is no boot script.
  const data = useRouteLoaderData<typeof loader>('root');
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No icon file: the browser asks for none, so no /favicon.ico request renders (and signs) a 404 page. */}
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
        {/* Signed on the server for the user of this request; it carries the CSP nonce of <ServerRouter nonce>. */}
        <IntercomScript boot={data?.intercom} />
      </head>
      <body>
        {children}
        {/* With INTERCOM_CONSENT=required: asks before the Messenger loads (your CMP's place). */}
        <ConsentBanner />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  const { user } = loaderData;
  useEffect(() => {
    // Hydrated: React Router handles the links from now on (the end-to-end tests wait for this mark).
    document.documentElement.dataset.clientReady = 'true';
  }, []);
  return (
    <main>
      <nav>
        <Link to="/">Home</Link> · <Link to="/account">Account</Link>
      </nav>
      {user ? (
        <p data-testid="session">
          Signed in as <strong>{user.name}</strong> ({user.identifier}). <LogoutButton />
        </p>
      ) : (
        <p data-testid="session">
          {/* Plain links: the login is a resource route, which the browser loads as a document. */}
          Not signed in (the Messenger boots as a visitor). Sign in as <a href="/demo/login?as=alice">Alice</a> or{' '}
          <a href="/demo/login?as=bob">Bob</a>.
        </p>
      )}
      <SwitchUser />
      <Outlet />
    </main>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main>
      <title>{notFound ? 'Not found · React Router example' : 'Error · React Router example'}</title>
      <h1>{notFound ? 'Not found' : 'Something went wrong'}</h1>
      <p>
        <Link to="/">Back to the home page</Link>
      </p>
    </main>
  );
}
