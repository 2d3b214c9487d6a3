import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createIdentity, type IntercomUser, resolveConfig, verifyUserJwt } from '../src/index.js';
import { ALICE, APP_ID, BOB, recordingLogger, SECRET } from './support.js';

// The Messenger settings an app passes next to the identity (docs/identity-settings.md): the core
// sets app_id, api_base, the identity and the proof, and sends everything else as the app gave it.

const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };

/** Settings that change how the Messenger treats the person, as an app would pass them. */
const PASSED = {
  // Intercom's session length in milliseconds: a number, never turned into seconds or a string.
  session_duration: 30 * 60 * 1000,
  hide_default_launcher: true,
  language_override: 'fr',
  unsubscribed_from_emails: false,
  avatar: { type: 'avatar', image_url: 'https://example.com/alice.png' },
  alignment: 'left',
  vertical_padding: 40,
  horizontal_padding: 24,
  z_index: 2147483000,
  custom_launcher_selector: '#help > a[data-chat="1"]',
  action_color: '#0a7',
  background_color: 'rgb(0, 0, 0)',
  hide_notifications: false,
} as const;

/** What the browser sees: the boot script run in a fresh context, and window.intercomSettings read back. */
function runInBrowser(html: string): Record<string, unknown> {
  const body = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
  const element = () => ({ setAttribute() {}, appendChild() {} });
  const document = { createElement: element, head: element(), documentElement: element(), currentScript: null, cookie: '' };
  const window: Record<string, unknown> = { document };
  runInNewContext(body, { window, document });
  // Read back across the context boundary as plain data.
  return JSON.parse(JSON.stringify(window.intercomSettings)) as Record<string, unknown>;
}

const cases: [string, 'user_hash' | 'jwt', IntercomUser | null][] = [
  ['a visitor', 'jwt', null],
  ['a JWT user', 'jwt', ALICE],
  ['a user_hash user', 'user_hash', ALICE],
  ['an email-only user (user_hash)', 'user_hash', BOB],
];

describe('Messenger settings the app passes reach window.intercomSettings unchanged', () => {
  it.each(cases)('%s: every setting arrives with its value and type, and nothing is logged', async (_who, mode, user) => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig(env, { logger, mode }));
    const boot = await identity.renderBoot(user, { settings: { ...PASSED } });
    const seen = runInBrowser(boot.html);
    for (const [key, value] of Object.entries(PASSED)) expect(seen[key], key).toEqual(value);
    expect(typeof seen.session_duration).toBe('number');
    expect(boot.settings.session_duration).toBe(1_800_000);
    expect(logger.lines).toEqual([]);
  });

  it('the identity beside them is still the user’s own: the token in JWT mode, the hash in user_hash mode', async () => {
    const jwt = createIdentity(resolveConfig(env, { logger: recordingLogger(), mode: 'jwt' }));
    const signed = runInBrowser((await jwt.renderBoot(ALICE, { settings: { ...PASSED } })).html);
    const verified = await verifyUserJwt(SECRET, signed.intercom_user_jwt as string);
    expect(verified.valid).toBe(true);
    const claims = verified.valid ? verified.claims : {};
    expect(claims.user_id).toBe('u_1001');
    // The passed settings are sent in plain; none of them is put into the token.
    for (const key of Object.keys(PASSED)) expect(claims, key).not.toHaveProperty(key);

    const classic = createIdentity(resolveConfig(env, { logger: recordingLogger(), mode: 'user_hash' }));
    const hashed = runInBrowser((await classic.renderBoot(ALICE, { settings: { ...PASSED } })).html);
    expect(hashed.user_id).toBe('u_1001');
    expect(hashed.user_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('bootSettings gives the same values as renderBoot, and leaves the app’s object as it was', async () => {
    const identity = createIdentity(resolveConfig(env, { logger: recordingLogger(), mode: 'jwt' }));
    const passed = structuredClone(PASSED);
    const settings = await identity.bootSettings(ALICE, passed);
    expect(settings).toMatchObject(PASSED);
    expect(passed).toEqual(PASSED);
  });

  it('a user’s custom attribute with a Messenger name (language_override) is sent as given too', async () => {
    const identity = createIdentity(resolveConfig(env, { logger: recordingLogger(), mode: 'user_hash' }));
    const user: IntercomUser = { ...ALICE, custom_attributes: { language_override: 'de', seats: 3 } };
    const seen = runInBrowser((await identity.renderBoot(user, { settings: { session_duration: 600_000 } })).html);
    expect(seen).toMatchObject({ language_override: 'de', seats: 3, session_duration: 600_000 });
  });
});
