import { type FormKind, formsOf, identifierOf } from '../proof.js';
import type { DoctorCheck } from '../types.js';
import { type Facts, type Proof, sentIdentifiers } from './facts.js';
import { NEED_SECRET, NEED_SECRET_FIX, type Problem, q, summarise, unreadableSettings } from './result.js';

// The settings reach the Messenger as written, and the values sent are the values that were signed.

const SERIALIZE_FIX =
  'Write the settings with serializeForScript() or renderScript() of @intercom-identity/core, which escape <, >, &, U+2028 and U+2029.';

const FORM_STORY: Partial<Record<FormKind, (field: string, how: string, signed: string, sent: string) => string>> = {
  escaped: (field, how, signed, sent) =>
    `the value was escaped before it was signed: the proof matches the ${how} ${field} ${q(signed)}, but the page sends ${q(sent)}.`,
  unescaped: (field, _how, signed, sent) =>
    `the value was escaped after it was signed: the page sends the ${field} ${q(sent)}, but the proof matches ${q(signed)}.`,
};

export function checkEscaping(facts: Facts): DoctorCheck {
  const { found, settings, proof } = facts;
  const problems: Problem[] = [];
  const raw = found.kind === 'json' || found.kind === 'literal' ? found.raw : undefined;
  if (raw !== undefined) {
    if (/<\/script/i.test(raw))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw </script: the browser ends the script there, so the Messenger never gets them.',
        fix: SERIALIZE_FIX,
      });
    if (raw.includes('<!--'))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw <!--, which changes how the browser parses the rest of the script.',
        fix: SERIALIZE_FIX,
      });
    if (/[\u2028\u2029]/.test(raw))
      problems.push({
        status: 'fail',
        text: 'The inline settings contain a raw U+2028 or U+2029 line separator, which ends a string in older JavaScript engines.',
        fix: SERIALIZE_FIX,
      });
  }
  if (settings === undefined && raw === undefined) return unreadableSettings('escaping');
  if (settings !== undefined && proof !== undefined) {
    const story = signedVersusSent(facts, settings, proof);
    if (story !== undefined)
      problems.push({
        status: 'fail',
        text: story.charAt(0).toUpperCase() + story.slice(1),
        fix: 'Sign the raw value and send that same value: escape it only once, when the JSON is written into the page.',
      });
    else if (proof.kind === 'user_hash' && facts.secrets.length === 0)
      problems.push({
        status: 'warn',
        text: `Whether the signed value is the value sent: no secret given; ${NEED_SECRET}.`,
        fix: NEED_SECRET_FIX,
      });
  }
  const signing = settings !== undefined && proof !== undefined;
  const pass =
    raw !== undefined
      ? `the inline settings contain no raw </script, <!--, U+2028 or U+2029${signing ? ', and the values sent are the values that were signed' : ''}.`
      : `the settings are built at run time${signing ? '; the values sent are the values that were signed' : ''}.`;
  return summarise('escaping', problems, pass);
}

function signedVersusSent(facts: Facts, settings: Record<string, unknown>, proof: Proof): string | undefined {
  if (proof.kind === 'user_hash') {
    const match = facts.hashMatch;
    const story = match === undefined ? undefined : FORM_STORY[match.form.kind];
    if (match === undefined || story === undefined) return undefined;
    return story(match.field, match.form.how, match.form.value, sentIdentifiers(settings)[match.field] as string);
  }
  const claims = proof.decoded?.claims;
  if (claims === undefined) return undefined;
  for (const field of ['user_id', 'email'] as const) {
    const signed = identifierOf(claims[field]);
    const sent = identifierOf(settings[field]);
    if (signed === undefined || sent === undefined || signed === sent) continue;
    // The sent value, escaped, is what was signed: escaped before signing; the other way round: after.
    const before = formsOf(sent).find((form) => form.kind === 'escaped' && form.value === signed);
    if (before !== undefined) return FORM_STORY.escaped?.(field, before.how, signed, sent);
    const after = formsOf(signed).find((form) => form.kind === 'escaped' && form.value === sent);
    if (after !== undefined) return FORM_STORY.unescaped?.(field, after.how, signed, sent);
  }
  return undefined;
}
