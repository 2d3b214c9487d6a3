import { type DecodedJwt, identifierOf } from './proof.js';
import type { RecordedEvent } from './recorder.js';
import type { DoctorFindingCode } from './types.js';

// What the Messenger would make of the calls a page made, in order. The Messenger never loads under the doctor
// (its script is blocked), so the model is the one of a Messenger that loads last: it boots with
// window.intercomSettings as it stands at the end, then plays the queued calls in order. A boot replaces the
// settings; an update is merged into them, key by key; a shutdown ends the session.

type Settings = Record<string, unknown>;

/** What the Messenger saw in one step. */
export interface MessengerStep {
  /** Its place among the steps, from 1. */
  index: number;
  /** Milliseconds since the document started. */
  at: number;
  /**
   * `boot`, `update`, `shutdown` and `other` calls; `settings`: `window.intercomSettings` was assigned.
   * A boot or an update that passes the object just assigned is one step with `assigned` set: what
   * react-use-intercom's `boot()` and @intercom/messenger-js-sdk's `Intercom({...})` do.
   */
  kind: 'boot' | 'update' | 'shutdown' | 'other' | 'settings';
  /** The call's command, for calls. */
  command?: string;
  /** The settings the step brings: the call's argument, or the object assigned. */
  settings: Settings | undefined;
  /** The step assigned `window.intercomSettings` (alone, or right before the call that passes it). */
  assigned: boolean;
  /** The script and line it came from: a path on the page's origin, or a URL without its query. */
  from?: string;
}

export type ProofKind = 'user_hash' | 'jwt';

/** What is wrong with one step. */
export type CallProblem =
  /** A boot without a proof after a signed one, with no shutdown between. */
  | { kind: 'unsigned-boot' }
  /**
   * `user_id` or `email` changed without a proof for the new value. `signed`: the field was part of what was
   * signed (the user_id; an email hashed or in the token); false for an email next to a signed user_id.
   * `before` is undefined when the update adds a user_id to a user known by email.
   */
  | { kind: 'identity-change'; field: 'user_id' | 'email'; before: string | undefined; after: string; signed: boolean }
  /** `user_hash` or `intercom_user_jwt` set to null or empty, or settings without the proof assigned over signed ones. */
  | { kind: 'proof-dropped'; how: 'emptied' | 'settings' };

export interface CallFinding {
  code: DoctorFindingCode;
  status: 'fail' | 'warn';
  step: MessengerStep;
  problem: CallProblem;
  /** After this step the Messenger is (or, once loaded, boots) without any proof. */
  unsigned: boolean;
  /** Who the settings after the step name, for the message. */
  names: { user_id?: string; email?: string };
}

/** The page's conversation with the Messenger, and the settings it ends with. */
export interface MessengerTimeline {
  steps: MessengerStep[];
  /** Events the page made beyond what the doctor records. */
  dropped: number;
  /** The settings the Messenger is booted with at the end: the last boot with the later updates merged. */
  booted: Settings | undefined;
  /** `boot`: the last `Intercom('boot')` call; `intercomSettings`: the settings the Messenger boots with when it loads. */
  bootedBy: 'boot' | 'intercomSettings' | undefined;
  /** Updates merged into the booted settings. */
  updatesMerged: number;
  /** A step carried a proof. */
  signedOnce: boolean;
  findings: CallFinding[];
  /**
   * The settings the booted proof came with, when they name someone else than the booted settings: a later
   * update changed the identifier and kept the proof. The proof checks are run against them.
   */
  proofSettings: Settings | undefined;
}

/** Groups the recorded events into the steps the Messenger sees. */
export function stepsOf(events: readonly RecordedEvent[], origin: string): MessengerStep[] {
  const steps: MessengerStep[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RecordedEvent;
    const settings = isSettings(event.settings) ? event.settings : undefined;
    const from = event.from === undefined ? undefined : where(event.from, origin);
    const base = { index: steps.length + 1, at: event.at, ...(from !== undefined ? { from } : {}) };
    if (event.kind === 'settings') {
      // @intercom/messenger-js-sdk calls Intercom('reattach_activator') between its assignment and its update.
      let next = i + 1;
      while (events[next]?.kind === 'call' && events[next]?.command === 'reattach_activator') next++;
      const call = events[next];
      if (
        call?.kind === 'call' &&
        call.passesIntercomSettings === true &&
        (call.command === 'boot' || call.command === 'update')
      ) {
        steps.push({
          ...base,
          kind: call.command,
          command: call.command,
          settings: isSettings(call.settings) ? call.settings : settings,
          assigned: true,
        });
        i = next;
        continue;
      }
      steps.push({ ...base, kind: 'settings', settings, assigned: true });
      continue;
    }
    const command = event.command ?? '';
    const kind = command === 'boot' || command === 'update' || command === 'shutdown' ? command : 'other';
    steps.push({ ...base, kind, command, settings, assigned: false });
  }
  return steps;
}

/**
 * Plays the steps as the Messenger would. `finalSettings` is `window.intercomSettings` as the page left it
 * (it may have been changed in place after it was assigned).
 */
export function readTimeline(
  steps: readonly MessengerStep[],
  finalSettings: unknown,
  decode: (token: string) => DecodedJwt | undefined,
  dropped = 0,
): MessengerTimeline {
  const findings: CallFinding[] = [];
  // What the Messenger has, or boots with when it loads.
  let current: Settings | undefined;
  // A boot or a shutdown happened: from then on calls drive the Messenger, not window.intercomSettings.
  let explicit = false;
  // A signed state in this session (since the last shutdown).
  let everSigned = false;
  let signedOnce = false;
  let lastAssigned: Settings | undefined;
  // Updates before any boot: the Messenger plays them after it booted with window.intercomSettings.
  let pending: Settings[] = [];
  let updatesMerged = 0;
  let bootedBy: MessengerTimeline['bootedBy'];
  let proofSettings: Settings | undefined;

  const add = (step: MessengerStep, problem: CallProblem, after: Settings | undefined, status: 'fail' | 'warn' = 'fail') => {
    const code: DoctorFindingCode =
      problem.kind === 'unsigned-boot'
        ? 'BOOT_UNSIGNED_AFTER_SIGNED'
        : problem.kind === 'identity-change'
          ? 'UPDATE_IDENTITY_UNSIGNED'
          : 'PROOF_DROPPED';
    const names: CallFinding['names'] = {};
    const userId = identifierOf(after?.user_id);
    if (userId !== undefined) names.user_id = userId;
    if (typeof after?.email === 'string') names.email = after.email;
    findings.push({ code, status, step, problem, unsigned: !isSigned(after), names });
  };

  for (const step of steps) {
    const before = current;
    if (step.kind === 'shutdown') {
      current = undefined;
      explicit = true;
      everSigned = false;
      pending = [];
      bootedBy = undefined;
      updatesMerged = 0;
      continue;
    }
    if (step.assigned) lastAssigned = step.kind === 'settings' ? step.settings : (step.settings ?? lastAssigned);
    if (step.kind === 'settings') {
      const assigned = step.settings;
      if (!explicit) {
        // The Messenger boots with these when it loads, then plays the updates made so far.
        current = assigned === undefined ? undefined : merge(assigned, pending);
        if (everSigned && !isSigned(current)) add(step, { kind: 'proof-dropped', how: 'settings' }, current);
      } else if (everSigned && assigned !== undefined && !isSigned(assigned)) {
        add(step, { kind: 'proof-dropped', how: 'settings' }, assigned, 'warn');
      }
    } else if (step.kind === 'boot') {
      const settings = step.settings ?? lastAssigned;
      if (everSigned && !isSigned(settings)) add(step, { kind: 'unsigned-boot' }, settings);
      explicit = true;
      current = settings;
      pending = [];
      bootedBy = settings === undefined ? undefined : 'boot';
      updatesMerged = 0;
    } else if (step.kind === 'update' && step.settings !== undefined) {
      const changes = step.settings;
      // Intercom({...}) of @intercom/messenger-js-sdk before the Messenger booted: it boots with the new object.
      const replaced = step.assigned && !explicit;
      // After a shutdown, an update with settings boots the Messenger with them.
      const after = replaced
        ? merge(changes, [...pending, changes])
        : before !== undefined
          ? { ...before, ...changes }
          : explicit
            ? changes
            : undefined;
      if (explicit && before === undefined) bootedBy = 'boot';
      if (before !== undefined && everSigned) {
        const problem = identityProblem(before, changes, decode, replaced);
        if (problem !== undefined) add(step, problem, after, problem.signed || !isSigned(after) ? 'fail' : 'warn');
        else if (emptiesProof(changes)) add(step, { kind: 'proof-dropped', how: 'emptied' }, after);
        else if (step.assigned && !isSigned(changes))
          add(step, { kind: 'proof-dropped', how: 'settings' }, after, isSigned(after) ? 'warn' : 'fail');
      }
      if (!explicit) pending.push(changes);
      else if (before !== undefined) updatesMerged++;
      if (after !== undefined) current = after;
    }
    if (current !== undefined && isSigned(current)) {
      everSigned = true;
      signedOnce = true;
      if (proofValue(current) !== proofValue(before)) proofSettings = current;
    }
  }

  let booted = current;
  if (!explicit) {
    // The Messenger loads last: window.intercomSettings as it stands now, then every update made before.
    const base = isSettings(finalSettings) ? finalSettings : lastAssigned;
    booted = base === undefined ? undefined : merge(base, pending);
    bootedBy = booted === undefined ? undefined : 'intercomSettings';
    updatesMerged = booted === undefined ? 0 : pending.length;
    if (booted !== undefined && isSigned(booted)) signedOnce = true;
  }
  const namesOther =
    booted !== undefined &&
    proofSettings !== undefined &&
    proofValue(proofSettings) === proofValue(booted) &&
    (identifierOf(proofSettings.user_id) !== identifierOf(booted.user_id) || proofSettings.email !== booted.email);
  return {
    steps: [...steps],
    dropped,
    booted,
    bootedBy,
    updatesMerged,
    signedOnce,
    findings,
    proofSettings: namesOther ? proofSettings : undefined,
  };
}

/** An update that changes user_id or email without a proof for the new value. */
function identityProblem(
  before: Settings,
  changes: Settings,
  decode: (token: string) => DecodedJwt | undefined,
  replaced: boolean,
): Extract<CallProblem, { kind: 'identity-change' }> | undefined {
  const was = identityOf(before, decode);
  const fresh = newProof(before, changes, decode);
  const userId = identifierOf(changes.user_id);
  if (userId !== undefined && userId !== was.userId) {
    const matched = fresh !== undefined && (fresh.kind === 'user_hash' || fresh.claims?.user_id === userId);
    if (!matched) return { kind: 'identity-change', field: 'user_id', before: was.userId, after: userId, signed: true };
  }
  const email = typeof changes.email === 'string' ? changes.email : undefined;
  if (email !== undefined && was.email !== undefined && email !== was.email) {
    const matched =
      fresh !== undefined && (fresh.kind === 'user_hash' || fresh.claims?.email === undefined || fresh.claims.email === email);
    // The email is what was signed when the hash is of the email (no user_id), or when the token carries it.
    const signed = was.emailSigned || replaced;
    if (!matched) return { kind: 'identity-change', field: 'email', before: was.email, after: email, signed };
  }
  return undefined;
}

function identityOf(
  settings: Settings,
  decode: (token: string) => DecodedJwt | undefined,
): { userId: string | undefined; email: string | undefined; emailSigned: boolean } {
  const jwt = settings.intercom_user_jwt;
  const claims = typeof jwt === 'string' && jwt !== '' ? decode(jwt)?.claims : undefined;
  const plainId = identifierOf(settings.user_id);
  const userId = plainId ?? identifierOf(claims?.user_id);
  const claimEmail = typeof claims?.email === 'string' ? claims.email : undefined;
  const email = typeof settings.email === 'string' ? settings.email : claimEmail;
  const hashed = typeof settings.user_hash === 'string' && settings.user_hash !== '';
  const emailSigned = claims !== undefined ? claimEmail !== undefined : hashed && plainId === undefined;
  return { userId, email, emailSigned };
}

/** The proof an update brings that the settings did not have yet. */
function newProof(
  before: Settings,
  changes: Settings,
  decode: (token: string) => DecodedJwt | undefined,
): { kind: ProofKind; claims: Record<string, unknown> | undefined } | undefined {
  const jwt = changes.intercom_user_jwt;
  if (typeof jwt === 'string' && jwt !== '' && jwt !== before.intercom_user_jwt)
    return { kind: 'jwt', claims: decode(jwt)?.claims };
  const hash = changes.user_hash;
  if (typeof hash === 'string' && hash !== '' && hash !== before.user_hash) return { kind: 'user_hash', claims: undefined };
  return undefined;
}

function emptiesProof(changes: Settings): boolean {
  return (['user_hash', 'intercom_user_jwt'] as const).some(
    (key) => Object.hasOwn(changes, key) && (changes[key] === null || changes[key] === ''),
  );
}

/** The proof the settings carry: a JWT wins over a user_hash, as the Messenger reads them. */
export function proofKindOf(settings: Settings | undefined): ProofKind | undefined {
  if (typeof settings?.intercom_user_jwt === 'string' && settings.intercom_user_jwt !== '') return 'jwt';
  if (typeof settings?.user_hash === 'string' && settings.user_hash !== '') return 'user_hash';
  return undefined;
}

function isSigned(settings: Settings | undefined): boolean {
  return proofKindOf(settings) !== undefined;
}

function proofValue(settings: Settings | undefined): unknown {
  const kind = proofKindOf(settings);
  return kind === 'jwt' ? settings?.intercom_user_jwt : kind === 'user_hash' ? settings?.user_hash : undefined;
}

function merge(base: Settings, updates: readonly Settings[]): Settings {
  return Object.assign({}, base, ...updates) as Settings;
}

function isSettings(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function where(from: string, origin: string): string {
  const at = /^(.*):(\d+)$/.exec(from);
  const url = at?.[1] ?? from;
  const line = at?.[2];
  let shown = url;
  try {
    const parsed = new URL(url);
    shown = parsed.origin === origin ? parsed.pathname : `${parsed.origin}${parsed.pathname}`;
  } catch {
    shown = url;
  }
  return line !== undefined ? `${shown}:${line}` : shown;
}
