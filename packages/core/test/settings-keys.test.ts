import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createIdentity, type IntercomSettings, type IntercomUser, resolveConfig } from '../src/index.js';
import { ALICE, APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };

function identityWith(logger = recordingLogger(), options: Parameters<typeof resolveConfig>[1] = {}) {
  return createIdentity(resolveConfig(env, { logger, ...options }));
}

/** What the browser sees: the whole boot script run in a fresh context, and window.intercomSettings read back. */
function runInBrowser(html: string): Record<string, unknown> {
  const body = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
  const element = () => ({ setAttribute() {}, appendChild() {} });
  const document = { createElement: element, head: element(), documentElement: element(), currentScript: null };
  const window: Record<string, unknown> = { document };
  runInNewContext(body, { window, document });
  return window.intercomSettings as Record<string, unknown>;
}

describe('near misses of reserved keys are refused', () => {
  const NEAR_MISSES = [
    'USER_ID',
    'user_id ',
    ' user_id',
    'User_Id',
    'EMAIL',
    'user_hash\t',
    'Intercom_User_JWT',
    'ｕｓｅｒ＿ｉｄ',
    'user_\u200Bid',
    'App_Id',
  ];

  it.each(NEAR_MISSES)('custom attribute %j: ATTRIBUTE_RESERVED, naming the field it is close to', async (key) => {
    const error = await errorOf(() => identityWith().bootSettings({ ...ALICE, custom_attributes: { [key]: 'u_victim' } }));
    expect(error.code).toBe('ATTRIBUTE_RESERVED');
    expect(error.message).toMatch(/near miss of "(user_id|email|user_hash|intercom_user_jwt|app_id)"/);
  });

  it.each(NEAR_MISSES)('extra setting %j: ATTRIBUTE_RESERVED', async (key) => {
    expect((await errorOf(() => identityWith().bootSettings(ALICE, { [key]: 'u_victim' }))).code).toBe('ATTRIBUTE_RESERVED');
    expect((await errorOf(() => identityWith().bootSettings(null, { [key]: 'u_victim' }))).code).toBe('ATTRIBUTE_RESERVED');
  });

  it('renderBoot leaves such settings out and logs the code', async () => {
    const logger = recordingLogger();
    const boot = await identityWith(logger).renderBoot(ALICE, { settings: { USER_ID: 'u_victim' } });
    expect(JSON.stringify(boot.settings)).not.toContain('u_victim');
    expect(logger.lines.some((line) => line.includes('ATTRIBUTE_RESERVED'))).toBe(true);
  });

  it('attribute names that only look alike stay allowed', async () => {
    const settings = await identityWith().bootSettings({ ...ALICE, custom_attributes: { user_id_legacy: 'x', Plan: 'pro' } });
    expect(settings).toMatchObject({ user_id_legacy: 'x', Plan: 'pro' });
  });
});

describe('extra settings never override a custom attribute of the user', () => {
  const user: IntercomUser = { ...ALICE, custom_attributes: { plan: 'pro', seats: 3 } };

  it('the user attribute wins; the setting is left out with one SETTINGS_OVERRIDE_ATTRIBUTE warning per key', async () => {
    const logger = recordingLogger();
    const identity = identityWith(logger);
    for (let i = 0; i < 3; i++) {
      const settings = await identity.bootSettings(user, { plan: 'free', alignment: 'left' });
      expect(settings.plan).toBe('pro');
      expect(settings.alignment).toBe('left');
    }
    await identity.bootSettings(user, { seats: 99 });
    const warnings = logger.lines.filter((line) => line.includes('SETTINGS_OVERRIDE_ATTRIBUTE'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^warn \[intercom-identity\] SETTINGS_OVERRIDE_ATTRIBUTE: .*"plan"/);
    expect(warnings[1]).toContain('"seats"');
  });

  it('a signed attribute cannot be contradicted in plain by an extra setting', async () => {
    const identity = identityWith(recordingLogger(), { mode: 'jwt', jwt: { signedAttributes: ['email', 'plan'] } });
    const settings = await identity.bootSettings(user, { plan: 'free' });
    expect(settings).not.toHaveProperty('plan');
    expect(settings.intercom_user_jwt).toBeTypeOf('string');
  });

  it('a visitor keeps its extra settings as they are', async () => {
    const logger = recordingLogger();
    expect((await identityWith(logger).bootSettings(null, { plan: 'free' })).plan).toBe('free');
    expect(logger.lines).toEqual([]);
  });
});

describe('prototype keys never reach window.intercomSettings', () => {
  const ATTACK = '{"__proto__":{"user_id":"u_victim","user_hash":"00"}}';

  it('bootSettings refuses __proto__ in the extra settings (as JSON.parse makes it): SETTINGS_INVALID', async () => {
    const extra = JSON.parse(ATTACK) as Record<string, unknown>;
    for (const user of [null, ALICE]) {
      const error = await errorOf(() => identityWith().bootSettings(user, extra));
      expect(error.code).toBe('SETTINGS_INVALID');
      expect(error.message).toContain('__proto__');
    }
  });

  it.each([
    ['__proto__', ATTACK],
    ['nested __proto__', `{"launcher":{"deep":${ATTACK}}}`],
    ['__proto__ in a list', `{"items":[${ATTACK}]}`],
    ['constructor', '{"constructor":{"prototype":{"user_id":"u_victim"}}}'],
    ['prototype', '{"x":{"prototype":1}}'],
  ])('extra settings with %s: refused', async (_what, json) => {
    const error = await errorOf(() => identityWith().bootSettings(null, JSON.parse(json) as Record<string, unknown>));
    expect(error.code).toBe('SETTINGS_INVALID');
  });

  it.each([
    ['__proto__', '{"__proto__":"u_victim"}'],
    ['constructor', '{"constructor":"x"}'],
    ['prototype', '{"prototype":"x"}'],
  ])('custom attribute %s: ATTRIBUTE_INVALID', async (_what, json) => {
    const custom_attributes = JSON.parse(json) as Record<string, string>;
    const error = await errorOf(() => identityWith().bootSettings({ ...ALICE, custom_attributes }));
    expect(error.code).toBe('ATTRIBUTE_INVALID');
    expect(error.message).toMatch(/prototype/);
  });

  it('a company with a __proto__ key: ATTRIBUTE_INVALID', async () => {
    const company = JSON.parse('{"id":"c_1","__proto__":null}') as IntercomUser['company'];
    expect((await errorOf(() => identityWith().bootSettings({ ...ALICE, company }))).code).toBe('ATTRIBUTE_INVALID');
  });

  it('renderBoot with the attack: the rendered script, run as the browser runs it, yields no user_id at all', async () => {
    const logger = recordingLogger();
    // user_hash mode, where the email-only user is signed and the plain settings carry the identity.
    const identity = identityWith(logger, { mode: 'user_hash' });
    for (const user of [null, { email: 'bob@example.com' }]) {
      const boot = await identity.renderBoot(user, { settings: JSON.parse(ATTACK) as Record<string, unknown> });
      const seen = runInBrowser(boot.html);
      expect(seen.user_id).toBeUndefined();
      expect(seen.user_hash === undefined || user !== null).toBe(true);
      expect(Object.getPrototypeOf(seen)).not.toHaveProperty('user_id');
    }
    expect(logger.lines.some((line) => line.includes('SETTINGS_INVALID'))).toBe(true);
  });

  it('renderScript refuses settings with a prototype key at any depth (settings not made by bootSettings)', async () => {
    const identity = identityWith();
    const settings = { app_id: APP_ID, launcher: JSON.parse(ATTACK) } as IntercomSettings;
    expect((await errorOf(() => identity.renderScript(settings))).code).toBe('SETTINGS_INVALID');
    const top = JSON.parse(`{"app_id":"${APP_ID}","__proto__":{"user_id":"u_victim"}}`) as IntercomSettings;
    expect((await errorOf(() => identity.renderScript(top))).code).toBe('SETTINGS_INVALID');
  });

  it('a signed-in page still renders, and the browser sees exactly its own user_id (user_hash mode)', async () => {
    const boot = await identityWith(recordingLogger(), { mode: 'user_hash' }).renderBoot(ALICE, {
      settings: { alignment: 'left' },
    });
    const seen = runInBrowser(boot.html);
    expect(seen.user_id).toBe('u_1001');
    expect(Object.hasOwn(seen, 'user_id')).toBe(true);
    expect(seen.alignment).toBe('left');
  });
});
