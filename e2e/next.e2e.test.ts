import { fileURLToPath } from 'node:url';
import { describeExampleContract } from './contract.js';

describeExampleContract({
  name: 'next',
  dir: fileURLToPath(new URL('../examples/next-app', import.meta.url)),
  buildMarker: '.next/BUILD_ID',
  clientOutputDirs: ['.next/static'],
  mobilePlatform: 'ios',
  // The same pages rendered on the Edge runtime (Web Crypto signing).
  variants: [
    { label: 'Node.js runtime', prefix: '' },
    { label: 'Edge runtime', prefix: '/edge' },
  ],
});
