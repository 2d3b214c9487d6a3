import type { RenderedBoot } from '@intercom-identity/hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { ConsentBanner } from './consent-banner.js';
import type { DemoUser } from './demo-users.js';

interface LayoutProps {
  title: string;
  /** The Messenger's boot for this request (c.var.intercom): null when the Intercom setup is broken. */
  intercom: RenderedBoot | null;
  user: DemoUser | null;
  /** The CSP nonce of this response. */
  nonce: string | undefined;
  children?: Child;
}

/** The page shell. The client script swaps `#page` on client-side navigation. */
export function Layout(props: LayoutProps) {
  const { user } = props;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title} · Hono example</title>
          {/* Signed on the server for the user of this request; the core made it safe to print as it is. */}
          {raw(props.intercom?.html ?? '')}
          <script type="module" src="/assets/client.js" nonce={props.nonce} />
        </head>
        <body>
          {/* Outside #page: a client-side navigation keeps the banner. */}
          <ConsentBanner />
          <main id="page">
            <nav>
              <a href="/" data-nav>
                Home
              </a>{' '}
              ·{' '}
              <a href="/account" data-nav>
                Account
              </a>
            </nav>
            {user ? (
              <p data-testid="session">
                Signed in as <strong>{user.name}</strong> ({user.user_id ?? user.email}).{' '}
                <button type="button" data-logout>
                  Log out
                </button>
              </p>
            ) : (
              <p data-testid="session">
                Not signed in (the Messenger boots as a visitor). Sign in as <a href="/demo/login?as=alice">Alice</a> or{' '}
                <a href="/demo/login?as=bob">Bob</a>.
              </p>
            )}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
