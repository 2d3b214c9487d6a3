import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPECTED = ['runCli', 'runDoctor'];

describe('public exports of the built package', () => {
  it('exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED);
  });
});
