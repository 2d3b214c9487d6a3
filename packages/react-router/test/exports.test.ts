import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

// The public API is pinned: changing it must be a deliberate edit of these lists.
const BROWSER_EXPORTS = [
  'IntercomScript',
  'grantIntercomConsent',
  'intercomConsent',
  'onIntercomConsent',
  'shutdownIntercom',
  'withdrawIntercomConsent',
];
const SERVER_EXPORTS = [
  'IntercomIdentityError',
  'expireIntercomSession',
  'intercomMiddleware',
  'intercomProofEndpoint',
  'intercomSettings',
  'isIntercomIdentityError',
  'userContext',
  'userFromContext',
];

function importsOf(source: string): string[] {
  const imported = [...source.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  const reexported = [...source.matchAll(/^export\b[^'"]*\bfrom\s*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  return [...new Set([...imported, ...reexported])].sort();
}

describe('public exports of the built package', () => {
  it('the main entry exports exactly the pinned names', async () => {
    const mod = await import(new URL('../dist/index.js', import.meta.url).href);
    expect(Object.keys(mod).sort()).toEqual(BROWSER_EXPORTS);
  });

  it('the server entry exports exactly the pinned names', async () => {
    const mod = await import(new URL('../dist/server.js', import.meta.url).href);
    expect(Object.keys(mod).sort()).toEqual(SERVER_EXPORTS);
  });

  it('the main entry is browser-safe: only the core client entry, React and React Router', () => {
    const source = dist('index.js');
    expect(importsOf(source)).toEqual(['@intercom-identity/core/client', 'react', 'react-router', 'react/jsx-runtime']);
    expect(source).not.toMatch(/\bprocess\b|\brequire\(|node:/);
  });

  it('the server entry imports only the core and React Router, and nothing of Node', () => {
    const source = dist('server.js');
    expect(importsOf(source)).toEqual(['@intercom-identity/core', 'react-router']);
    expect(source).not.toMatch(/\brequire\(|node:/);
  });

  it('ships no tests', () => {
    expect(readdirSync(new URL('../dist/', import.meta.url)).filter((file) => /test/.test(file))).toEqual([]);
  });
});
