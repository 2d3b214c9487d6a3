// @vitest-environment happy-dom
import { type ClientSettings, createIntercomSync } from '@intercom-identity/core/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControls } from '../src/runtime/controls.js';

type Win = typeof window & { Intercom?: (...args: unknown[]) => void; intercomSettings?: ClientSettings };
const w = window as Win;
let calls: unknown[][];

const VISITOR: ClientSettings = { app_id: 'abc123', api_base: 'https://api-iam.intercom.io' };
const ALICE: ClientSettings = { ...VISITOR, user_id: 'u_1001', email: 'alice@example.com', user_hash: 'a'.repeat(64) };

function answer(status: number, body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  calls = [];
  w.Intercom = (...args: unknown[]) => calls.push(args);
});
afterEach(() => {
  delete w.intercomSettings;
  delete w.Intercom;
});

function controlsFor(settings: ClientSettings, fetcher: typeof fetch) {
  w.intercomSettings = settings;
  const sync = createIntercomSync({ fetch: fetcher });
  return { sync, controls: createControls(sync) };
}

describe('useIntercomSync() controls', () => {
  it('refresh() after a sign-in without a page load boots the Messenger as the new person', async () => {
    const requested: string[] = [];
    const { controls, sync } = controlsFor(VISITOR, async (url) => {
      requested.push(String(url));
      return answer(200, {
        type: 'user_hash',
        platform: 'web',
        user_id: 'u_1001',
        email: 'alice@example.com',
        user_hash: 'b'.repeat(64),
      })(url);
    });
    await controls.refresh();
    expect(requested).toEqual(['/api/intercom-identity?platform=web']);
    expect(calls).toEqual([
      ['shutdown'],
      ['boot', { ...VISITOR, user_id: 'u_1001', email: 'alice@example.com', user_hash: 'b'.repeat(64) }],
    ]);
    sync.dispose();
  });

  it('refresh() when the same person is still signed in changes nothing', async () => {
    const { controls, sync } = controlsFor(
      ALICE,
      answer(200, { type: 'user_hash', user_id: 'u_1001', user_hash: 'a'.repeat(64) }),
    );
    await controls.refresh();
    expect(calls).toEqual([]);
    sync.dispose();
  });

  it('refresh() after the session ended elsewhere (401) boots a visitor', async () => {
    const { controls, sync } = controlsFor(ALICE, answer(401, { error: { code: 'NO_SESSION' } }));
    await controls.refresh();
    expect(calls).toEqual([['shutdown'], ['boot', VISITOR]]);
    sync.dispose();
  });

  it('refresh() leaves the Messenger alone when the endpoint fails', async () => {
    const { controls, sync } = controlsFor(ALICE, answer(400, { error: { code: 'SECRET_MISSING' } }));
    await controls.refresh();
    expect(calls).toEqual([]);
    sync.dispose();
  });

  it('shutdown() shuts the Messenger down and forgets the user in the page', () => {
    const { controls, sync } = controlsFor(ALICE, answer(500, {}));
    controls.shutdown();
    expect(calls).toEqual([['shutdown']]);
    expect(w.intercomSettings).toEqual(VISITOR);
    sync.dispose();
  });

  it('update() tells the Messenger about a navigation', () => {
    const { controls, sync } = controlsFor(ALICE, answer(500, {}));
    controls.update();
    expect(calls).toEqual([['update']]);
    sync.dispose();
  });

  it('without the client plugin (on the server) nothing throws and nothing is sent', async () => {
    const controls = createControls(undefined);
    controls.update();
    controls.apply(ALICE);
    await controls.refresh();
    expect(calls).toEqual([]);
  });
});
