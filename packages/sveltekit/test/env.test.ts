import { ENV_VARIABLES } from '@intercom-identity/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Which SvelteKit the app runs decides where the runtime env comes from; each
// test loads the module afresh for the version it pretends.
async function envModule(
  version: string,
  dynamicPrivate: () => { env: Record<string, string | undefined> },
  declaredModule?: Record<string, unknown>,
) {
  vi.resetModules();
  vi.doMock('@sveltejs/kit', () => ({ VERSION: version }));
  vi.doMock('$env/dynamic/private', dynamicPrivate);
  // $app/env/private: an app's own exports, or the stand-in whose values tests set.
  if (declaredModule !== undefined) {
    vi.doMock('$app/env/private', () => declaredModule);
    return { ...(await import('../src/lib/env.js')), setDeclared: () => {} };
  }
  const { setDeclared } = await import('./stubs/app-env-private.js');
  return { ...(await import('../src/lib/env.js')), setDeclared };
}

afterEach(() => {
  vi.doUnmock('@sveltejs/kit');
  vi.doUnmock('$env/dynamic/private');
  vi.doUnmock('$app/env/private');
  delete process.env.INTERCOM_REGION;
});

describe('runtimeEnv', () => {
  it('SvelteKit 3: the variables of src/env.ts, then process.env; $env/dynamic/private is never loaded (it warns there)', async () => {
    const loaded = vi.fn(() => ({ env: { INTERCOM_APP_ID: 'fromdollarenv' } }));
    const { loadRuntimeEnv, runtimeEnv, setDeclared } = await envModule('3.2.0', loaded);
    setDeclared({ INTERCOM_APP_ID: 'declared1' });
    process.env.INTERCOM_REGION = 'eu';
    await loadRuntimeEnv();
    expect(runtimeEnv()).toMatchObject({ INTERCOM_APP_ID: 'declared1', INTERCOM_REGION: 'eu' });
    expect(loaded).not.toHaveBeenCalled();
  });

  it('SvelteKit 2: $env/dynamic/private (with .env in dev) after the declared variables, before process.env', async () => {
    const { loadRuntimeEnv, runtimeEnv, setDeclared } = await envModule('2.70.4', () => ({
      env: {
        INTERCOM_APP_ID: 'fromdollarenv',
        INTERCOM_IDENTITY_MODE: 'jwt',
        INTERCOM_WIDGET_URL: 'http://127.0.0.1:1/{app_id}',
      },
    }));
    setDeclared({ INTERCOM_WIDGET_URL: 'http://127.0.0.1:2/{app_id}' });
    process.env.INTERCOM_IDENTITY_MODE = 'user_hash';
    process.env.INTERCOM_REGION = 'au';
    try {
      await loadRuntimeEnv();
      expect(runtimeEnv()).toMatchObject({
        INTERCOM_APP_ID: 'fromdollarenv',
        INTERCOM_IDENTITY_MODE: 'jwt',
        INTERCOM_REGION: 'au',
        INTERCOM_WIDGET_URL: 'http://127.0.0.1:2/{app_id}',
      });
    } finally {
      delete process.env.INTERCOM_IDENTITY_MODE;
    }
  });

  it('SvelteKit 2 with explicit environment variables, where $env/dynamic/private throws: the declared ones still work', async () => {
    const { loadRuntimeEnv, runtimeEnv, setDeclared } = await envModule('2.70.4', () => {
      throw new Error('Cannot import `$env/dynamic/private` when `experimental.explicitEnvironmentVariables` is enabled.');
    });
    setDeclared({ INTERCOM_APP_ID: 'declared2' });
    await expect(loadRuntimeEnv()).resolves.toBeUndefined();
    expect(runtimeEnv().INTERCOM_APP_ID).toBe('declared2');
  });
});

describe('runtimeEnv: consent and loading on demand', () => {
  it('INTERCOM_CONSENT and INTERCOM_LOAD come through like the other variables: declared in src/env.ts, or from process.env', async () => {
    // An app's src/env.ts that declares every INTERCOM_* variable, with only INTERCOM_CONSENT set.
    const declared = Object.fromEntries(
      ENV_VARIABLES.map((name) => [name, name === 'INTERCOM_CONSENT' ? 'required' : undefined]),
    );
    const { loadRuntimeEnv, runtimeEnv } = await envModule('3.2.0', () => ({ env: {} }), declared);
    process.env.INTERCOM_LOAD = 'interaction';
    try {
      await loadRuntimeEnv();
      expect(runtimeEnv()).toMatchObject({ INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' });
    } finally {
      delete process.env.INTERCOM_LOAD;
    }
  });
});

describe('undeclaredEnvHint', () => {
  it('on SvelteKit 3, names the variables src/env.ts does not declare; nothing on SvelteKit 2 or when they are declared', async () => {
    const kit3 = await envModule('3.2.0', () => ({ env: {} }), { INTERCOM_IDENTITY_SECRET: undefined });
    expect(kit3.undeclaredEnvHint()).toMatch(/src\/env\.ts declares.*declare INTERCOM_APP_ID there/);
    expect(kit3.undeclaredEnvHint()).not.toContain('INTERCOM_IDENTITY_SECRET there');
    const kit2 = await envModule('2.70.4', () => ({ env: {} }), {});
    expect(kit2.undeclaredEnvHint()).toBeUndefined();
    vi.doUnmock('$app/env/private');
    const declaredBoth = await envModule('3.2.0', () => ({ env: {} }));
    expect(declaredBoth.undeclaredEnvHint()).toBeUndefined();
  });
});

describe('runtimeEnv during a secret rotation', () => {
  it('reads the *_PREVIOUS secrets like the current ones', async () => {
    const { loadRuntimeEnv, runtimeEnv } = await envModule('2.20.0', () => ({
      env: { INTERCOM_IDENTITY_SECRET_PREVIOUS: 'from-dynamic-env' },
    }));
    process.env.INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS = 'from-process-env';
    try {
      await loadRuntimeEnv();
      expect(runtimeEnv()).toMatchObject({
        INTERCOM_IDENTITY_SECRET_PREVIOUS: 'from-dynamic-env',
        INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS: 'from-process-env',
      });
    } finally {
      delete process.env.INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS;
    }
  });
});
