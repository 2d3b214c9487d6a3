// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

// The public API is pinned: changing it must be a deliberate edit of these lists.
const MAIN = [
  'IntercomIdentityProvider',
  'fromMessengerJsSdk',
  // The consent gate, for a consent banner or the site's consent tool.
  'grantIntercomConsent',
  'intercomConsent',
  'onIntercomConsent',
  'shutdownIntercom',
  'useIntercomConsent',
  'useIntercomIdentity',
  'withdrawIntercomConsent',
];
const REACT_USE_INTERCOM = ['IntercomProvider', 'fromReactUseIntercom'];

describe('public exports of the built package', () => {
  it.each([
    ['@intercom-identity/react', 'index.js', MAIN],
    ['@intercom-identity/react/react-use-intercom', 'react-use-intercom.js', REACT_USE_INTERCOM],
  ])('%s (dist/%s) exports exactly the pinned names', async (_entry, file, names) => {
    expect(Object.keys(await import(/* @vite-ignore */ `../dist/${file}`)).sort()).toEqual(names);
  });

  it('both entries share one provider, so useIntercomIdentity() finds the one react-use-intercom’s IntercomProvider renders', () => {
    const chunk = /from "(\.\/chunk-[\w-]+\.js)"/;
    expect(dist('index.js').match(chunk)?.[1]).toBeDefined();
    expect(dist('react-use-intercom.js').match(chunk)?.[1]).toBe(dist('index.js').match(chunk)?.[1]);
  });

  it('the entries start with "use client", and import the core only through its browser entry', () => {
    for (const file of ['index.js', 'react-use-intercom.js']) {
      expect(dist(file).split('\n')[0]).toBe('"use client";');
      const cores = [...dist(file).matchAll(/from "(@intercom-identity\/core[^"]*)"/g)].map((match) => match[1]);
      expect(cores.every((path) => path === '@intercom-identity/core/client')).toBe(true);
    }
  });

  it('only the react-use-intercom entry imports react-use-intercom (the other SDK’s users need not install it)', () => {
    expect(dist('index.js')).not.toContain('react-use-intercom');
    expect(dist('react-use-intercom.js')).toContain('from "react-use-intercom"');
  });
});
