import { APP_ID_PATTERN } from '@intercom-identity/core';
import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { q, result } from './result.js';

// The checks that come before any proof: the page loads, and the Messenger is set up on it.

export function checkPage(facts: Facts): DoctorCheck {
  const { page } = facts;
  if (page.error !== undefined)
    return result(
      'page',
      'fail',
      `could not load ${page.url}: ${page.error}.`,
      'Check the URL, and that the server is running and reachable from this machine.',
    );
  if (page.status >= 400)
    return result(
      'page',
      'fail',
      `the page answered HTTP ${page.status}.`,
      facts.cookiesGiven
        ? 'Check the URL, and that the --cookie values belong to a live session.'
        : 'Check the URL; give --cookie name=value when the page needs a login.',
    );
  if (facts.browserError !== undefined)
    return result(
      'page',
      'fail',
      `Chromium could not load the page: ${facts.browserError}`,
      'Check that the page loads in a browser; run without --browser to check its HTML only.',
    );
  const redirect = page.finalUrl !== page.url ? ` after a redirect to ${page.finalUrl}` : '';
  const type = page.headers['content-type'];
  if (type !== undefined && !/html/i.test(type))
    return result(
      'page',
      'warn',
      `HTTP ${page.status}${redirect}, but the page is ${type}, not HTML.`,
      'Point the doctor at the HTML page that boots the Messenger.',
    );
  return result('page', 'pass', `HTTP ${page.status}${redirect}.`);
}

export function checkLoader(facts: Facts): DoctorCheck {
  const { loader, found, settings } = facts;
  const unreadable = settings === undefined && found.kind !== 'none';
  if (loader.where === undefined) {
    if (settings === undefined && found.kind === 'none')
      return result(
        'loader',
        'fail',
        'no Messenger loader and no window.intercomSettings on the page.',
        'Add the boot script to the page: renderScript() of @intercom-identity/core writes the settings and the loader.',
      );
    return result(
      'loader',
      'fail',
      'window.intercomSettings is set, but no Messenger loader was found on the page or in its same-origin scripts.',
      'Add the Messenger loader to every page that should show the Messenger (renderScript() of @intercom-identity/core writes it).',
    );
  }
  if (unreadable) {
    const what =
      found.kind === 'literal'
        ? 'window.intercomSettings is a JavaScript object literal, not JSON, so it cannot be read without running the page'
        : 'window.intercomSettings is built by JavaScript at run time, so it cannot be read without running the page';
    return result(
      'loader',
      'warn',
      `loader found (${loader.where}), but ${what}.`,
      "Run again with --browser to read the settings after the page's scripts ran.",
    );
  }
  if (settings === undefined)
    return result(
      'loader',
      'fail',
      `the Messenger loader is there (${loader.where}), but no window.intercomSettings or Intercom('boot', {...}) was found${facts.mode === 'browser' ? ' after the page loaded' : ''}.`,
      'Set window.intercomSettings = { app_id, ... } before the loader runs (renderScript() writes both).',
    );
  const appId = settings.app_id;
  if (appId === undefined || appId === null || appId === '')
    return result(
      'loader',
      'fail',
      `the Messenger loader is there (${loader.where}), but app_id is not set in the settings.`,
      'Set app_id to your Intercom workspace id (INTERCOM_APP_ID).',
    );
  if (typeof appId !== 'string' || !APP_ID_PATTERN.test(appId))
    return result(
      'loader',
      'fail',
      `app_id ${q(appId)} is not a workspace id.`,
      'Use the short workspace id of letters and digits from your Intercom URL.',
    );
  for (const url of loader.widgetUrls) {
    const loaded = /widget\.intercom\.io\/widget\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
    if (loaded !== undefined && loaded !== appId)
      return result(
        'loader',
        'warn',
        `the loader loads the Messenger of workspace ${q(loaded)}, but app_id is ${q(appId)}.`,
        'Use the same workspace id in the loader URL and in app_id.',
      );
  }
  return result('loader', 'pass', `loader found (${loader.where}); app_id is ${q(appId)}${gateNote(loader.gate)}.`);
}

// The core's boot script says in its HTML whether it waits: for consent, for a click on its launcher, or both.
function gateNote(gate: Facts['loader']['gate']): string {
  if (gate === undefined) return '';
  const waits: string[] = [];
  if (gate.consent) waits.push('consent (grantIntercomConsent())');
  if (gate.facade) waits.push("the first click of its launcher (load: 'interaction')");
  return waits.length === 0 ? '' : `; the Messenger loads only after ${waits.join(', then ')}`;
}
