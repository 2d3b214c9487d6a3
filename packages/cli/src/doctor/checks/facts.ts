import type { IdentityMode } from '@intercom-identity/core';
import type { MessengerTimeline } from '../calls.js';
import type { EndpointAnswer } from '../endpoint.js';
import type { FetchedPage } from '../fetch.js';
import type { ScriptElement } from '../html.js';
import type { LoaderInfo } from '../loader.js';
import {
  type DecodedJwt,
  type HashMatch,
  type IdentifierField,
  identifierOf,
  type JwtSigner,
  type NamedSecret,
} from '../proof.js';
import type { FoundSettings } from '../settings.js';

/** The proof the page sends. */
export type Proof = { kind: 'user_hash'; value: unknown } | { kind: 'jwt'; value: unknown; decoded: DecodedJwt | undefined };

/** What the first load in Chromium did before any consent (with --consent-required). */
export interface ConsentFacts {
  /** `window.intercomConsent` once the page was still, when it is a string. */
  state: string | undefined;
  /** Requests to Intercom's hosts or the widget URL: origin and path, each once, in order. */
  requests: string[];
  /** Names of the `intercom-*` cookies the browser held, not counting those given with --cookie. */
  cookies: string[];
}

/** Everything the doctor learned about the page; the checks only read it. */
export interface Facts {
  page: FetchedPage;
  browserError: string | undefined;
  mode: 'html' | 'browser';
  scripts: ScriptElement[];
  /** Same-origin scripts that were read. */
  files: { path: string; body: string }[];
  /** Cross-origin script files that were not read. */
  crossOriginScripts: number;
  /** Same-origin script files the HTML names that could not be loaded. */
  failedScripts: number;
  /** Same-origin script files the HTML names beyond the number the doctor reads. */
  skippedScripts: number;
  found: FoundSettings;
  /** The settings the Messenger would get; undefined when they could not be read. */
  settings: Record<string, unknown> | undefined;
  loader: LoaderInfo;
  secrets: NamedSecret[];
  cookiesGiven: boolean;
  otherCookiesGiven: boolean;
  proof: Proof | undefined;
  hashMatch: HashMatch | undefined;
  /**
   * With --browser, when a later update changed the identifier and kept the proof: the match of the user_hash
   * against the identifiers it came with (`messenger.proofSettings`).
   */
  signedHashMatch: HashMatch | undefined;
  /** With --browser: the page's Intercom calls, in order, and the settings the Messenger boots with. */
  messenger: MessengerTimeline | undefined;
  jwtSigner: JwtSigner | undefined;
  second: { page: FetchedPage; settings: Record<string, unknown> | undefined; error: string | undefined } | undefined;
  /** The mode the setup is meant to run in (--mode or INTERCOM_IDENTITY_MODE); undefined when not given. */
  configMode: IdentityMode | undefined;
  /** Whether --consent-required was given: the consent checks are in the report. */
  consentRequired: boolean;
  /** With --consent-required, what the first load did before consent; undefined when Chromium could not load it. */
  consent: ConsentFacts | undefined;
  /** The proof endpoint's answer for the first user's session, when --proof-endpoint was given. */
  endpoint: EndpointAnswer | undefined;
  now: number;
}

/** The identifier a page sends, by field, as the Messenger reads it. */
export function sentIdentifiers(settings: Record<string, unknown>): Partial<Record<IdentifierField, string>> {
  const out: Partial<Record<IdentifierField, string>> = {};
  const userId = identifierOf(settings.user_id);
  const email = identifierOf(settings.email);
  if (userId !== undefined) out.user_id = userId;
  if (email !== undefined && typeof settings.email === 'string') out.email = email;
  return out;
}

export function proofOf(
  settings: Record<string, unknown> | undefined,
  decode: (token: string) => DecodedJwt | undefined,
): Proof | undefined {
  if (settings === undefined) return undefined;
  const jwt = settings.intercom_user_jwt;
  if (jwt !== undefined && jwt !== null)
    return { kind: 'jwt', value: jwt, decoded: typeof jwt === 'string' ? decode(jwt) : undefined };
  if (settings.user_hash !== undefined && settings.user_hash !== null) return { kind: 'user_hash', value: settings.user_hash };
  return undefined;
}
