/**
 * A page for the React tests (happy-dom): the proof endpoint as a stubbed
 * `fetch`, and a fake Messenger that "arrives" when a test says its script has
 * loaded. It replays the queued calls as the real Messenger does and records
 * every call it receives.
 */
import { vi } from 'vitest';

export const APP = 'ws2024ab';
export const EU = 'https://api-iam.eu.intercom.io';
export const WIDGET = 'https://widget.example.test/widget/ws2024ab';
export const WORKSPACE = { app_id: APP, api_base: EU, widget_url: WIDGET };
export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);

export const aliceHash = {
  body: { ...WORKSPACE, type: 'user_hash', platform: 'web', user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A },
};
export const bobHash = {
  body: { ...WORKSPACE, type: 'user_hash', platform: 'web', email: 'bob@example.com', user_hash: HASH_B },
};
export const noSession = { status: 401, body: { error: { code: 'NO_SESSION', message: 'Sign in first.' }, ...WORKSPACE } };
export const jwtAnswer = (token: string) => ({
  body: { ...WORKSPACE, type: 'jwt', platform: 'web', intercom_user_jwt: token, expires_at: 0 },
});

let tokens = 0;
/** A JWT as the browser sees it (the Messenger checks the signature, the client only reads the claims); a new one on every call. */
export function jwt(userId: string, lifetimeSeconds = 3600, extra: Record<string, unknown> = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ user_id: userId, ...extra, n: tokens++, iat, exp: iat + lifetimeSeconds })}.sig`;
}

export interface Answer {
  status?: number;
  body: unknown;
}

export interface Asked {
  url: string;
  credentials: RequestCredentials | undefined;
}

/** Stubs `fetch` as the proof endpoint: the next answer each time, the last one again once they run out. */
export function proofEndpoint(...answers: Array<Answer | (() => Answer)>): { asked: Asked[] } {
  const asked: Asked[] = [];
  let next = 0;
  vi.stubGlobal('fetch', async (url: string | URL | Request, init?: RequestInit) => {
    asked.push({ url: String(url), credentials: init?.credentials });
    const chosen = answers[Math.min(next++, answers.length - 1)] as Answer | (() => Answer);
    const answer = typeof chosen === 'function' ? chosen() : chosen;
    return Response.json(answer.body, { status: answer.status ?? 200 });
  });
  return { asked };
}

type Call = unknown[];
type IntercomStub = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[] };
interface IntercomWindow {
  Intercom?: IntercomStub;
  intercomSettings?: Record<string, unknown>;
  intercomConsent?: unknown;
}

export const page = window as unknown as IntercomWindow;

/** Every call the Messenger received since it arrived. */
export const received: Call[] = [];

/** The calls that change the Messenger's session: boot, update, shutdown. */
export function sessionCalls(): Call[] {
  return received.filter(([command]) => command === 'boot' || command === 'update' || command === 'shutdown');
}

/** The Messenger's script has loaded: it takes the queued calls, then answers every call itself. */
export function messengerArrives(): void {
  const queued = Array.from(page.Intercom?.q ?? []);
  if (Array.isArray(page.Intercom?.q)) page.Intercom.q.length = 0;
  page.Intercom = (...args: unknown[]) => void received.push(args);
  for (const call of queued) page.Intercom(...Array.from(call));
}

/** The scripts that load the Messenger (not the app's own). */
export function messengerScripts(): HTMLScriptElement[] {
  return [...document.querySelectorAll('script')].filter((tag) => tag.id !== 'app');
}

/** A fresh page: the app's script only, no Messenger, empty storage. */
export function resetPage(): void {
  // The official SDK keeps its queue for the life of the module: calls no Messenger took must not reach the next test.
  if (Array.isArray(page.Intercom?.q)) page.Intercom.q.length = 0;
  delete page.Intercom;
  delete page.intercomSettings;
  // A consent gate of the last test's page, and its cookies, are not this page's.
  delete page.intercomConsent;
  for (const name of document.cookie.split(';').map((part) => part.split('=')[0]?.trim() ?? '')) {
    if (name === '') continue;
    // biome-ignore lint/suspicious/noDocumentCookie: happy-dom has no Cookie Store
    document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  }
  received.length = 0;
  document.head.innerHTML = '<script id="app"></script>';
  localStorage.clear();
}

/** The names of the page's cookies that begin with `intercom-`, sorted. */
export function intercomCookies(): string[] {
  return document.cookie
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter((name) => name.startsWith('intercom-'))
    .sort();
}
