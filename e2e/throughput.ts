/**
 * Throughput benchmark of the example apps: `/` as Alice with identity on (the
 * secret set: her proof is signed on every request) and off (no secret: the same
 * page boots a visitor; for WordPress, the site without the plugin), same
 * production build, measured alternately in one run.
 * Prints the ratio; asserts nothing. Usage:
 *
 *   pnpm bench:examples [next] [sveltekit] [nuxt] [wordpress] [--seconds 30] [--connections 10] [--rounds 5]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { compareThroughput, startFakeMessenger } from '@intercom-identity/testing';
import { EXAMPLES, type ExampleDefinition } from './examples.js';
import { startExample } from './support/example-server.js';
import { sessionCookie } from './support/session.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
  },
});
const names = positionals.length > 0 ? positionals : Object.keys(EXAMPLES);
const secret = () => randomBytes(24).toString('base64url');

async function measure(example: ExampleDefinition) {
  const secrets = { web: secret(), ios: secret(), android: secret() };
  const fake = await startFakeMessenger({ appId: 'bench001', secrets });
  const base = { INTERCOM_APP_ID: 'bench001', INTERCOM_WIDGET_URL: fake.widgetUrl, NODE_ENV: 'production' };
  const start = (env: Record<string, string>) =>
    startExample({
      dir: example.dir,
      buildMarker: example.buildMarker,
      env,
      ...(example.command ? { command: example.command } : {}),
    });
  const on = await start({ ...base, INTERCOM_IDENTITY_SECRET: secrets.web });
  const off = await start({ ...base, ...(example.offEnv ?? {}) });
  const login = example.login ?? ((url: string) => sessionCookie(url, 'alice'));
  try {
    const result = await compareThroughput({
      a: { url: `${on.url}/`, headers: { cookie: await login(on.url) } },
      b: { url: `${off.url}/`, headers: { cookie: await login(off.url) } },
      seconds: Number(values.seconds),
      connections: Number(values.connections),
      rounds: Number(values.rounds),
    });
    return result;
  } finally {
    await on.stop();
    await off.stop();
    await fake.stop();
  }
}

for (const name of names) {
  const example = (EXAMPLES as Record<string, ExampleDefinition>)[name];
  if (example === undefined) throw new Error(`unknown example "${name}"; known: ${Object.keys(EXAMPLES).join(', ')}`);
  const result = await measure(example);
  const rounds = result.rounds.map((r) => `${r.a.toFixed(0)}/${r.b.toFixed(0)}`).join(', ');
  console.log(
    `${name}: identity on ${result.a.toFixed(0)} req/s, off ${result.b.toFixed(0)} req/s, ratio ${result.ratio.toFixed(3)} ` +
      `(target >= 0.97); rounds on/off: ${rounds}; failed answers: ${result.failed.a}/${result.failed.b}`,
  );
}
