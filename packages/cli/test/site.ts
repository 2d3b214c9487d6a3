import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createIdentity,
  createProofEndpoint,
  type IntercomSettings,
  type IntercomUser,
  serializeForScript,
  signUserJwt,
} from '@intercom-identity/core';
import { allSecrets, useSecret } from './helpers.js';

/** The secrets of the test site's world. Only `web` is this workspace's web secret. */
export interface SiteSecrets {
  web: string;
  ios: string;
  android: string;
  /** The web secret of another workspace (a test workspace, say). */
  other: string;
  /** A secret the doctor is never given. */
  wrong: string;
}

export interface Site {
  origin: string;
  url(path: string): string;
  secrets: SiteSecrets;
  /** Session cookie values (long random tokens, like real ones), by user. Carol has an email but no user_id. */
  sessions: { alice: string; bob: string; carol: string };
  /** Every request the server got: method, path, cookie header, user agent. */
  requests: { path: string; cookie: string | undefined; userAgent: string | undefined }[];
  close(): Promise<void>;
}

const APP_ID = 'abc123';
const USERS = {
  alice: { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' },
  bob: { user_id: 'u_2002', email: 'bob@example.com', name: 'Bob' },
};
// A user known by email only: JWT mode cannot sign her.
const CAROL: IntercomUser = { email: 'carol@example.com', name: 'Carol' };
type User = (typeof USERS)[keyof typeof USERS];

interface Page {
  html: string;
  headers?: Record<string, string>;
}

const PRIVATE = { 'cache-control': 'private, no-store' };
const WIDGET = `<script async src="https://widget.intercom.io/widget/${APP_ID}"></script>`;

// Every page loads its app bundle from the site itself, as real apps do: the doctor reads it for the secret.
const BUNDLE = '<script src="/static/app.js" defer></script>';

function document(body: string, head = BUNDLE): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test site</title>${head}</head><body><h1>Dashboard</h1>${body}</body></html>`;
}

/** The text of the core's `<script ...>text</script>`, as React gets it in `dangerouslySetInnerHTML`. */
function scriptText(script: string): string {
  return script.slice(script.indexOf('>') + 1, script.lastIndexOf('</script>'));
}

/** A row of Next.js's RSC payload that renders the core's script: the script's text, quoted as JSON inside JSON. */
function flightRow(script: string): string {
  const row = `6:[["$","script",null,{"data-intercom-identity":"","dangerouslySetInnerHTML":{"__html":${JSON.stringify(scriptText(script))}},"suppressHydrationWarning":true}]]\n`;
  return `<script>self.__next_f.push([1,${JSON.stringify(row)}])</script>`;
}

/** A JWT with any claims, signed like signUserJwt does (which refuses to sign one without user_id). */
function handMadeJwt(secret: string, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function hash(secret: string, identifier: string): string {
  return createHmac('sha256', secret).update(identifier).digest('hex');
}

/**
 * A local site with one healthy page and one page per mistake from Intercom's
 * troubleshooting list. Users log in by a session cookie `sid`.
 */
export async function startSite(): Promise<Site> {
  const secrets: SiteSecrets = {
    web: useSecret(),
    ios: useSecret(),
    android: useSecret(),
    other: useSecret(),
    wrong: useSecret(),
  };
  const sessions = {
    alice: randomBytes(16).toString('hex'),
    bob: randomBytes(16).toString('hex'),
    carol: randomBytes(16).toString('hex'),
  };
  for (const token of Object.values(sessions)) allSecrets.add(token);
  const requests: Site['requests'] = [];
  let origin = '';

  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '/', cookie: request.headers.cookie, userAgent: request.headers['user-agent'] });
    handle(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The core's boot script loads its widget from this site, so a test can see that --browser never requests it.
  const widgetUrl = `${origin}/widget/{app_id}`;
  // Every identity names its mode: the tests must not depend on the core's default.
  const hashIdentity = createIdentity({ appId: APP_ID, secret: secrets.web, widgetUrl, mode: 'user_hash', logger: silent });
  const jwtIdentity = createIdentity({
    appId: APP_ID,
    secret: secrets.web,
    widgetUrl,
    mode: 'jwt',
    jwt: { signedAttributes: ['email', 'name'] },
    logger: silent,
  });
  // JWT mode that falls back to user_hash for a user without a user_id (INTERCOM_IDENTITY_JWT_FALLBACK=user_hash).
  const fallbackIdentity = createIdentity({
    appId: APP_ID,
    secret: secrets.web,
    widgetUrl,
    mode: 'jwt',
    jwt: { fallbackToUserHash: true },
    logger: silent,
  });
  // The proof endpoints of the core, for the session's user: JWT mode, JWT with the fallback, user_hash mode.
  const sessionUser = (request: Request): IntercomUser | null => userOf(request.headers.get('cookie') ?? undefined);
  const endpoints: Record<string, (request: Request) => Promise<Response>> = {
    '/api/proof-jwt': createProofEndpoint({ config: jwtIdentity.config, getUser: sessionUser }),
    '/api/proof-fallback': createProofEndpoint({ config: fallbackIdentity.config, getUser: sessionUser }),
    '/api/proof-hash': createProofEndpoint({ config: hashIdentity.config, getUser: sessionUser }),
  };
  // The real Messenger's URL (https://widget.intercom.io/...), for pages that are only ever read as HTML.
  const intercomWidgetIdentity = createIdentity({ appId: APP_ID, secret: secrets.web, mode: 'user_hash', logger: silent });
  const boot = (settings: IntercomSettings) => hashIdentity.renderScript(settings);
  const base = { app_id: APP_ID, api_base: 'https://api-iam.intercom.io' };

  const pages: Record<string, (user: User | null, carol: IntercomUser | null) => Promise<Page>> = {
    // JWT mode as the core renders it: a user without a user_id boots as a visitor (renderBoot never signs her by email).
    '/jwt-boot': async (user, carol) => ({
      html: document((await jwtIdentity.renderBoot(user ?? carol)).html),
      headers: PRIVATE,
    }),
    // JWT mode with the fallback: Carol gets a user_hash of her email.
    '/fallback-boot': async (user, carol) => ({
      html: document((await fallbackIdentity.renderBoot(user ?? carol)).html),
      headers: PRIVATE,
    }),
    '/healthy': async (user) => ({ html: document(boot(await hashIdentity.bootSettings(user))), headers: PRIVATE }),
    // As Next.js serves it: the tag, then the same script quoted again in the RSC payload (an escaped JS string).
    '/healthy-next': async (user) => {
      const script = boot(await hashIdentity.bootSettings(user));
      return { html: document(script + flightRow(script)), headers: PRIVATE };
    },
    // As Next.js 16 with Cache Components streams it (the shape of examples/next-app's HTML): the static shell ends in
    // a Suspense placeholder; the RSC payload that quotes the boot script comes first; then the boot script itself,
    // in a hidden div that React's $RC moves into the placeholder.
    '/healthy-next-streamed': async (user) => {
      const script = intercomWidgetIdentity.renderScript(await intercomWidgetIdentity.bootSettings(user));
      const shell = '<main><p>Loading…</p></main><!--$?--><template id="B:0"></template><!--/$-->';
      const flight = `<script>(self.__next_f=self.__next_f||[]).push([0])</script>${flightRow(script)}`;
      const streamed = `<div hidden id="S:0">${script}<!--$--><!--/$--></div><script>$RC("B:0","S:0")</script>`;
      return { html: document(shell + flight + streamed), headers: PRIVATE };
    },
    // Intercom's own snippet in a next/script: the browser gets it only inside the RSC payload, which next/script runs.
    '/next-script-snippet': async (user) => {
      const settings = await hashIdentity.bootSettings(user);
      const snippet = `window.intercomSettings=${serializeForScript(settings)};(function(){var s=document.createElement("script");s.async=true;s.src="https://widget.intercom.io/widget/${APP_ID}";document.head.appendChild(s)})();`;
      const row = `7:["$","$L8",null,{"id":"intercom","strategy":"afterInteractive","children":${JSON.stringify(snippet)}}]\n`;
      return { html: document(`<script>self.__next_f.push([1,${JSON.stringify(row)}])</script>`), headers: PRIVATE };
    },
    // A page that names no script file: nothing but inline scripts in its HTML.
    '/inline-only': async (user) => ({ html: document(boot(await hashIdentity.bootSettings(user)), ''), headers: PRIVATE }),
    // Its only script file is missing.
    '/missing-bundle': async (user) => ({
      html: document(boot(await hashIdentity.bootSettings(user)), '<script src="/static/gone.js" defer></script>'),
      headers: PRIVATE,
    }),
    '/healthy-jwt': async (user) => ({
      html: document(jwtIdentity.renderScript(await jwtIdentity.bootSettings(user))),
      headers: PRIVATE,
    }),
    '/no-loader': async (user) => ({
      html: document(`<script>window.intercomSettings=${serializeForScript(await hashIdentity.bootSettings(user))};</script>`),
      headers: PRIVATE,
    }),
    '/no-app-id': async (user) => {
      const { app_id: _, ...settings } = await hashIdentity.bootSettings(user);
      return {
        html: document(`<script>window.intercomSettings=${serializeForScript(settings)};</script>${WIDGET}`),
        headers: PRIVATE,
      };
    },
    '/proof-without-identifier': async (user) => {
      const settings: IntercomSettings = { ...base };
      if (user) settings.user_hash = hash(secrets.web, user.user_id);
      return { html: document(boot(settings)), headers: PRIVATE };
    },
    '/email-hashed': async (user) => ({
      html: document(
        boot(user ? { ...base, user_id: user.user_id, email: user.email, user_hash: hash(secrets.web, user.email) } : base),
      ),
      headers: PRIVATE,
    }),
    '/wrong-secret': async (user) => ({
      html: document(boot(user ? { ...base, user_id: user.user_id, user_hash: hash(secrets.wrong, user.user_id) } : base)),
      headers: PRIVATE,
    }),
    '/ios-secret': async (user) => ({
      html: document(boot(user ? { ...base, user_id: user.user_id, user_hash: hash(secrets.ios, user.user_id) } : base)),
      headers: PRIVATE,
    }),
    '/android-secret': async (user) => ({
      html: document(boot(user ? { ...base, user_id: user.user_id, user_hash: hash(secrets.android, user.user_id) } : base)),
      headers: PRIVATE,
    }),
    // Both mistakes at once: the email hashed, with the iOS secret.
    '/email-hashed-ios': async (user) => ({
      html: document(
        boot(user ? { ...base, user_id: user.user_id, email: user.email, user_hash: hash(secrets.ios, user.email) } : base),
      ),
      headers: PRIVATE,
    }),
    '/jwt-android-secret': async (user) => {
      const token = user ? await signUserJwt(secrets.android, { user_id: user.user_id }) : undefined;
      return { html: document(boot(token ? { ...base, intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
    '/other-workspace': async (user) => ({
      html: document(boot(user ? { ...base, user_id: user.user_id, user_hash: hash(secrets.other, user.user_id) } : base)),
      headers: PRIVATE,
    }),
    '/jwt-expired': async (user) => {
      const now = Math.floor(Date.now() / 1000);
      const token = user
        ? await signUserJwt(secrets.web, { user_id: user.user_id }, { now: now - 7200, expiresIn: 3600 })
        : undefined;
      return { html: document(boot(token ? { ...base, intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
    '/jwt-no-user-id': async (user) => {
      const now = Math.floor(Date.now() / 1000);
      const token = user ? handMadeJwt(secrets.web, { name: user.name, iat: now, exp: now + 600 }) : undefined;
      return {
        html: document(boot(user && token ? { ...base, email: user.email, intercom_user_jwt: token } : base)),
        headers: PRIVATE,
      };
    },
    '/jwt-signed-plain': async (user) => {
      const token = user ? await signUserJwt(secrets.web, { user_id: user.user_id, email: user.email }) : undefined;
      return {
        html: document(boot(user && token ? { ...base, email: user.email, intercom_user_jwt: token } : base)),
        headers: PRIVATE,
      };
    },
    '/jwt-long': async (user) => {
      const token = user ? await signUserJwt(secrets.web, { user_id: user.user_id }, { expiresIn: 7 * 24 * 3600 }) : undefined;
      return { html: document(boot(token ? { ...base, intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
    '/jwt-no-exp': async (user) => {
      const token = user ? await signUserJwt(secrets.web, { user_id: user.user_id }, { expiresIn: null }) : undefined;
      return { html: document(boot(token ? { ...base, intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
    '/public-cache': async (user) => ({
      html: document(boot(await hashIdentity.bootSettings(user))),
      headers: { 'cache-control': 'public, max-age=600', vary: 'Cookie' },
    }),
    '/no-cache-header': async (user) => ({ html: document(boot(await hashIdentity.bootSettings(user))) }),
    '/same-proof': async () => ({ html: document(boot(await hashIdentity.bootSettings(USERS.alice))), headers: PRIVATE }),
    '/secret-inline': async (user) => ({
      html: document(
        `${boot(await hashIdentity.bootSettings(user))}<script>var config = { signing: "${secrets.web}" };</script>`,
      ),
      headers: PRIVATE,
    }),
    '/secret-hex': async (user) => ({
      html: document(
        `${boot(await hashIdentity.bootSettings(user))}<div data-key="${Buffer.from(secrets.ios).toString('hex')}"></div>`,
      ),
      headers: PRIVATE,
    }),
    '/boot-call': async (user) => ({
      html: document(`${WIDGET}<script>Intercom('boot', ${serializeForScript(await hashIdentity.bootSettings(user))});</script>`),
      headers: PRIVATE,
    }),
    '/secret-file': async (user) => ({
      html: document(
        `${boot(await hashIdentity.bootSettings(user))}<script src="/static/config.js"></script><script src="/static/app.js"></script>`,
      ),
      headers: PRIVATE,
    }),
    '/escaped': async (user) => {
      // The bug: the id is HTML-escaped for the page, and that escaped string is what gets signed.
      const id = user?.user_id === 'u_1001' ? "O'Brien" : "D'Arcy";
      const settings = user ? { ...base, user_id: id, user_hash: hash(secrets.web, id.replace(/'/g, '&#39;')) } : base;
      return { html: document(boot(settings)), headers: PRIVATE };
    },
    '/escaped-after': async (user) => {
      // The other way round: the raw id is signed, then the page sends it HTML-escaped.
      const id = user?.user_id === 'u_1001' ? "O'Brien" : "D'Arcy";
      const settings = user ? { ...base, user_id: id.replace(/'/g, '&#39;'), user_hash: hash(secrets.web, id) } : base;
      return { html: document(boot(settings)), headers: PRIVATE };
    },
    '/lowercased-email': async (user) => {
      const email = user?.user_id === 'u_1001' ? 'Alice@Example.com' : 'Bob@Example.com';
      const settings = user ? { ...base, email, user_hash: hash(secrets.web, email.toLowerCase()) } : base;
      return { html: document(boot(settings)), headers: PRIVATE };
    },
    '/jwt-other-id': async (user) => {
      const token = user ? await signUserJwt(secrets.web, { user_id: user.user_id }) : undefined;
      return { html: document(boot(token ? { ...base, user_id: 'u_9999', intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
    '/s-maxage': async (user) => ({
      html: document(boot(await hashIdentity.bootSettings(user))),
      headers: { 'cache-control': 'private, s-maxage=60' },
    }),
    '/raw-u2028': async (user) => {
      const settings = await hashIdentity.bootSettings(user ? { ...user, name: 'Line\u2028Separator' } : null);
      return {
        html: document(`<script>window.intercomSettings=${JSON.stringify(settings)};</script>${WIDGET}`),
        headers: PRIVATE,
      };
    },
    '/raw-script-close': async (user) => {
      const settings = await hashIdentity.bootSettings(user ? { ...user, name: '</script><b>Alice</b>' } : null);
      return {
        html: document(`<script>window.intercomSettings=${JSON.stringify(settings)};</script>${WIDGET}`),
        headers: PRIVATE,
      };
    },
    '/js-literal': async (user) => {
      const identity = user ? `user_id: '${user.user_id}', user_hash: '${hash(secrets.web, user.user_id)}'` : '';
      return {
        html: document(`<script>window.intercomSettings = { app_id: '${APP_ID}', ${identity} };</script>${WIDGET}`),
        headers: PRIVATE,
      };
    },
    '/runtime': async (user) => {
      // The settings are assembled in the browser from data the server put into the page.
      const data = user ? { user_id: user.user_id, user_hash: hash(secrets.web, user.user_id) } : {};
      return {
        html: document(
          `<script type="application/json" id="identity">${serializeForScript(data)}</script>` +
            `<script>window.intercomSettings = Object.assign({ app_id: "${APP_ID}" }, JSON.parse(document.getElementById("identity").textContent));</script>` +
            `<script src="/static/loader.js"></script>`,
        ),
        headers: PRIVATE,
      };
    },
    '/secret-as-id': async (user) => {
      // A page that sends the secret itself where the user_id belongs: the doctor must say so without printing it.
      const token = user ? await signUserJwt(secrets.web, { user_id: secrets.web }) : undefined;
      return { html: document(boot(token ? { ...base, intercom_user_jwt: token } : base)), headers: PRIVATE };
    },
  };

  // Single-page apps: the HTML carries no settings; a script fetches the proof from the backend, then boots the
  // Messenger the way a client SDK does (see /static/sdk-like.js). Each page's own steps are in its inline script.
  const spa = (steps: string): Page => ({
    html: document(`<script src="/static/sdk-like.js"></script><script>${steps}</script>`),
    headers: PRIVATE,
  });
  const proofThen = (endpoint: string, then: string) =>
    `fetch(${JSON.stringify(endpoint)}).then(function (r) { return r.json(); }).then(function (proof) { ${then} });`;
  // A second request the app makes once booted (its user's profile), after which it updates the Messenger.
  const profileThen = (then: string) =>
    `fetch("/api/profile").then(function (r) { return r.json(); }).then(function (profile) { ${then} });`;
  const signedProps = 'app_id: proof.app_id, user_id: proof.user_id, email: proof.email, user_hash: proof.user_hash';
  Object.assign(pages, {
    // (a) @intercom/messenger-js-sdk's way, after a fetch of the proof: Intercom({...}) sets the settings and a queue stub.
    '/spa-sdk': async () => spa(proofThen('/api/proof-hash?platform=web', `sdkIntercom({ ${signedProps} });`)),
    // (b) Booted signed (react-use-intercom's way), then booted again by another part of the app, without the proof.
    '/spa-boot-twice': async () =>
      spa(
        `installStub("${APP_ID}");` +
          proofThen(
            '/api/proof-hash?platform=web',
            `reactBoot({ ${signedProps} }); ${profileThen('window.Intercom("boot", { app_id: proof.app_id, user_id: proof.user_id, email: proof.email, name: profile.name });')}`,
          ),
      ),
    // (c) Booted signed, then an update with another email and no proof: the hash is of the user_id, so Intercom takes it.
    '/spa-update-email': async () =>
      spa(
        proofThen(
          '/api/proof-hash?platform=web',
          `sdkIntercom({ ${signedProps} }); ${profileThen('sdkUpdate({ email: profile.other_email });')}`,
        ),
      ),
    // (c) in JWT mode: the token signs the email, and an update sends another one without a new token.
    '/spa-jwt-update-email': async () =>
      spa(
        proofThen(
          '/api/proof-jwt?platform=web',
          `sdkIntercom({ app_id: proof.app_id, intercom_user_jwt: proof.intercom_user_jwt }); ${profileThen('sdkUpdate({ email: profile.other_email });')}`,
        ),
      ),
    // Booted signed, then an update that names another user_id and keeps the old user_hash.
    '/spa-update-user': async () =>
      spa(
        proofThen(
          '/api/proof-hash?platform=web',
          `sdkIntercom({ ${signedProps} }); ${profileThen('sdkUpdate({ user_id: profile.other_user_id });')}`,
        ),
      ),
    // @intercom/messenger-js-sdk's Intercom({...}) called twice: the second time with the profile, and no proof.
    '/spa-sdk-twice': async () =>
      spa(
        proofThen(
          '/api/proof-hash?platform=web',
          `sdkIntercom({ ${signedProps} }); ${profileThen('sdkIntercom({ app_id: proof.app_id, user_id: proof.user_id, email: proof.email, name: profile.name });')}`,
        ),
      ),
    // An update that empties the proof.
    '/spa-update-null-hash': async () =>
      spa(
        proofThen(
          '/api/proof-hash?platform=web',
          `sdkIntercom({ ${signedProps} }); ${profileThen('sdkUpdate({ user_hash: null, plan: profile.plan });')}`,
        ),
      ),
    // (d) A correct app: booted signed (react-use-intercom's way, after the fetch), then updates with
    // attributes that are not the identity, an update with no argument, and a JWT-less refresh of nothing.
    '/spa-healthy': async () =>
      spa(
        `installStub("${APP_ID}");` +
          proofThen(
            '/api/proof-hash?platform=web',
            `reactBoot({ ${signedProps} }); ${profileThen('sdkUpdate({ name: profile.name, plan: profile.plan }); window.Intercom("update"); window.Intercom("show");')}`,
          ),
      ),
    // A correct JWT app that shuts down and boots another person (the sync's rule for a change of person).
    '/spa-jwt-switch': async () =>
      spa(
        proofThen(
          '/api/proof-jwt?platform=web',
          `sdkIntercom({ app_id: proof.app_id, intercom_user_jwt: proof.intercom_user_jwt }); ${profileThen('window.Intercom("shutdown"); window.Intercom("boot", { app_id: proof.app_id });')}`,
        ),
      ),
  } satisfies Record<string, () => Promise<Page>>);

  const files: Record<string, () => string> = {
    // base64 of a JSON config that holds the secret: the secret sits inside at an odd byte offset.
    '/static/config.js': () =>
      `window.appConfig = JSON.parse(atob("${Buffer.from(JSON.stringify({ env: 'prod', signingKey: secrets.web })).toString('base64')}"));`,
    '/static/app.js': () => 'document.querySelector("h1").textContent = "Welcome";',
    '/static/loader.js': () =>
      `(function(){var s=document.createElement("script");s.async=true;s.src="https://widget.intercom.io/widget/${APP_ID}";document.head.appendChild(s);window.Intercom=window.Intercom||function(){};})();`,
    '/widget/abc123': () => 'window.__widgetLoaded = true;',
    // Written for these tests, after what the two client SDKs are documented to do. sdkIntercom: like
    // @intercom/messenger-js-sdk's Intercom(props), it sets window.intercomSettings from the props, then updates
    // when window.Intercom is a function, else installs a queue stub and adds the widget script. reactBoot: like
    // react-use-intercom's boot(props), it sets window.intercomSettings to the props and calls Intercom('boot').
    '/static/sdk-like.js': () =>
      [
        'function installStub(appId) {',
        '  var stub = function () { stub.c(arguments); };',
        '  stub.q = [];',
        '  stub.c = function (args) { stub.q.push(args); };',
        '  window.Intercom = stub;',
        '  var tag = document.createElement("script");',
        '  tag.async = true;',
        '  tag.src = "https://widget.intercom.io/widget/" + appId;',
        '  document.head.appendChild(tag);',
        '}',
        'function sdkIntercom(props) {',
        '  window.intercomSettings = Object.assign({}, props, { api_base: "https://api-iam.intercom.io" });',
        '  window.intercomSettings.installation_type = "npm-package";',
        '  if (typeof window.Intercom === "function") {',
        '    window.Intercom("reattach_activator");',
        '    window.Intercom("update", window.intercomSettings);',
        '  } else installStub(props.app_id);',
        '}',
        'function sdkUpdate(props) { window.Intercom("update", props); }',
        'function reactBoot(props) {',
        '  var settings = Object.assign({}, props);',
        '  window.intercomSettings = settings;',
        '  window.Intercom("boot", settings);',
        '}',
      ].join('\n'),
  };
  // The session user's profile, as an app's API gives it, with another person's identifiers for the broken pages.
  const profile = (user: User | IntercomUser | null) => ({
    name: user?.name ?? null,
    plan: 'pro',
    other_email: 'someone.else@example.com',
    other_user_id: user?.email === 'bob@example.com' ? 'u_9998' : 'u_9999',
  });

  function userOf(cookie: string | undefined): User | IntercomUser | null {
    const sid = /(?:^|;\s*)sid=([^;]*)/.exec(cookie ?? '')?.[1];
    if (sid === sessions.alice) return USERS.alice;
    if (sid === sessions.bob) return USERS.bob;
    if (sid === sessions.carol) return CAROL;
    return null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', origin).pathname;
    const file = files[path];
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(file());
      return;
    }
    if (path === '/api/profile') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'private, no-store' });
      response.end(JSON.stringify(profile(userOf(request.headers.cookie))));
      return;
    }
    const endpoint = endpoints[path];
    if (endpoint !== undefined) {
      const headers = new Headers();
      if (request.headers.cookie !== undefined) headers.set('cookie', request.headers.cookie);
      const answer = await endpoint(new Request(`${origin}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers }));
      response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
      response.end(await answer.text());
      return;
    }
    const page = pages[path];
    if (page === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const signedIn = userOf(request.headers.cookie);
    const user = signedIn === CAROL ? null : (signedIn as User | null);
    const { html, headers = {} } = await page(user, signedIn === CAROL ? CAROL : null);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(html);
  }

  return {
    origin,
    url: (path) => `${origin}${path}`,
    secrets,
    sessions,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const silent = { warn: () => undefined, error: () => undefined };
