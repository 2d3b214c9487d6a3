import { type IdentityMode, IntercomIdentityError, MODES } from '@intercom-identity/core';
import { redact } from '../secret-forms.js';
import { type BrowserSession, type BrowserView, DEFAULT_CHROMIUM, openBrowser } from './browser.js';
import { proofKindOf } from './calls.js';
import { buildChecks, type ConsentFacts, type Facts, proofOf, sentIdentifiers } from './checks/index.js';
import { askProofEndpoint, type EndpointAnswer } from './endpoint.js';
import { fetchPage } from './fetch.js';
import { findScripts, isJavaScript } from './html.js';
import { absolute, findLoader, isIntercomUrl } from './loader.js';
import { decodeJwt, findHashMatch, findJwtSigner, identifierOf, type NamedSecret } from './proof.js';
import { findSettings } from './settings.js';
import type { CheckStatus, ConsentReport, DoctorOptions, DoctorReport, MessengerReport, MessengerStepReport } from './types.js';

// Enough for any real page's own scripts; a page that loads more is not read to the end.
const MAX_SCRIPT_FILES = 40;

/**
 * Loads a page the way a browser would (as a logged-in user when given cookies)
 * and checks its Messenger setup against Intercom's Identity Verification
 * troubleshooting list. Resolves to a report; it never contains a secret, a
 * cookie, or an encoding of either.
 *
 * @example
 * ```ts
 * import { runDoctor } from '@intercom-identity/cli';
 * const report = await runDoctor({
 *   url: 'http://localhost:3000/',
 *   cookies: { session: 'abc' },
 *   secret: process.env.INTERCOM_IDENTITY_SECRET,
 * });
 * for (const check of report.checks) console.log(check.status, check.title, check.fix ?? '');
 * ```
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const url = checkUrl(options?.url);
  const configMode = checkMode(options.mode);
  const proofEndpoint = checkEndpoint(options.proofEndpoint, url);
  const cookies = options.cookies ?? {};
  const otherCookies = options.otherCookies ?? {};
  const secrets = namedSecrets(options);
  const timeoutMs = Math.max(1, options.timeoutSeconds ?? 30) * 1000;
  const decode = decodeJwt;
  const now = Math.floor(Date.now() / 1000);

  // What a page loads before consent is seen only by running it: --consent-required runs the page in Chromium.
  const consentRequired = options.consentRequired === true;
  let session: BrowserSession | undefined;
  try {
    if (options.browser || consentRequired)
      session = await openBrowser(
        options.chromiumPath ?? DEFAULT_CHROMIUM,
        timeoutMs,
        consentRequired ? '--consent-required' : '--browser',
      );
    const page = await fetchPage(url, cookies, timeoutMs);
    const scripts = findScripts(page.body);
    const files: { url: string; path: string; body: string }[] = [];
    let crossOrigin = 0;
    // Same-origin scripts the HTML names that were not read: they failed to load, or came after the first MAX_SCRIPT_FILES.
    const failedScripts: string[] = [];
    let skippedScripts = 0;
    if (page.error === undefined) {
      const origin = new URL(page.finalUrl).origin;
      const sources = new Set<string>();
      for (const script of scripts) {
        if (script.src === undefined || !isJavaScript(script)) continue;
        const src = absolute(script.src, page.finalUrl);
        if (src === undefined) continue;
        if (new URL(src).origin === origin) sources.add(src);
        else if (!isIntercomUrl(src)) crossOrigin++;
      }
      for (const src of [...sources].slice(0, MAX_SCRIPT_FILES)) {
        const file = await fetchPage(src, cookies, timeoutMs);
        if (file.error === undefined && file.status < 400) files.push({ url: src, path: pathOf(src, origin), body: file.body });
        else failedScripts.push(src);
      }
      skippedScripts = Math.max(0, sources.size - MAX_SCRIPT_FILES);
    }
    const found = findSettings(page.body, scripts);
    const staticLoader = findLoader(scripts, page.finalUrl, files);
    const block = (requested: string) =>
      isIntercomUrl(requested) || staticLoader.widgetUrls.some((widget) => sameResource(widget, requested));

    let view: BrowserView | undefined;
    if (session !== undefined && page.error === undefined) {
      view = await session.view(url, cookies, block);
      const origin = new URL(page.finalUrl).origin;
      for (const script of view.scripts)
        if (!files.some((file) => file.url === script.url))
          files.push({ url: script.url, path: pathOf(script.url, origin), body: script.body });
    }
    const loader = findLoader(scripts, page.finalUrl, files);
    if (loader.where === undefined && view !== undefined) {
      const request = view.blocked.find((blocked) => /\/widget\/|intercomcdn/.test(blocked));
      if (request !== undefined) loader.where = `a request to ${request} (blocked)`;
      loader.widgetUrls.push(...view.blocked);
    }
    const settings = view !== undefined ? view.settings : found.kind === 'json' ? found.settings : undefined;
    const proof = proofOf(settings, decode);
    const hashMatch =
      proof?.kind === 'user_hash' && typeof proof.value === 'string' && settings !== undefined
        ? await findHashMatch(proof.value, sentIdentifiers(settings), secrets)
        : undefined;
    const jwtSigner =
      proof?.kind === 'jwt' && typeof proof.value === 'string' ? await findJwtSigner(proof.value, secrets, now) : undefined;
    // A later update changed the identifier and kept the user_hash: which identifier was it made for?
    const proofSettings = view?.timeline?.proofSettings;
    const signedHashMatch =
      hashMatch === undefined && proof?.kind === 'user_hash' && typeof proof.value === 'string' && proofSettings !== undefined
        ? await findHashMatch(proof.value, sentIdentifiers(proofSettings), secrets)
        : undefined;

    let second: Facts['second'];
    if (proof !== undefined) {
      const secondPage = await fetchPage(url, otherCookies, timeoutMs);
      let secondSettings: Record<string, unknown> | undefined;
      let secondError: string | undefined;
      if (session !== undefined) {
        const secondView = await session.view(url, otherCookies, block);
        secondSettings = secondView.settings;
        secondError = secondView.error;
      } else {
        const secondFound = findSettings(secondPage.body);
        secondSettings = secondFound.kind === 'json' ? secondFound.settings : undefined;
      }
      second = { page: secondPage, settings: secondSettings, error: secondError };
    }

    let endpoint: EndpointAnswer | undefined;
    if (proofEndpoint !== undefined && page.error === undefined)
      endpoint = await askProofEndpoint(proofEndpoint, page.finalUrl, cookies, timeoutMs, decode);

    // The first view is the visit before consent: a fresh context, nothing granted, only the --cookie values set.
    const consent =
      consentRequired && view !== undefined && view.error === undefined ? consentFacts(view, Object.keys(cookies)) : undefined;
    const facts: Facts = {
      page,
      browserError: view?.error,
      mode: session !== undefined ? 'browser' : 'html',
      scripts,
      files,
      crossOriginScripts: crossOrigin,
      // Chromium may have loaded a script that the doctor's own request could not.
      failedScripts: failedScripts.filter((src) => !files.some((file) => file.url === src)).length,
      skippedScripts,
      found,
      settings,
      loader,
      secrets,
      cookiesGiven: Object.keys(cookies).length > 0,
      otherCookiesGiven: Object.keys(otherCookies).length > 0,
      proof,
      hashMatch,
      signedHashMatch,
      messenger: view?.timeline,
      jwtSigner,
      second,
      configMode,
      consentRequired,
      consent,
      endpoint,
      now,
    };
    const checks = buildChecks(facts, decode);
    const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const check of checks) summary[check.status]++;
    const report: DoctorReport = {
      url,
      finalUrl: page.finalUrl,
      mode: facts.mode,
      loggedIn: facts.cookiesGiven,
      secrets: secrets.map((secret) => secret.label),
      ok: summary.fail === 0,
      checks,
      summary,
    };
    if (view !== undefined) report.messenger = messengerReport(view);
    if (consent !== undefined) report.consent = consentReport(consent, loader.gate?.consent === true);
    // A last line of defence: page values (a user_id, a claim) are quoted in messages, and a page
    // may hold a secret or a cookie where an identifier should be.
    const cookieValues = [...Object.values(cookies), ...Object.values(otherCookies)].filter((value) => value.length >= 8);
    return redactDeep(report, [...secrets.map((secret) => secret.value), ...cookieValues]);
  } finally {
    await session?.close();
  }
}

/** What the first load did before consent: Intercom's requests by origin and path (no query), cookie names only. */
function consentFacts(view: BrowserView, given: readonly string[]): ConsentFacts {
  const requests: string[] = [];
  for (const url of view.blocked) {
    let shown: string;
    try {
      const parsed = new URL(url);
      shown = `${parsed.origin}${parsed.pathname}`;
    } catch {
      continue;
    }
    if (!requests.includes(shown)) requests.push(shown);
  }
  const cookies = [...new Set(view.cookieNames)].filter((name) => name.startsWith('intercom-') && !given.includes(name));
  return { state: view.consent, requests, cookies };
}

function consentReport(consent: ConsentFacts, gatedBootScript: boolean): ConsentReport {
  const state =
    consent.state === 'pending' || consent.state === 'granted' || consent.state === 'withdrawn' ? consent.state : null;
  return { state, gatedBootScript, requests: consent.requests, cookies: consent.cookies };
}

/** The page's Intercom calls for the report: proofs by kind only. */
function messengerReport(view: BrowserView): MessengerReport {
  const timeline = view.timeline;
  const bootedBy = timeline?.bootedBy ?? view.via ?? 'none';
  return {
    bootedBy,
    updatesMerged: timeline?.updatesMerged ?? 0,
    steps: (timeline?.steps ?? []).map((step) => {
      const kind = proofKindOf(step.settings);
      const shown: MessengerStepReport = {
        call: step.kind === 'other' ? (step.command ?? 'other') : step.kind,
        assigned: step.assigned,
        at: step.at,
        proof: kind === 'jwt' ? 'intercom_user_jwt' : (kind ?? null),
      };
      const userId = identifierOf(step.settings?.user_id);
      if (userId !== undefined) shown.user_id = userId;
      if (typeof step.settings?.email === 'string') shown.email = step.settings.email;
      if (step.from !== undefined) shown.from = step.from;
      return shown;
    }),
  };
}

function checkUrl(value: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      'The doctor needs the http(s) URL of a page, such as http://localhost:3000/.',
    );
  return parsed.href;
}

function checkMode(value: unknown): IdentityMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(MODES as readonly string[]).includes(value))
    throw new IntercomIdentityError('MODE_UNKNOWN', `The doctor's mode option must be ${MODES.join(' or ')}.`);
  return value as IdentityMode;
}

// The endpoint is asked with the --cookie values: only on the page's own origin.
function checkEndpoint(value: unknown, page: string): string | undefined {
  if (value === undefined) return undefined;
  let resolved: URL | undefined;
  try {
    resolved = typeof value === 'string' && value !== '' ? new URL(value, page) : undefined;
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || resolved.origin !== new URL(page).origin)
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      "The doctor's proofEndpoint must be a path on the page's origin, such as /api/intercom-identity: it is asked with the page's cookies.",
    );
  return resolved.href;
}

function namedSecrets(options: DoctorOptions): NamedSecret[] {
  const secrets: NamedSecret[] = [];
  const add = (kind: NamedSecret['kind'], label: string, value: string | undefined, previous = false) => {
    if (typeof value === 'string' && value !== '' && !secrets.some((secret) => secret.value === value))
      secrets.push(previous ? { kind, label, value, previous } : { kind, label, value });
  };
  // The current secrets first: a proof is matched to the first secret it verifies with.
  add('web', 'the web secret', options.secret);
  add('ios', 'the iOS secret', options.iosSecret);
  add('android', 'the Android secret', options.androidSecret);
  add('web', 'the previous web secret', options.previousSecret, true);
  add('ios', 'the previous iOS secret', options.iosPreviousSecret, true);
  add('android', 'the previous Android secret', options.androidPreviousSecret, true);
  for (const [index, value] of (options.alsoSecrets ?? []).entries())
    add('also', `--also-secret #${index + 1} (another workspace)`, value);
  return secrets;
}

function pathOf(url: string, origin: string): string {
  const parsed = new URL(url);
  return parsed.origin === origin ? `${parsed.pathname}${parsed.search}` : url;
}

function sameResource(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, secrets)])) as T;
  return value;
}
