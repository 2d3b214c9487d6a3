/**
 * What a page costs before any interaction, with the Messenger facade
 * (INTERCOM_LOAD=interaction) and without it: the requests Chromium makes and
 * the bytes it transfers (bodies and headers, as CDP's Network.loadingFinished
 * counts them) from navigation until the network is quiet, for a visitor and
 * for Alice, on an example's production build with the fake Messenger. With the
 * facade it also clicks the launcher, so the table shows what was deferred.
 * Prints a table with ratios; asserts nothing. Usage (build the example first,
 * e.g. `pnpm --filter ./examples/express-app build`):
 *
 *   pnpm bench:facade [express] [hono] [next] [sveltekit] [nuxt] [--requests]
 *
 * `--requests` also lists every request of each visit, with its bytes.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LAUNCHER_ID, launchChromium, startFakeMessenger } from '@intercom-identity/testing';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { EXAMPLES, type ExampleDefinition } from './examples.js';
import { startExample } from './support/example-server.js';
import { sessionCookie } from './support/session.js';

/** The network counts as quiet when nothing has been in flight for this long. */
const QUIET_MS = 750;
/** Each wait (a signal on the page, the quiet network) gives up after this long. */
const WAIT_MS = 30_000;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { requests: { type: 'boolean' } } });
const names = positionals.length > 0 ? positionals : ['express'];
const secret = () => randomBytes(24).toString('base64url');

/** Requests and bytes: all of them, and the part that went to the Messenger (the fake's origin). */
interface Tally {
  requests: number;
  bytes: number;
  messengerRequests: number;
  messengerBytes: number;
  /** The page's HTML (the navigation's response). */
  documentBytes: number;
  /** The widget script's own bytes, when it was loaded. */
  widgetBytes: number;
  /** Every request, in order, with the bytes it transferred. */
  list: { url: string; bytes: number }[];
}

interface Visit {
  /** Until the page is quiet, before any interaction. */
  before: Tally;
  /** With the facade: after a click on its launcher opened the Messenger (the whole visit). */
  afterClick?: Tally;
}

/** Counts what the page transfers through the DevTools protocol, and tells when the network is quiet. */
async function watchNetwork(page: Page, cdp: CDPSession, messengerOrigin: string, widgetUrl: string) {
  const tally: Tally = {
    requests: 0,
    bytes: 0,
    messengerRequests: 0,
    messengerBytes: 0,
    documentBytes: 0,
    widgetBytes: 0,
    list: [],
  };
  const urls = new Map<string, string>();
  let documentId: string | undefined;
  const inFlight = new Set<string>();
  let changed = Date.now();
  const isMessenger = (url: string) => url.startsWith(`${messengerOrigin}/`);
  const add = (url: string, bytes: number, requestId: string) => {
    tally.bytes += bytes;
    tally.list.push({ url, bytes });
    if (requestId === documentId) tally.documentBytes += bytes;
    if (isMessenger(url)) tally.messengerBytes += bytes;
    if (url.split('?')[0] === widgetUrl) tally.widgetBytes += bytes;
  };
  cdp.on('Network.requestWillBeSent', (event) => {
    // The browser's own favicon request comes at a varying moment, sometimes after the page is quiet: left out.
    if (!/^https?:/.test(event.request.url) || new URL(event.request.url).pathname === '/favicon.ico') return;
    // A redirect reuses the request id: the hop that answered it is a request of its own.
    if (event.redirectResponse !== undefined)
      add(urls.get(event.requestId) ?? '', event.redirectResponse.encodedDataLength, event.requestId);
    if (documentId === undefined && event.type === 'Document') documentId = event.requestId;
    tally.requests++;
    if (isMessenger(event.request.url)) tally.messengerRequests++;
    urls.set(event.requestId, event.request.url);
    inFlight.add(event.requestId);
    changed = Date.now();
  });
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId);
    if (url === undefined) return;
    add(url, event.encodedDataLength, event.requestId);
    inFlight.delete(event.requestId);
    changed = Date.now();
  });
  cdp.on('Network.loadingFailed', (event) => {
    if (!inFlight.delete(event.requestId)) return;
    changed = Date.now();
  });
  await cdp.send('Network.enable');
  return {
    snapshot: (): Tally => ({ ...tally, list: [...tally.list] }),
    async quiet(): Promise<void> {
      const deadline = Date.now() + WAIT_MS;
      while (inFlight.size > 0 || Date.now() - changed < QUIET_MS) {
        if (Date.now() > deadline) throw new Error(`the network of ${page.url()} was not quiet within ${WAIT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function visit(
  browser: Browser,
  url: string,
  cookie: string | undefined,
  facade: boolean,
  fake: { url: string; widgetUrl: string },
): Promise<Visit> {
  // A fresh context per visit: a first visit, with nothing cached.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    if (cookie !== undefined)
      await context.addCookies(
        cookie.split('; ').map((pair) => {
          const at = pair.indexOf('=');
          return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
        }),
      );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const network = await watchNetwork(page, cdp, fake.url, fake.widgetUrl);
    await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
    // Real signals first: the facade's button, or the fake Messenger booted; then the quiet network.
    if (facade) await page.locator('button[data-intercom-facade]').waitFor({ state: 'visible', timeout: WAIT_MS });
    else await page.locator(`#${LAUNCHER_ID}[data-state="booted"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    await network.quiet();
    const before = network.snapshot();
    if (!facade) return { before };
    await page.locator('button[data-intercom-facade]').click();
    await page.locator(`#${LAUNCHER_ID}[data-open="true"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    await network.quiet();
    return { before, afterClick: network.snapshot() };
  } finally {
    await context.close();
  }
}

async function measure(example: ExampleDefinition, browser: Browser) {
  const secrets = { web: secret() };
  const fake = await startFakeMessenger({ appId: 'bench001', secrets, mode: 'jwt' });
  const base = {
    INTERCOM_APP_ID: 'bench001',
    INTERCOM_IDENTITY_SECRET: secrets.web,
    INTERCOM_IDENTITY_MODE: 'jwt',
    INTERCOM_WIDGET_URL: fake.widgetUrl,
    NODE_ENV: 'production',
  };
  const start = (env: Record<string, string>) =>
    startExample({
      dir: example.dir,
      buildMarker: example.buildMarker,
      env,
      ...(example.command ? { command: example.command } : {}),
    });
  const off = await start(base);
  const on = await start({ ...base, INTERCOM_LOAD: 'interaction' });
  try {
    const login = example.login ?? ((url: string) => sessionCookie(url, 'alice'));
    const people = [
      ['visitor', undefined, undefined],
      ['Alice', await login(off.url), await login(on.url)],
    ] as const;
    const rows: { who: string; off: Visit; on: Visit }[] = [];
    for (const [who, offCookie, onCookie] of people)
      rows.push({
        who,
        off: await visit(browser, `${off.url}/`, offCookie, false, fake),
        on: await visit(browser, `${on.url}/`, onCookie, true, fake),
      });
    return rows;
  } finally {
    await on.stop();
    await off.stop();
    await fake.stop();
  }
}

const number = (value: number) => value.toLocaleString('en-US');
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));

function table(name: string, rows: Awaited<ReturnType<typeof measure>>): string {
  const header = ['', 'requests', 'bytes', 'HTML bytes', 'Messenger requests', 'Messenger bytes'];
  const lines: string[][] = [];
  for (const row of rows) {
    const line = (label: string, tally: Tally) =>
      lines.push([
        `${row.who}, ${label}`,
        number(tally.requests),
        number(tally.bytes),
        number(tally.documentBytes),
        number(tally.messengerRequests),
        number(tally.messengerBytes),
      ]);
    line('facade off', row.off.before);
    line('facade on', row.on.before);
    if (row.on.afterClick !== undefined) line('facade on, after the click', row.on.afterClick);
  }
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((cells) => (cells[column] as string).length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[column] as number)))
      .join('   ');
  const out = [
    `${name}: the first load of / until the network is quiet (production build, Chromium, fake Messenger; bytes as transferred,`,
    "headers included; the browser's own /favicon.ico request left out)",
    format(header),
    ...lines.map(format),
    '',
  ];
  for (const row of rows) {
    const { off, on } = row;
    out.push(
      `${row.who}: facade on / off before any interaction: requests ${ratio(on.before.requests, off.before.requests)}, bytes ${ratio(on.before.bytes, off.before.bytes)}` +
        (on.afterClick === undefined
          ? ''
          : `; deferred to the click: ${number(on.afterClick.requests - on.before.requests)} requests, ${number(on.afterClick.bytes - on.before.bytes)} bytes`),
    );
  }
  const widget = Math.max(...rows.map((row) => row.off.before.widgetBytes));
  const html = rows.map((row) => row.on.before.documentBytes - row.off.before.documentBytes);
  out.push(
    `The HTML with the facade is ${html.map(number).join(' / ')} bytes larger (${rows.map((row) => row.who).join(' / ')}): the boot script that waits and draws the launcher.`,
  );
  out.push(
    '',
    `Note: the fake Messenger's widget is one small script (${number(widget)} bytes here); the real Messenger's is far larger, so on a`,
    'real site the facade defers many more bytes than this table shows. The request counts compare better, though the real Messenger',
    'may make more requests than the fake.',
  );
  return out.join('\n');
}

const browser = await launchChromium();
try {
  for (const name of names) {
    const example = (EXAMPLES as Record<string, ExampleDefinition>)[name];
    if (example === undefined || name === 'wordpress')
      throw new Error(
        `unknown example "${name}"; known: ${Object.keys(EXAMPLES)
          .filter((known) => known !== 'wordpress')
          .join(', ')}`,
      );
    const rows = await measure(example, browser);
    console.log(`${table(name, rows)}\n`);
    if (values.requests)
      for (const row of rows)
        for (const [label, tally] of [
          ['facade off', row.off.before],
          ['facade on', row.on.before],
          ['facade on, after the click', row.on.afterClick],
        ] as const)
          if (tally !== undefined)
            console.log(
              `${row.who}, ${label}:\n${tally.list.map((entry) => `  ${number(entry.bytes).padStart(8)}  ${entry.url}`).join('\n')}\n`,
            );
  }
} finally {
  await browser.close();
}
