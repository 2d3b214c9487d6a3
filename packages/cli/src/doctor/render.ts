import type { CheckStatus, DoctorReport } from './types.js';

const COLOURS: Record<CheckStatus, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[2m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** The report as a table for a person: one line per check, its fix under it. */
export function renderTable(report: DoctorReport, colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text);
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const who = report.loggedIn ? 'as a logged-in user (--cookie)' : 'as a visitor (no --cookie)';
  const secrets = report.secrets.length > 0 ? `secrets: ${report.secrets.join(', ')}` : 'no secret given';
  const source = report.mode === 'browser' ? browserSource(report) : "settings read from the page's HTML";
  const lines = [`intercom-identity doctor ${report.url}`, paint(DIM, `${who}; ${secrets}; ${source}`), ''];
  for (const check of report.checks) {
    const status = paint(COLOURS[check.status], check.status.toUpperCase().padEnd(4));
    // A core error code leads the message, as in the CLI's `error CODE: message` lines.
    const code = check.code !== undefined ? `${check.code}: ` : '';
    lines.push(`${status}  ${check.title.padEnd(width)}  ${code}${check.message}`);
    if (check.fix !== undefined) lines.push(`${' '.repeat(6 + width + 2)}${paint(DIM, 'fix:')} ${check.fix}`);
  }
  const { pass, warn, fail, skip } = report.summary;
  lines.push('', `${report.checks.length} checks: ${pass} pass, ${warn} warn, ${fail} fail, ${skip} skip`);
  return `${lines.join('\n')}\n`;
}

/** Where the settings came from in Chromium: the last boot or window.intercomSettings, and the updates merged. */
function browserSource(report: DoctorReport): string {
  const messenger = report.messenger;
  if (messenger === undefined || messenger.bootedBy === 'none') return 'settings read in Chromium';
  const from = messenger.bootedBy === 'boot' ? "the last Intercom('boot')" : 'window.intercomSettings';
  const merged =
    messenger.updatesMerged > 0 ? ` + ${messenger.updatesMerged} update${messenger.updatesMerged === 1 ? '' : 's'}` : '';
  const steps = messenger.steps.length;
  return `settings the Messenger boots with in Chromium: ${from}${merged} (${steps} Intercom step${steps === 1 ? '' : 's'} recorded)`;
}

/** The report as JSON for machines (one document, pretty-printed). */
export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
