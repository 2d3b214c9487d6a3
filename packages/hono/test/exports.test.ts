import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPORTS = [
  'IntercomIdentityError',
  'expireIntercomSession',
  'intercomIdentity',
  'intercomProofEndpoint',
  'isIntercomIdentityError',
  'userFromContext',
];

describe('public exports of the built package', () => {
  it('exports exactly the pinned names', async () => {
    const mod = await import(new URL('../dist/index.js', import.meta.url).href);
    expect(Object.keys(mod).sort()).toEqual(EXPORTS);
  });

  it('imports only hono and the core: no Node built-in, no process, so it runs on any runtime Hono runs on', () => {
    const source = dist('index.js');
    const imported = [...source.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
    const reexported = [...source.matchAll(/^export\b[^'"]*\bfrom\s*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
    expect([...new Set([...imported, ...reexported])].sort()).toEqual(['@intercom-identity/core', 'hono/adapter', 'hono/route']);
    expect(source).not.toMatch(/\bprocess\b|\brequire\(|node:/);
  });

  it('ships no tests', () => {
    expect(readdirSync(new URL('../dist/', import.meta.url)).filter((file) => /test|worker/.test(file))).toEqual([]);
  });
});
