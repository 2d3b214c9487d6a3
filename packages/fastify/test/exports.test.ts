import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPORTS = ['IntercomIdentityError', 'intercomIdentity', 'isIntercomIdentityError', 'userFromRequest'];

describe('public exports of the built package', () => {
  it('dist/index.js exports exactly the pinned names', async () => {
    expect(Object.keys(await import('../dist/index.js')).sort()).toEqual(EXPORTS);
  });

  it("the built types declare the reply decorators on Fastify's FastifyReply", () => {
    const types = readFileSync(new URL('../dist/index.d.ts', import.meta.url), 'utf8');
    expect(types).toContain("declare module 'fastify'");
    expect(types).toMatch(
      /interface FastifyReply \{[\s\S]*intercomBoot\(options\?: IntercomBootOptions\): Promise<RenderedBoot \| null>;[\s\S]*expireIntercomSession\(\): void;/,
    );
  });
});
