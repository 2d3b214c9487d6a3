import { PLATFORMS, type Platform } from '@intercom-identity/core';
import type { FakeMessengerPlatformReport, FakeMessengerReport } from './report.js';

/** The headers of the fake's own HTML pages: nothing loads, nothing runs, nothing is kept. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#111827}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}code{font-size:.9em}.muted{color:#6b7280}
.verdict{padding:.5rem .75rem;border-radius:.375rem;font-weight:600}
.safe{background:#dcfce7;color:#14532d}.unsafe{background:#fee2e2;color:#7f1d1d}`;

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>` +
    `<body>${body}</body></html>\n`
  );
}

function row(cells: unknown[], header = false): string {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
}

function reasons(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '' : entries.map(([reason, count]) => `${reason} (${count})`).join('; ');
}

function userLabel(user: string): string {
  return user === '' ? '(no identifier)' : user;
}

function platformSection(platform: Platform, report: FakeMessengerPlatformReport, dropped: string): string {
  const verdict = report.verdict;
  const users = Object.entries(report.users);
  const userTable =
    users.length === 0
      ? '<p class="muted">No signed-in user seen.</p>'
      : `<table><thead>${row(['User', 'Valid', 'Invalid', 'Unverified', 'Reasons refused'], true)}</thead><tbody>${users
          .map(([user, counts]) =>
            row([userLabel(user), counts.valid, counts.invalid, counts.unverified, reasons(counts.reasons)]),
          )
          .join('')}</tbody></table>`;
  return (
    `<section id="platform-${platform}" data-platform="${platform}" data-safe="${verdict.safe}">` +
    `<h2>${escapeHtml(platform)}</h2>` +
    `<p class="verdict ${verdict.safe ? 'safe' : 'unsafe'}" data-verdict="${verdict.safe ? 'safe' : 'unsafe'}">${escapeHtml(verdict.why)}</p>` +
    `<table><tbody>${row(['Valid checks', report.valid])}${row(['Invalid checks', report.invalid])}` +
    `${row(['Unverified (no proof, enforcement off)', report.unverified])}${row(['Visitors', report.visitors])}` +
    `${platform === 'web' ? row(['Updates dropped by the update budget', report.dropped]) : ''}</tbody></table>` +
    `<h3>Users</h3><p class="muted">Checks per user: ${platform === 'web' ? 'boots, updates and refused messages' : 'mobile proof checks'}.</p>${userTable}` +
    (Object.keys(report.reasons).length > 0 ? `<h3>Refusals by reason</h3><p>${escapeHtml(reasons(report.reasons))}</p>` : '') +
    dropped +
    `</section>`
  );
}

function time(seconds: number | null): string {
  if (seconds === null) return '';
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : `${seconds} (${date.toISOString()})`;
}

/**
 * The report as a human page: the stand-in for Intercom's "Active integrations
 * with logged-in users". Every value is escaped: user ids come from the pages.
 */
export function reportPage(report: FakeMessengerReport): string {
  const refusals = report.events.filter((event) => event.outcome === 'invalid').slice(-50);
  const droppedBy = (platform: Platform): string => {
    if (platform !== 'web') return '';
    const byUser = new Map<string, number>();
    for (const event of report.events)
      if (event.platform === 'web' && event.outcome === 'dropped') byUser.set(event.user, (byUser.get(event.user) ?? 0) + 1);
    if (byUser.size === 0) return '';
    return (
      `<h3>Updates dropped by the update budget (recent events)</h3><table><thead>${row(['User', 'Dropped'], true)}</thead><tbody>` +
      [...byUser].map(([user, count]) => row([user === '' ? '(visitor)' : user, count])).join('') +
      '</tbody></table>'
    );
  };
  const pages =
    report.pages.length === 0
      ? '<p class="muted">No page session yet.</p>'
      : `<table><thead>${row(['Page session', 'User', 'Boots', 'Updates', 'Dropped', 'Token expires', 'Token valid now'], true)}</thead><tbody>${[
          ...report.pages,
        ]
          .reverse()
          .map((entry) =>
            row([
              entry.id,
              entry.user === '' ? '(visitor or shut down)' : entry.user,
              entry.boots,
              entry.updates,
              entry.dropped,
              time(entry.tokenExpires),
              entry.tokenValid === null ? 'no JWT' : entry.tokenValid ? 'yes' : 'no (expired)',
            ]),
          )
          .join('')}</tbody></table>`;
  const refusalTable =
    refusals.length === 0
      ? '<p class="muted">None.</p>'
      : `<table><thead>${row(['Platform', 'Where', 'User', 'Reason', 'Hint'], true)}</thead><tbody>${refusals
          .reverse()
          .map((event) => row([event.platform, event.kind, userLabel(event.user), event.reason ?? '', event.hint ?? '']))
          .join('')}</tbody></table>`;
  const title = `Identity Verification report, app ${report.appId}`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>` +
      `<p>What the local fake Intercom Messenger checked since it started (or since its last reset): the stand-in for ` +
      `Intercom's "Active integrations with logged-in users". Mode <code>${escapeHtml(report.mode)}</code>, ` +
      `enforcement ${report.enforce ? 'on' : 'off'}. The verdicts are judged on the recent events (the newest 1000 checks). ` +
      `<a href="/__report">JSON</a></p>` +
      PLATFORMS.map((platform) => platformSection(platform, report.platforms[platform], droppedBy(platform))).join('') +
      `<h2>Recent refusals</h2>${refusalTable}` +
      `<h2>Page sessions</h2><p class="muted">One per page load; the update budget is 20 updates per 30 minutes per page session. ` +
      `Most recently active first.</p>${pages}`,
  );
}

/** The fake's front page: where the widget and the report are. */
export function indexPage(appId: string): string {
  const widget = `/widget/${encodeURIComponent(appId)}`;
  return page(
    `Local fake Intercom Messenger, app ${appId}`,
    `<h1>Local fake Intercom Messenger for app ${escapeHtml(appId)}</h1>` +
      `<ul><li>Widget: <a href="${escapeHtml(widget)}">${escapeHtml(widget)}</a></li>` +
      `<li>Report: <a href="/__report.html">/__report.html</a> (what it checked, and whether each platform is safe to enforce)</li>` +
      `<li>Report as JSON: <a href="/__report">/__report</a></li></ul>`,
  );
}
