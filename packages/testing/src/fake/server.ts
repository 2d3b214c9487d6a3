import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntercomIdentityError, PLATFORMS, type Platform, resolveConfig } from '@intercom-identity/core';
import { REJECTION_REASONS, type RejectionReason } from '../reasons.js';
import { type PageSession, PageStore, pageId, UPDATE_LIMIT, UPDATE_WINDOW_MS } from './pages.js';
import { droppedUpdateText, mobileError, webRefusal } from './refusals.js';
import { type FakeMessengerPageReport, type FakeMessengerReport, ReportBook } from './report.js';
import { indexPage, PAGE_HEADERS, reportPage } from './report-page.js';
import { type CheckResult, checkIdentity, type ProofInput, type RuleContext } from './rules.js';
import { type Session, SessionStore, type SessionUser } from './sessions.js';
import { widgetScript } from './widget.js';

/** Options of {@link startFakeMessenger}. */
export interface FakeMessengerOptions {
  /** The workspace id the fake serves; any other app_id is refused. */
  appId: string;
  /** Identity Verification secrets per platform. `web` is required. */
  secrets: { web: string; ios?: string; android?: string };
  /**
   * Secrets being rotated out, per platform: proofs made with them are accepted too, and the
   * report's events say which secret matched. A platform needs its current secret as well.
   */
  previousSecrets?: { web?: string; ios?: string; android?: string };
  /** 'jwt': a logged-in user without any proof is refused as "missing intercom_user_jwt". Default 'user_hash'. */
  mode?: 'user_hash' | 'jwt';
  /** Refuse logged-in users without a proof. Off: they boot and are counted as unverified. Default true. */
  enforce?: boolean;
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /**
   * The fake's clock in Unix milliseconds: the update budget's 30-minute window, the
   * exp of JWTs (at boots, updates, messages and mobile checks) and message times.
   * Tests pass their own to move time. Default `Date.now`.
   */
  now?: () => number;
}

/** A proof to check against one platform's secret, such as a mobile endpoint returns it. */
export interface MobileProofInput {
  platform: Platform;
  user_id?: string;
  email?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
  /** Ignored; present when passing the core's `IdentityProof` as it is. */
  [field: string]: unknown;
}

/**
 * What the mobile check answers: the real SDK's status (and `code` and `message`
 * when refused), with the fake's own `reason` and `hint` beside them.
 */
export interface MobileProofResult {
  valid: boolean;
  /** The HTTP status the real Messenger answers the SDK: 200; 401 for a bad user hash; 400 for a missing or invalid JWT. */
  status: number;
  /** The real answer's `code` when it has one: `hmac_mismatch` for a bad user hash. */
  code?: string;
  /** The real answer's text (see MESSENGER_ERRORS in the core). */
  message?: string;
  /** The proven user_id (or email); the claimed one when invalid. */
  user: string;
  via?: 'user_hash' | 'jwt';
  /** Which secret a valid proof was made with. */
  secret?: 'current' | 'previous';
  reason?: string;
  hint?: string;
}

/** A running fake Messenger. */
export interface FakeMessenger {
  /** `http://127.0.0.1:{port}` */
  readonly url: string;
  /** `${url}/widget/${appId}`: give it to the app as INTERCOM_WIDGET_URL. */
  readonly widgetUrl: string;
  readonly appId: string;
  /**
   * What the fake saw: per platform and user, valid and invalid checks with reasons,
   * updates dropped by the budget and a verdict; the page sessions. Also `GET /__report`
   * (JSON) and `GET /__report.html` (a page for a person).
   */
  report(): FakeMessengerReport;
  /** Forgets every session, page session, conversation and count. */
  reset(): void;
  /** Checks a proof with the secret of `proof.platform`, as an iOS or Android app's Messenger would. */
  checkMobileProof(proof: MobileProofInput): Promise<MobileProofResult>;
  /** Stops the server and closes open connections. */
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const PAGE_ID_ERROR = 'page must be the page-session id the widget sends: 8 to 64 letters, digits, "-" or "_"';
const MAX_MESSAGE = 2000;

class BadRequest extends Error {}

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BadRequest('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new BadRequest('the body must be a JSON object'));
      }
    });
  });
}

function corsHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
    'access-control-max-age': '600',
    'cache-control': 'no-store',
  };
  // Chromium asks before a public page may reach a loopback server.
  if (request.headers['access-control-request-private-network'] === 'true')
    headers['access-control-allow-private-network'] = 'true';
  return headers;
}

function sendPage(request: IncomingMessage, response: ServerResponse, html: string): void {
  response.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : html);
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...corsHeaders(request),
    'content-type': `${type}; charset=utf-8`,
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : text);
}

function proofFields(value: unknown): ProofInput {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    user_id: source.user_id,
    email: source.email,
    user_hash: source.user_hash,
    intercom_user_jwt: source.intercom_user_jwt,
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function sessionUser(result: CheckResult): SessionUser | null {
  if (result.outcome === 'valid')
    return {
      key: result.key,
      label: result.label,
      verified: true,
      via: result.via,
      ...(result.expires !== undefined ? { expires: result.expires } : {}),
    };
  if (result.outcome === 'unverified') return { key: result.key, label: result.label, verified: false };
  return null;
}

/**
 * Starts a local stand-in for the Intercom Messenger that enforces Identity
 * Verification as Intercom does: it serves a widget script at `/widget/{app_id}`,
 * checks every boot and update with the core, keeps sessions in a first-party
 * cookie on the page's domain, and reports what it saw. Nothing reaches Intercom.
 *
 * It keeps the real Messenger's rules, with these assumptions where Intercom does
 * not say more:
 * - Update budget: at most 20 `Intercom('update')` per 30 minutes per page session.
 *   A page session is one page load: the widget makes a random id each time its
 *   script runs and sends it with every call, and the server counts per id (not per
 *   cookie, user or Messenger session). Every update that reaches the server counts,
 *   also one without changes, an attribute update, and one that verification then
 *   refuses; boots and shutdowns do not. The window slides on the `now` clock. A
 *   dropped update is not applied (its JWT is not taken), takes no place in the
 *   window, is answered 200 with `ignored: true`, and is reported.
 * - Held token: a session booted or updated with a JWT holds its `exp`; once past,
 *   messages and updates without a fresh token are refused (`jwt_expired`). A boot
 *   with a new valid token for the same user continues the session and holds the
 *   new `exp`, spending no update.
 * - Refusals answer the real status, `code` and `message` from the core's
 *   `MESSENGER_ERRORS`; `state`, `reason`, `hint` and `console` are the fake's additions.
 *
 * @example
 * ```ts
 * import { startFakeMessenger } from '@intercom-identity/testing';
 * const fake = await startFakeMessenger({ appId: 'abc123', secrets: { web: 'test-web-secret-0123456789abcdef' } });
 * process.env.INTERCOM_WIDGET_URL = fake.widgetUrl; // the app under test loads the fake
 * // ... drive the app in a browser ...
 * console.log(fake.report().platforms.web.users);
 * await fake.stop();
 * ```
 */
export async function startFakeMessenger(options: FakeMessengerOptions): Promise<FakeMessenger> {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'startFakeMessenger needs { appId, secrets: { web } }.');
  // The core validates the app id and the secrets exactly as an app's config would be.
  const config = resolveConfig(
    {},
    {
      appId: options.appId,
      secrets: options.secrets,
      ...(options.previousSecrets !== undefined ? { previousSecrets: options.previousSecrets } : {}),
      mode: options.mode ?? 'user_hash',
    },
  );
  const web = config.secrets.web;
  if (web === undefined)
    throw new IntercomIdentityError(
      'SECRET_MISSING',
      'The fake Messenger needs secrets.web: the same test secret the app under test signs with.',
    );
  const enforce = options.enforce ?? true;
  if (typeof enforce !== 'boolean') throw new IntercomIdentityError('SETTINGS_INVALID', 'enforce must be true or false.');
  const clock = options.now ?? Date.now;
  if (typeof clock !== 'function')
    throw new IntercomIdentityError('SETTINGS_INVALID', 'now must be a function that returns Unix milliseconds.');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new IntercomIdentityError('SETTINGS_INVALID', `port must be a whole number from 0 to 65535, got ${String(port)}.`);

  const appId = config.appId;
  const secrets: Partial<Record<Platform, string>> = {};
  for (const platform of PLATFORMS) {
    const secret = config.secrets[platform];
    if (secret !== undefined) secrets[platform] = secret.reveal();
  }
  const previousSecrets: Partial<Record<Platform, string>> = {};
  for (const platform of PLATFORMS) {
    const secret = config.previousSecrets[platform];
    if (secret !== undefined) previousSecrets[platform] = secret.reveal();
  }
  function nowMs(): number {
    const value = clock();
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new IntercomIdentityError(
        'SETTINGS_INVALID',
        'The now option must return Unix milliseconds: a finite number, 0 or more.',
      );
    return value;
  }
  const nowSeconds = (): number => Math.floor(nowMs() / 1000);
  nowMs();

  const context = (platform: Platform, enforced = enforce): RuleContext => ({
    platform,
    secrets,
    previousSecrets,
    mode: config.mode,
    enforce: enforced,
    now: nowSeconds(),
  });
  const sessions = new SessionStore(nowMs);
  const pages = new PageStore(nowMs);
  const book = new ReportBook({ appId, mode: config.mode, enforce });
  let url = '';

  /** Whether the session holds a JWT whose exp has passed: it is then no longer verified. */
  function tokenExpired(user: SessionUser | null): boolean {
    return user?.via === 'jwt' && user.expires !== undefined && user.expires <= nowSeconds();
  }

  /** The held token's exp and the page's update count, as the launcher shows them. */
  function extras(session: Session | undefined, page: PageSession | undefined): Record<string, unknown> {
    return {
      ...(session?.user?.via === 'jwt' && session.user.expires !== undefined ? { tokenExpires: session.user.expires } : {}),
      ...(page !== undefined ? { updates: page.updates } : {}),
    };
  }

  function booted(session: Session, page?: PageSession): Record<string, unknown> {
    const expired = tokenExpired(session.user);
    return {
      state: 'booted',
      user: session.user?.label ?? '',
      verified: (session.user?.verified ?? false) && !expired,
      ...(session.user?.via ? { via: session.user.via } : {}),
      ...(expired ? { reason: REJECTION_REASONS.jwtExpired } : {}),
      ...extras(session, page),
      session: session.token,
      messages: sessions.messages(session),
    };
  }

  function refused(reason: RejectionReason, hint?: string, session?: Session, page?: PageSession): [number, unknown] {
    const { status, body } = webRefusal(reason, hint);
    return [status, { ...body, ...extras(session, page) }];
  }

  /** Remembers whom the page's Messenger shows now (null: not booted, or shut down). */
  function note(page: PageSession | undefined, session: Session | null): void {
    if (page === undefined) return;
    page.session = session?.token ?? '';
    page.user = session?.user?.label ?? '';
    page.jwt = session?.user?.via === 'jwt';
    page.tokenExpires = page.jwt ? (session?.user?.expires ?? null) : null;
  }

  function pageReports(): FakeMessengerPageReport[] {
    const now = nowSeconds();
    return pages.list().map((page) => {
      const live = page.session === '' ? undefined : sessions.get(page.session);
      const user = live !== undefined ? (live.user?.label ?? '') : page.user;
      const jwt = live !== undefined ? live.user?.via === 'jwt' : page.jwt;
      const expires = live !== undefined ? (jwt ? (live.user?.expires ?? null) : null) : page.tokenExpires;
      return {
        id: page.id,
        user,
        boots: page.boots,
        updates: page.updates,
        dropped: page.dropped,
        tokenExpires: expires,
        tokenValid: jwt ? expires === null || expires > now : null,
      };
    });
  }

  const snapshot = (): FakeMessengerReport => book.snapshot(pageReports());

  function knownApp(body: Record<string, unknown>, settings: Record<string, unknown>): boolean {
    return body.widget_app_id === appId && (settings.app_id === undefined || settings.app_id === appId);
  }

  async function boot(body: Record<string, unknown>): Promise<[number, unknown]> {
    const settings = (typeof body.settings === 'object' && body.settings !== null ? body.settings : {}) as Record<
      string,
      unknown
    >;
    // Boots are not updates: they never use the budget. A page id is optional here (the widget always sends one).
    const id = pageId(body.page);
    if (id === null) return [400, { error: PAGE_ID_ERROR }];
    const page = id === undefined ? undefined : pages.touch(id);
    if (page !== undefined) page.boots++;
    if (!knownApp(body, settings)) {
      const claimed =
        typeof settings.user_id === 'string' ? settings.user_id : typeof settings.email === 'string' ? settings.email : '';
      book.record('web', 'boot', { outcome: 'invalid', reason: REJECTION_REASONS.unknownApp, label: claimed });
      note(page, null);
      return refused(REJECTION_REASONS.unknownApp, undefined, undefined, page);
    }
    const result = await checkIdentity(proofFields(settings), context('web'));
    book.record('web', 'boot', result);
    if (result.outcome === 'invalid') {
      note(page, null);
      return refused(result.reason, result.hint, undefined, page);
    }
    // Same user with the cookie's session: the session goes on, holding the new token (a refresh without an update).
    const session = sessions.resolve(body.session, sessionUser(result));
    note(page, session);
    return [200, booted(session, page)];
  }

  /** How an update that brings no proof of its own counts: as the session it continues. */
  function sessionResult(user: SessionUser | null): CheckResult {
    if (user === null) return { outcome: 'visitor' };
    if (!user.verified) return { outcome: 'unverified', key: user.key, label: user.label };
    return { outcome: 'valid', via: user.via ?? 'user_hash', key: user.key, label: user.label };
  }

  async function update(body: Record<string, unknown>): Promise<[number, unknown]> {
    const settings = (typeof body.settings === 'object' && body.settings !== null ? body.settings : {}) as Record<
      string,
      unknown
    >;
    const id = pageId(body.page);
    if (id === undefined || id === null) return [400, { error: PAGE_ID_ERROR }];
    if (!knownApp(body, settings)) return refused(REJECTION_REASONS.unknownApp);
    const session = sessions.get(body.session);
    if (session === undefined) return refused(REJECTION_REASONS.noSession);
    const page = pages.touch(id);
    // The budget comes first: a dropped update is not looked at, so a token it carries is not taken.
    if (!pages.spendUpdate(page)) {
      book.recordDropped(session.user?.label ?? '');
      note(page, session);
      return [
        200,
        { ...booted(session, page), ignored: true, console: droppedUpdateText(UPDATE_LIMIT, UPDATE_WINDOW_MS / 60_000) },
      ];
    }
    note(page, session);
    const fields = proofFields(settings);
    const jwtSession = session.user?.via === 'jwt';
    const hasProof = present(fields.user_hash) || present(fields.intercom_user_jwt);
    const hasIdentity = present(fields.user_id) || present(fields.email);

    if (!hasProof && !jwtSession) {
      // Attribute updates, and updates that repeat the booted identity, need no new proof.
      // They are still reported, as the session's user, so a test can see that a page sent one.
      const sameSession = (): [number, unknown] => {
        book.record('web', 'update', sessionResult(session.user));
        return [200, booted(session, page)];
      };
      if (!hasIdentity) return sameSession();
      const repeated = (await checkIdentity(fields, context('web', false))) as CheckResult;
      if (repeated.outcome === 'unverified' && repeated.key === session.user?.key) return sameSession();
    }
    const result = await checkIdentity(fields, context('web'));
    if (jwtSession && !(result.outcome === 'valid' && result.via === 'jwt')) {
      // Every update of a JWT user must carry a valid token; once the held one has expired, that is what is said.
      const reason =
        result.outcome === 'invalid'
          ? result.reason
          : tokenExpired(session.user)
            ? REJECTION_REASONS.jwtExpired
            : REJECTION_REASONS.missingJwt;
      const hint = result.outcome === 'invalid' ? result.hint : undefined;
      book.record('web', 'update', {
        outcome: 'invalid',
        reason,
        label: session.user?.label ?? '',
        ...(hint !== undefined ? { hint } : {}),
      });
      return refused(reason, hint, session, page);
    }
    book.record('web', 'update', result);
    if (result.outcome === 'invalid') return refused(result.reason, result.hint, session, page);
    const next = sessions.resolve(session.token, sessionUser(result));
    note(page, next);
    return [200, booted(next, page)];
  }

  function message(body: Record<string, unknown>): [number, unknown] {
    const session = sessions.get(body.session);
    if (session === undefined) return refused(REJECTION_REASONS.noSession);
    if (typeof body.text !== 'string' || body.text.trim() === '' || body.text.length > MAX_MESSAGE)
      return [400, { error: `text must be a non-empty string of at most ${MAX_MESSAGE} characters` }];
    const id = pageId(body.page);
    const page = typeof id === 'string' ? pages.touch(id) : undefined;
    if (tokenExpired(session.user)) {
      // The session's token has expired: it is no longer verified, and the message is not stored.
      book.record('web', 'message', {
        outcome: 'invalid',
        reason: REJECTION_REASONS.jwtExpired,
        label: session.user?.label ?? '',
      });
      return refused(REJECTION_REASONS.jwtExpired, undefined, session, page);
    }
    sessions.addMessage(session, body.text);
    return [200, booted(session, page)];
  }

  function shutdown(body: Record<string, unknown>): [number, unknown] {
    const id = pageId(body.page);
    if (typeof id === 'string') note(pages.touch(id), null);
    return [200, { ended: sessions.end(body.session) }];
  }

  async function mobileCheck(body: Record<string, unknown>): Promise<[number, MobileProofResult | { error: string }]> {
    const platform = body.platform as Platform;
    if (!PLATFORMS.includes(platform)) return [400, { error: 'platform must be ios, android or web' }];
    const fields = proofFields(body);
    if (!present(fields.user_id) && !present(fields.email) && !present(fields.user_hash) && !present(fields.intercom_user_jwt))
      return [400, { error: 'send the proof: user_id or email with user_hash, or intercom_user_jwt' }];
    // A check is about the proof: it is required whether or not boots are enforced.
    const result = await checkIdentity(fields, context(platform, true));
    book.record(platform, 'mobile', result);
    if (result.outcome === 'valid')
      return [
        200,
        { valid: true, status: 200, user: result.label, via: result.via, ...(result.secret ? { secret: result.secret } : {}) },
      ];
    // The SDKs answer a JWT problem (a token sent, or none in mode 'jwt') with 400, a user hash problem with 401.
    const jwt = present(fields.intercom_user_jwt) || (config.mode === 'jwt' && !present(fields.user_hash));
    const error = mobileError(jwt ? 'jwt' : 'user_hash');
    const status = error.status ?? 400;
    const refusal = { valid: false, status, ...(error.code !== undefined ? { code: error.code } : {}), message: error.text };
    if (result.outcome === 'invalid')
      return [status, { ...refusal, user: result.label, reason: result.reason, ...(result.hint ? { hint: result.hint } : {}) }];
    return [status, { ...refusal, user: '', reason: jwt ? REJECTION_REASONS.missingJwt : REJECTION_REASONS.missingUserHash }];
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://fake.invalid');
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      response.writeHead(204, corsHeaders(request));
      response.end();
      return;
    }
    const widget = /^\/widget\/([^/]+)\/?$/.exec(pathname);
    if (widget !== null && (method === 'GET' || method === 'HEAD')) {
      let id: string;
      try {
        id = decodeURIComponent(widget[1] as string);
      } catch {
        id = '';
      }
      // An unknown app id still gets a widget: its boots are refused with "unknown app_id", as a page would see.
      const script = widgetScript({ appId: id, base: url, routed: searchParams.get('routed') === '1' });
      send(request, response, 200, script, 'text/javascript');
      return;
    }
    const read = method === 'GET' || method === 'HEAD';
    if (read && pathname === '/__report') return send(request, response, 200, snapshot());
    if (read && pathname === '/__report.html') return sendPage(request, response, reportPage(snapshot()));
    if (read && pathname === '/') return sendPage(request, response, indexPage(appId));
    if (method === 'POST') {
      if (pathname === '/__reset') {
        reset();
        return send(request, response, 200, { reset: true });
      }
      const routes: Record<string, (body: Record<string, unknown>) => Promise<[number, unknown]> | [number, unknown]> = {
        '/messenger/boot': boot,
        '/messenger/update': update,
        '/messenger/message': message,
        '/messenger/shutdown': shutdown,
        '/mobile/check': mobileCheck,
      };
      const route = routes[pathname];
      if (route !== undefined) {
        const [status, answer] = await route(await readBody(request));
        return send(request, response, status, answer);
      }
    }
    send(request, response, 404, { error: `The fake Messenger has no ${method} ${pathname}.` });
  }

  function reset(): void {
    sessions.clear();
    pages.clear();
    book.clear();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      const status = error instanceof BadRequest ? 400 : 500;
      send(request, response, status, { error: error instanceof BadRequest ? error.message : 'internal error of the fake' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    widgetUrl: `${url}/widget/${encodeURIComponent(appId)}`,
    appId,
    report: snapshot,
    reset,
    async checkMobileProof(proof) {
      const response = await fetch(`${url}/mobile/check`, { method: 'POST', body: JSON.stringify(proof) });
      const body = (await response.json()) as MobileProofResult | { error: string };
      if ('error' in body)
        throw new IntercomIdentityError('SETTINGS_INVALID', `The mobile check refused the request: ${body.error}.`);
      return body;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
