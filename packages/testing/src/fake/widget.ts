import { serializeForScript } from '@intercom-identity/core';

/** What the widget script needs to know about the fake that serves it. */
export interface WidgetConfig {
  /** The app_id in the widget URL. */
  appId: string;
  /** The fake's own origin, where the widget sends boots and updates. */
  base: string;
  /**
   * Served in place of widget.intercom.io (see routeIntercom): talk to the
   * settings' `api_base`, as the real Messenger does, and let the route send it here.
   */
  routed: boolean;
}

/**
 * The id of the launcher element that the fake widget shows and the browser helpers read.
 *
 * @example
 * ```ts
 * import { LAUNCHER_ID } from '@intercom-identity/testing';
 * await page.locator(`#${LAUNCHER_ID}[data-state="booted"]`).waitFor();
 * ```
 */
export const LAUNCHER_ID = 'intercom-identity-launcher';

// Plain ES2017 that runs in any browser the Messenger supports. It is a string,
// not bundled code, so the build cannot rename anything the page relies on.
const SOURCE = String.raw`
var CONFIG = __CONFIG__;
var w = window, d = document;
var previous = w.Intercom;
if (typeof previous === 'function' && previous.__intercomFake) return;
var queued = previous && previous.q ? Array.prototype.slice.call(previous.q) : [];
var COOKIE = 'intercom-session-' + CONFIG.appId;
var API = /^https:\/\/api-iam(\.(eu|au))?\.intercom\.io$/;
// One id per execution of this script, that is per page load: the page session the update budget counts.
var PAGE = pageSessionId();
var st = { state: 'idle', user: '', verified: false, reason: '', messages: [], open: false, settings: {}, updates: 0, tokenExpires: null };
var el = null, pending = 0, generation = 0, started = false, chain = Promise.resolve();
var handlers = { show: [], hide: [] };

function pageSessionId() {
  var bytes = new Uint8Array(16);
  if (w.crypto && typeof w.crypto.getRandomValues === 'function') w.crypto.getRandomValues(bytes);
  else for (var b = 0; b < bytes.length; b++) bytes[b] = Math.floor(Math.random() * 256);
  var id = '';
  for (var k = 0; k < bytes.length; k++) id += (bytes[k] < 16 ? '0' : '') + bytes[k].toString(16);
  return id;
}
function readCookie() {
  var parts = d.cookie ? d.cookie.split(';') : [];
  for (var i = 0; i < parts.length; i++) {
    var part = parts[i].replace(/^\s+/, '');
    var eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === COOKIE) return decodeURIComponent(part.slice(eq + 1));
  }
  return '';
}
// The real Messenger's other first-party cookies: an anonymous visitor id and a
// device id, 9 months each, set on the first boot and kept by a shutdown.
function writeLongCookies() {
  var names = ['intercom-id-' + CONFIG.appId, 'intercom-device-id-' + CONFIG.appId];
  for (var i = 0; i < names.length; i++)
    if (('; ' + d.cookie).indexOf('; ' + names[i] + '=') === -1)
      d.cookie = names[i] + '=' + pageSessionId() + '; path=/; max-age=23328000; samesite=lax';
}
function writeCookie(token) {
  d.cookie = COOKIE + '=' + encodeURIComponent(token) + '; path=/; max-age=604800; samesite=lax';
}
function clearCookie() {
  d.cookie = COOKIE + '=; path=/; max-age=0; samesite=lax';
}
function base() {
  if (!CONFIG.routed) return CONFIG.base;
  var api = st.settings && st.settings.api_base;
  return typeof api === 'string' && API.test(api) ? api : 'https://api-iam.intercom.io';
}
function post(path, body, keepalive) {
  return fetch(base() + path, {
    method: 'POST',
    mode: 'cors',
    credentials: 'omit',
    keepalive: !!keepalive,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body)
  }).then(function (response) {
    return response.json().then(function (data) {
      data.status = response.status;
      return data;
    });
  });
}
function launcher() {
  if (!el) {
    el = d.createElement('div');
    el.id = '__LAUNCHER_ID__';
    el.setAttribute('role', 'complementary');
    el.setAttribute('aria-label', 'Intercom Messenger (local fake)');
    el.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;max-width:280px;padding:8px 12px;' +
      'border-radius:12px;background:#1f2937;color:#fff;font:13px/1.4 system-ui,sans-serif';
    attach();
  }
  return el;
}
function attach() {
  if (d.body) {
    if (el.parentNode !== d.body) d.body.appendChild(el);
  } else {
    d.addEventListener('DOMContentLoaded', attach);
  }
}
function render() {
  var node = launcher();
  node.setAttribute('data-state', st.state);
  node.setAttribute('data-user', st.user);
  node.setAttribute('data-verified', st.verified ? 'true' : 'false');
  node.setAttribute('data-open', st.open ? 'true' : 'false');
  node.setAttribute('data-page', PAGE);
  node.setAttribute('data-updates', String(st.updates));
  if (typeof st.tokenExpires === 'number') node.setAttribute('data-token-expires', String(st.tokenExpires));
  else node.removeAttribute('data-token-expires');
  if (st.reason) node.setAttribute('data-reason', st.reason);
  else node.removeAttribute('data-reason');
  if (pending > 0) node.setAttribute('data-busy', '');
  else node.removeAttribute('data-busy');
  while (node.firstChild) node.removeChild(node.firstChild);
  var title = d.createElement('div');
  title.textContent = st.state === 'booted' ? (st.user ? 'Chat (' + st.user + ')' : 'Chat') : 'Messenger: ' + st.state;
  node.appendChild(title);
  for (var i = 0; i < st.messages.length; i++) {
    var item = d.createElement('div');
    item.setAttribute('data-message', String(i));
    item.textContent = st.messages[i].text;
    node.appendChild(item);
  }
}
function task(work) {
  pending++;
  render();
  var mine = generation;
  chain = chain
    .then(function () {
      return work(mine);
    })
    .catch(function (error) {
      if (mine !== generation) return;
      st.state = 'rejected';
      st.reason = 'network error';
      console.error('[Intercom] The Messenger could not reach its server: ' + (error && error.message));
    })
    .then(function () {
      pending--;
      render();
    });
}
// What every answer tells about the page session and the held token.
function note(data) {
  if (typeof data.updates === 'number') st.updates = data.updates;
  st.tokenExpires = typeof data.tokenExpires === 'number' ? data.tokenExpires : null;
}
function accept(data) {
  st.state = 'booted';
  st.reason = data.reason || '';
  st.user = data.user || '';
  st.verified = !!data.verified;
  st.messages = data.messages || [];
  if (data.session) writeCookie(data.session);
}
function reject(data) {
  st.state = 'rejected';
  st.reason = data.reason || 'rejected';
  st.user = '';
  st.verified = false;
  st.messages = [];
  // The real Messenger's text, then the fake's own reason on a second line.
  console.error(data.console || data.message || '[Intercom] ' + st.reason);
}
function answer(mine) {
  return function (data) {
    if (mine !== generation) return;
    note(data);
    if (data.status === 200) {
      // Over the update budget: nothing was applied, the session goes on as it was.
      if (data.ignored) console.warn(data.console || "[Intercom] Intercom('update') was ignored.");
      accept(data);
    } else reject(data);
  };
}
function copy(value) {
  var out = {};
  if (value && typeof value === 'object') for (var key in value) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = value[key];
  return out;
}
function emit(list) {
  for (var i = 0; i < list.length; i++) {
    try { list[i](); } catch (error) { console.error(error); }
  }
}

var commands = {
  boot: function (settings) {
    var given = copy(settings || w.intercomSettings);
    started = true;
    writeLongCookies();
    st.settings = given;
    task(function (mine) {
      return post('/messenger/boot', { widget_app_id: CONFIG.appId, page: PAGE, settings: given, session: readCookie() }).then(
        answer(mine)
      );
    });
  },
  update: function (changes) {
    if (!started) return;
    var given = copy(changes);
    for (var key in given) st.settings[key] = given[key];
    task(function (mine) {
      if (st.state !== 'booted') return;
      return post('/messenger/update', { widget_app_id: CONFIG.appId, page: PAGE, settings: given, session: readCookie() }).then(
        answer(mine)
      );
    });
  },
  shutdown: function () {
    // Synchronous, like the real one: a page may navigate away right after logout.
    var token = readCookie();
    clearCookie();
    generation++;
    started = false;
    st.state = 'shutdown';
    st.user = '';
    st.verified = false;
    st.reason = '';
    st.messages = [];
    st.open = false;
    st.tokenExpires = null;
    render();
    post('/messenger/shutdown', { widget_app_id: CONFIG.appId, page: PAGE, session: token }, true).catch(function () {});
  },
  showNewMessage: function (text) {
    commands.show();
    if (!started || typeof text !== 'string' || text === '') return;
    task(function (mine) {
      if (st.state !== 'booted') return;
      var body = { widget_app_id: CONFIG.appId, page: PAGE, session: readCookie(), text: text };
      return post('/messenger/message', body).then(function (data) {
        if (mine !== generation) return;
        note(data);
        if (data.status === 200) st.messages = data.messages || [];
        else reject(data);
      });
    });
  },
  show: function () {
    if (!started) return;
    st.open = true;
    render();
    emit(handlers.show);
  },
  showMessages: function () {
    commands.show();
  },
  hide: function () {
    if (!started) return;
    st.open = false;
    render();
    emit(handlers.hide);
  },
  onShow: function (fn) {
    if (typeof fn === 'function') handlers.show.push(fn);
  },
  onHide: function (fn) {
    if (typeof fn === 'function') handlers.hide.push(fn);
  }
};

function Intercom(command) {
  var run = commands[command];
  if (typeof run !== 'function' || !Object.prototype.hasOwnProperty.call(commands, command)) {
    console.warn('[Intercom] The local fake Messenger does not imitate "' + String(command) + '"; the call was ignored.');
    return;
  }
  return run.apply(null, Array.prototype.slice.call(arguments, 1));
}
Intercom.__intercomFake = true;
w.Intercom = Intercom;

var bootQueued = false;
for (var i = 0; i < queued.length; i++) if (queued[i][0] === 'boot') bootQueued = true;
if (!bootQueued && w.intercomSettings && w.intercomSettings.app_id) Intercom('boot', w.intercomSettings);
for (var j = 0; j < queued.length; j++) Intercom.apply(null, Array.prototype.slice.call(queued[j]));
`;

/** The widget script for one app, as `/widget/{app_id}` serves it. */
export function widgetScript(config: WidgetConfig): string {
  // Function replacers: a `$` in the values must not act as a replacement pattern.
  const body = SOURCE.replace('__CONFIG__', () => serializeForScript(config)).replace('__LAUNCHER_ID__', () => LAUNCHER_ID);
  return `/* Local fake of the Intercom Messenger, for tests. Not the real Messenger. */\n(function () {\n'use strict';${body}})();\n`;
}
