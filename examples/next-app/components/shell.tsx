import Link from 'next/link';
import { type ReactNode, Suspense } from 'react';
import { currentUser } from '@/lib/session';
import { LogoutLink } from './logout-link';

/** The frame of every demo page: the links between pages, who is signed in, and the demo login. */
export function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main>
      <nav>
        <Link href="/">Home</Link> · <Link href="/account">Account</Link>
      </nav>
      <h1>{title}</h1>
      {/* Reads the session cookie: rendered per request, after the prerendered frame. */}
      <Suspense fallback={<p data-testid="session">Checking who is signed in…</p>}>
        <SessionStatus />
      </Suspense>
      {children}
    </main>
  );
}

async function SessionStatus() {
  const user = await currentUser();
  if (user === null)
    return (
      <p data-testid="session">
        Not signed in (the Messenger boots as a visitor). Sign in as <a href="/demo/login?as=alice">Alice</a> or{' '}
        <a href="/demo/login?as=bob">Bob</a>.
      </p>
    );
  return (
    <p data-testid="session">
      Signed in as <strong>{user.name}</strong> ({user.user_id ?? user.email}). <LogoutLink />
    </p>
  );
}
