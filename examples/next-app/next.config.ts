import { withIntercomIdentity } from '@intercom-identity/next/config';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  cacheComponents: true,
  partialPrefetching: true,
  async headers() {
    // The app icon carries no proof, so a CDN may keep it for a day. The same
    // header on a page with <IntercomMessenger /> would fail `next build`
    // (SIGNED_PAGE_CACHEABLE): withIntercomIdentity checks these rules.
    return [{ source: '/icon.svg', headers: [{ key: 'CDN-Cache-Control', value: 'max-age=86400' }] }];
  },
};

export default withIntercomIdentity(nextConfig, { cacheableSources: ['/icon.svg'] });
