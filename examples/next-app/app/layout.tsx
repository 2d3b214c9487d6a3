import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ConsentBanner } from '@/components/consent-banner';
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
        {/* With INTERCOM_CONSENT=required: asks before the Messenger loads (your CMP's place). */}
        <ConsentBanner />
        {/* Signs the boot payload for the user of each request and keeps the Messenger in step. */}
        <IntercomMessenger />
      </body>
    </html>
  );
}
