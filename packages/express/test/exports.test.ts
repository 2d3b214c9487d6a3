import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPORTS = [
  'IntercomIdentityError',
  'expireIntercomSession',
  'intercomIdentity',
  'intercomProofEndpoint',
  'isIntercomIdentityError',
];

describe('public exports of the built package', () => {
  it('the entry exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(EXPORTS);
  });

  it('imports Express only for its types, so the app brings its own Express 4 or 5', () => {
    const source = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ["']express["']/);
    expect(source).toMatch(/from ["']@intercom-identity\/core["']/);
  });

  it('ships no tests', () => {
    expect(readdirSync(new URL('../dist/', import.meta.url)).filter((f) => /test/.test(f))).toEqual([]);
  });
});
