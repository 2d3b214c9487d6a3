import { secretForms } from '../../secret-forms.js';
import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { hasWebSecret, NEED_SECRET, NEED_SECRET_FIX, result } from './result.js';

// No secret the doctor knows appears in anything the page sends to a browser.

export function checkExposure(facts: Facts): DoctorCheck {
  if (facts.secrets.length === 0) return result('exposure', 'warn', `no secret given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  const { page, scripts } = facts;
  const places = [
    ...facts.files.map((file) => ({ name: `the script ${file.path}`, text: file.body, inPage: false })),
    { name: 'the page HTML', text: page.body, inPage: true },
    {
      name: 'the response headers',
      text: Object.entries(page.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
      inPage: false,
    },
  ];
  const findings: string[] = [];
  for (const secret of facts.secrets) {
    const seen = new Set<string>();
    for (const form of secretForms(secret.value))
      for (const place of places) {
        const at = place.text.indexOf(form.value);
        if (at === -1) continue;
        const where =
          place.inPage && scripts.some((s) => s.contentStart <= at && at < s.contentEnd)
            ? 'an inline <script> of the page'
            : place.name;
        if (seen.has(where)) continue;
        seen.add(where);
        findings.push(`${secret.label} is in ${where}${form.encoding === 'text' ? '' : ` (${form.encoding})`}`);
      }
  }
  if (findings.length > 0)
    return result(
      'exposure',
      'fail',
      `${findings.join('; ')}.`,
      'Remove the secret from everything sent to browsers, and rotate it in Intercom: whoever loaded the page has it.',
    );
  const labels = facts.secrets.map((secret) => secret.label).join(', ');
  const count = facts.files.length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const unread = [
    facts.failedScripts > 0 && count > 0
      ? `${plural(facts.failedScripts, 'same-origin script', 'same-origin scripts')} could not be loaded`
      : '',
    facts.skippedScripts > 0
      ? `${plural(facts.skippedScripts, 'more same-origin script was', 'more same-origin scripts were')} not read`
      : '',
    facts.crossOriginScripts > 0
      ? `${plural(facts.crossOriginScripts, 'cross-origin script was', 'cross-origin scripts were')} not read`
      : '',
  ].filter((note) => note !== '');
  const notes = unread.length > 0 ? ` (${unread.join('; ')})` : '';
  const noneIn = `none of the secrets given (${labels}) appears in`;
  if (count === 0 && facts.mode === 'html') {
    // Only the HTML and headers were read: a secret in the app's bundle would go unseen, so this is no pass.
    const why =
      facts.failedScripts > 0
        ? `the ${plural(facts.failedScripts, 'same-origin script the page names', 'same-origin scripts the page names')} could not be loaded`
        : "the page's HTML names none";
    return result(
      'exposure',
      'warn',
      `${noneIn} the page or its headers, but no same-origin script was scanned: ${why}${notes}. Scripts that the page loads as it runs are read only with --browser.`,
      hasWebSecret(facts)
        ? 'Run again with --browser to scan the scripts the page loads as it runs.'
        : `${NEED_SECRET_FIX} Add --browser to scan the scripts the page loads as it runs.`,
    );
  }
  const where =
    count > 0
      ? `the page, its headers or its ${plural(count, 'same-origin script', 'same-origin scripts')}${notes}`
      : `the page or its headers (it loaded no same-origin script)${notes}`;
  if (!hasWebSecret(facts))
    return result('exposure', 'warn', `${noneIn} ${where}, but the web secret was not given; ${NEED_SECRET}.`, NEED_SECRET_FIX);
  return result('exposure', 'pass', `${noneIn} ${where}, as text, base64 or hex.`);
}
