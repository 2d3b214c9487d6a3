import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/lib/session';
import { LogoutButton } from './logout-button';

/** The frame of every demo page: who is signed in, the demo login, and the links between pages. */
export async function Shell({ title, base, children }: { title: string; base: '' | '/edge'; children: ReactNode }) {
  const user = await currentUser();
  return (
    <main>
      <nav>
        <Link href={base === '' ? '/' : base}>Home</Link> · <Link href={`${base}/account`}>Account</Link>
        {' · '}
        {base === '' ? <Link href="/edge">Edge runtime</Link> : <Link href="/">Node.js runtime</Link>}
      </nav>
      <h1>{title}</h1>
      {user === null ? (
        <p data-testid="session">
          Not signed in (the Messenger boots as a visitor). Sign in as <a href="/demo/login?as=alice">Alice</a> or{' '}
          <a href="/demo/login?as=bob">Bob</a>.
        </p>
      ) : (
        <p data-testid="session">
          Signed in as <strong>{user.name}</strong> ({user.user_id ?? user.email}). <LogoutButton />
        </p>
      )}
      {children}
    </main>
  );
}
