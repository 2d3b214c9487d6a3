import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';

describeExampleContract({
  ...EXAMPLES.next,
  mobilePlatform: 'ios',
  // The same pages rendered on the Edge runtime (Web Crypto signing).
  variants: [
    { label: 'Node.js runtime', prefix: '' },
    { label: 'Edge runtime', prefix: '/edge' },
  ],
});
