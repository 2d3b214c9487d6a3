import { Shell } from '@/components/shell';

// The same page on the Edge runtime: the core signs with Web Crypto there.
export const runtime = 'edge';

export default function EdgeHomePage() {
  return (
    <Shell title="Home (Edge runtime)" base="/edge">
      <p>This page and its layout render on the Edge runtime; the Messenger boots exactly as on the Node.js pages.</p>
    </Shell>
  );
}
