import { Shell } from '@/components/shell';

export const runtime = 'edge';

export default function EdgeAccountPage() {
  return (
    <Shell title="Account (Edge runtime)" base="/edge">
      <p>Another page on the Edge runtime.</p>
    </Shell>
  );
}
