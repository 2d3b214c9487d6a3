// The size of the browser sync: every adapter's client JS, bundled as an app
// bundles it (see scripts/size-lib.mjs, which `pnpm size` prints as a table).
// The budget is 2 KB gzipped for what the page loads with the sync (a chunk it
// loads later with import(), on the first token refresh, is reported apart).
// A sync that meets it is held to it; the others are held at the ceiling they
// were last measured at, so none grows. It measures the built packages: the
// unit lane runs after `pnpm build`.
import { beforeAll, describe, expect, it } from 'vitest';
import { measureSync, missingBuilds, SYNC_BUDGET_GZIPPED, SYNCS } from '../../../scripts/size-lib.mjs';

describe('the browser sync of each adapter', () => {
  beforeAll(() => {
    const missing = missingBuilds();
    if (missing.length > 0) throw new Error(`Run \`pnpm build\` first: ${missing.join(', ')} is missing.`);
  });

  it.each(SYNCS.map((sync) => [sync.adapter, sync] as const))(
    '%s: no larger than its budget or ceiling gzipped, the core bundled in and no framework code',
    async (_adapter, sync) => {
      const measure = await measureSync(sync);
      // What is measured is our code: the core's client entry, and nothing from node_modules (the app's framework).
      expect(measure.inputs).toContain('packages/core/dist/client.js');
      expect(measure.inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
      expect(SYNC_BUDGET_GZIPPED).toBe(2048);
      const limit = sync.heldToBudget === true ? SYNC_BUDGET_GZIPPED : sync.ceiling;
      expect(measure.gzipped, `${measure.gzipped} bytes gzipped (${measure.minified} minified)`).toBeLessThanOrEqual(limit);
    },
  );

  it('the token refresh is a chunk of its own, loaded later: it is not in what the page loads first', async () => {
    const core = SYNCS.find((sync) => sync.heldToBudget === true);
    if (core === undefined) throw new Error('No sync is held to the budget.');
    const measure = await measureSync(core);
    expect(measure.inputs).toContain('packages/core/dist/refresh.js');
    expect(measure.lazyGzipped).toBeGreaterThan(0);
    expect(measure.gzipped).toBeLessThanOrEqual(SYNC_BUDGET_GZIPPED);
  });
});
