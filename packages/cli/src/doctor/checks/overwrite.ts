import { type CallFinding, type MessengerStep, type MessengerTimeline, proofKindOf } from '../calls.js';
import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { q, result } from './result.js';

// With --browser: the calls a single-page app makes after its signed boot. A later boot without the proof, an
// update that names someone else, or settings without the proof over signed ones undo what the server signed.

/** Findings told in full; the rest are counted. */
const SHOWN = 3;

const FIX = {
  'unsigned-boot':
    'Boot once, with the proof from your backend: boot through @intercom-identity/react, or pass the proof in every boot (react-use-intercom: boot({ userHash }) or boot({ intercomUserJwt }); @intercom/messenger-js-sdk: user_hash or intercom_user_jwt in Intercom({...})), and shut down before booting anyone else.',
  'identity-change':
    "Never change user_id or a signed email with an update: for another person, shut down and boot with that person's proof from the backend (@intercom-identity/react does both); for the same person, send a new proof from the backend with the change (in JWT mode, a new intercom_user_jwt).",
  'email-attribute':
    "Send the email the server knows for this user: if the page names another person, shut down and boot with that person's proof; to keep the email from being changed in the browser, sign it into the JWT (INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES=email).",
  'proof-dropped':
    "Keep the proof in every boot and in window.intercomSettings: call @intercom/messenger-js-sdk's Intercom({...}) once, with the proof from the backend, and update() for later changes, or boot through @intercom-identity/react.",
} as const;

export function checkOverwrite(facts: Facts): DoctorCheck {
  const timeline = facts.messenger;
  if (timeline === undefined) return result('overwrite', 'skip', "the page's Intercom calls could not be recorded.");
  const count = timeline.steps.length;
  if (count === 0 && timeline.booted === undefined)
    return result('overwrite', 'skip', 'the page made no Intercom call and set no window.intercomSettings.');
  if (!timeline.signedOnce)
    return result(
      'overwrite',
      'skip',
      `no boot or update carried a proof (${recorded(timeline)}), so there was none to undo (see the identity check).`,
    );
  const findings = timeline.findings;
  const worst = findings.find((finding) => finding.status === 'fail') ?? findings[0];
  if (worst === undefined && proofKindOf(timeline.booted) === undefined)
    return result(
      'overwrite',
      'pass',
      `the signed session was shut down before the Messenger was booted again without a proof, as after a logout; no boot or update undid a proof while it was in use (${recorded(timeline)}).`,
    );
  if (worst === undefined)
    return result(
      'overwrite',
      'pass',
      `${booted(timeline)}; no later boot or update drops the proof or changes whom it names (${recorded(timeline)}).`,
    );
  const codes = new Set(findings.map((finding) => finding.code));
  const told = findings.slice(0, SHOWN).map((finding) => {
    const text = sentence(finding, count);
    return codes.size > 1 ? `${finding.code}: ${text}` : text;
  });
  const more = findings.length > SHOWN ? ` ${findings.length - SHOWN} more steps do the same.` : '';
  return result('overwrite', worst.status, `${told.join(' ')}${more}`, fixOf(worst), worst.code);
}

function fixOf(finding: CallFinding): string {
  const { problem } = finding;
  if (problem.kind === 'identity-change' && !problem.signed) return FIX['email-attribute'];
  return FIX[problem.kind];
}

function recorded(timeline: MessengerTimeline): string {
  const calls = timeline.steps.length;
  const dropped = timeline.dropped > 0 ? `, and ${timeline.dropped} more not recorded` : '';
  return `${calls} ${calls === 1 ? 'step' : 'steps'} recorded${dropped}`;
}

function booted(timeline: MessengerTimeline): string {
  const last = [...timeline.steps].reverse().find((step) => step.kind === 'boot');
  const source =
    timeline.bootedBy === 'boot' && last !== undefined
      ? `the last Intercom('boot') call (${position(last, timeline.steps.length)})`
      : 'window.intercomSettings, as the Messenger reads it when it loads';
  const merged =
    timeline.updatesMerged > 0
      ? `, with ${timeline.updatesMerged} ${timeline.updatesMerged === 1 ? 'update' : 'updates'} merged`
      : '';
  return `the Messenger boots with the proof from ${source}${merged}`;
}

function position(step: MessengerStep, count: number): string {
  const from = step.from !== undefined ? `, from ${step.from}` : '';
  return `step ${step.index} of ${count}, at ${(step.at / 1000).toFixed(1)} s${from}`;
}

function described(step: MessengerStep): string {
  if (step.kind === 'settings') return 'window.intercomSettings = {...}';
  const call = step.kind === 'boot' || step.kind === 'update' ? step.kind : (step.command ?? step.kind);
  return step.assigned
    ? `window.intercomSettings = {...} then Intercom('${call}', window.intercomSettings)`
    : `Intercom('${call}', {...})`;
}

function who(names: CallFinding['names']): string {
  if (names.user_id !== undefined) return `user_id ${q(names.user_id)}`;
  if (names.email !== undefined) return `email ${q(names.email)}`;
  return 'a visitor in place of the signed-in user';
}

/** Which SDK call most likely made the step, from its shape. */
function likely(step: MessengerStep, problem: CallFinding['problem']): string {
  if (problem.kind === 'proof-dropped' && problem.how === 'emptied')
    return 'Likely an update() whose props carry user_hash (react-use-intercom: userHash) or intercom_user_jwt as null or empty, such as a user object read before its proof arrived.';
  const npm = step.settings?.installation_type === 'npm-package';
  if ((step.kind === 'update' && step.assigned) || (npm && step.kind !== 'boot'))
    return "This is what @intercom/messenger-js-sdk's Intercom({...}) does when it is called again with props that have no user_hash or intercom_user_jwt: it replaces window.intercomSettings with the props and sends them as an update.";
  if (step.kind === 'settings')
    return "@intercom/messenger-js-sdk's Intercom({...}) sets window.intercomSettings from its props this way, and so does a copy of Intercom's snippet.";
  if (step.kind === 'boot' && step.assigned)
    return "Likely react-use-intercom's boot() (it sets window.intercomSettings to its props, then boots) with props that have no userHash or intercomUserJwt.";
  if (step.kind === 'boot')
    return "Likely react-use-intercom's boot() without userHash or intercomUserJwt, or @intercom/messenger-js-sdk's boot({...}) without user_hash or intercom_user_jwt.";
  return "Likely react-use-intercom's update() or @intercom/messenger-js-sdk's update() with props that name the user but carry no proof.";
}

function sentence(finding: CallFinding, count: number): string {
  const { step, problem } = finding;
  const call = `${described(step)} (${position(step, count)})`;
  let what: string;
  if (problem.kind === 'unsigned-boot')
    what = `${call} boots without user_hash or intercom_user_jwt after a signed boot, with no shutdown between: the Messenger now has ${who(finding.names)} with no proof, which Intercom refuses once Identity Verification is enforced.`;
  else if (problem.kind === 'identity-change' && problem.before === undefined)
    what = `${call} adds user_id ${q(problem.after)} to a user signed by email, without a proof for it: Intercom checks the proof against the user_id, so it no longer matches.`;
  else if (problem.kind === 'identity-change' && !problem.signed)
    what = `${call} changes the email from ${q(problem.before)} to ${q(problem.after)} without a new proof: the proof signs the user_id only, so Intercom takes the new email unverified.`;
  else if (problem.kind === 'identity-change')
    what = `${call} changes ${problem.field} from ${q(problem.before)} to ${q(problem.after)} without a proof for it${
      finding.unsigned
        ? ', and the Messenger boots with these settings, unsigned.'
        : `: the proof it keeps was made for ${q(problem.before)}.`
    }`;
  else if (problem.how === 'emptied') {
    const emptied = (['user_hash', 'intercom_user_jwt'] as const).filter(
      (key) => step.settings?.[key] === null || step.settings?.[key] === '',
    );
    what = `${call} empties ${emptied.join(' and ')} (null or ""): the Messenger loses the proof.`;
  } else
    what = finding.unsigned
      ? `${call} puts settings without user_hash or intercom_user_jwt over signed ones: the Messenger boots with them, as ${who(finding.names)} with no proof.`
      : `${call} replaces window.intercomSettings with settings that have no user_hash or intercom_user_jwt: the Messenger keeps its proof for now, but the next boot from window.intercomSettings is unsigned.`;
  return `${what} ${likely(step, problem)}`;
}
