import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const load = (file: string) => import(new URL(`../dist/${file}`, import.meta.url).href);

/** The modules a built file imports or re-exports from. */
function importsOf(source: string): string[] {
  const imported = [...source.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  const reexported = [...source.matchAll(/^export\b[^'"]*\bfrom\s*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  return [...new Set([...imported, ...reexported])].sort();
}

// The public API is pinned: changing it must be a deliberate edit of these lists.
describe('public exports of the built package', () => {
  it('the server entry exports exactly the pinned names, the integration as its default', async () => {
    const mod = await load('index.js');
    expect(Object.keys(mod).sort()).toEqual([
      'IntercomIdentityError',
      'default',
      'expireIntercomSession',
      'intercomIdentity',
      'intercomMiddleware',
      'intercomProofEndpoint',
      'isIntercomIdentityError',
      'userFromLocals',
    ]);
    expect(mod.default).toBe(mod.intercomIdentity);
  });

  it('the client entry exports exactly the pinned names, and imports nothing but the core’s client entry', async () => {
    expect(Object.keys(await load('client.js')).sort()).toEqual([
      'grantIntercomConsent',
      'intercomConsent',
      'onIntercomConsent',
      'settingsOfBootScript',
      'shutdownIntercom',
      'startIntercomSync',
      'withdrawIntercomConsent',
    ]);
    // The server entry signs with the secret: it must never reach a browser bundle.
    expect(importsOf(dist('client.js'))).toEqual(['@intercom-identity/core/client']);
  });

  it('the proof route module is an on-demand endpoint for every method', async () => {
    const mod = await load('proof-route.js');
    expect(Object.keys(mod).sort()).toEqual(['ALL', 'prerender']);
    expect(mod.prerender).toBe(false);
  });

  it('the server entries import only the core at run time (Node built-ins only inside the integration’s build hook)', () => {
    expect(importsOf(dist('index.js'))).toEqual(['@intercom-identity/core']);
    expect(importsOf(dist('proof-route.js'))).toEqual(['@intercom-identity/core']);
  });

  it('ships no tests', () => {
    expect(readdirSync(new URL('../dist/', import.meta.url)).filter((file) => /test|fixture/.test(file))).toEqual([]);
  });
});
