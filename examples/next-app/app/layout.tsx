import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { IntercomMessenger } from '@/lib/intercom';
import './globals.css';

export const metadata: Metadata = {
  title: 'intercom-identity: Next.js example',
  description: 'Intercom Identity Verification in a Next.js App Router app.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        {/* Signs the boot payload for the user of each request and keeps the Messenger in step. */}
        <IntercomMessenger />
      </body>
    </html>
  );
}
