import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { personStorageKey } from './person.js';
import type { IntercomSettings } from './settings.js';

/** Options of `renderScript`. */
export interface RenderScriptOptions {
  /** CSP nonce for the script tag; the loader passes it on to the Messenger script. */
  nonce?: string;
}

const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe inside an inline `<script>`: no value can close the script,
 * open a comment or markup, or end a line in older JavaScript engines. Parsing
 * the output gives back exactly the input.
 *
 * @example
 * ```ts
 * import { serializeForScript } from '@intercom-identity/core';
 * serializeForScript({ name: '</script>' }); // '{"name":"\\u003c/script\\u003e"}'
 * ```
 */
export function serializeForScript(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // BigInt values and cycles: not JSON.
    json = undefined;
  }
  if (json === undefined) fail('SETTINGS_INVALID', `${describeValue(value)} cannot be serialized as JSON.`);
  return json.replace(UNSAFE, (ch) => ESCAPES[ch] as string);
}

const NONCE = /^[A-Za-z0-9+/_=-]{1,256}$/;

// Written for this project: define a queueing Intercom() right away, so calls
// made before the Messenger arrives are kept, then add the Messenger script once.
// The Messenger reads window.intercomSettings and the queue (Intercom.q) when it loads.
// Before this page boots, the previous Messenger session is shut down when the
// browser last showed it to another signed-in person (a logout by plain
// navigation, an expired session), and also when the browser cannot tell who
// was here (no marker, or storage that cannot be read) while a Messenger
// session cookie is present: it fails closed, so nobody sees the last
// person's conversations. A marker that cannot be written is removed, so the
// next page cannot mistake a stale one for the truth.
function loader(widgetUrl: string, storageKey: string, person: string, sessionCookie: string): string {
  return (
    '(function(w,d,src,key,person,cookie){' +
    'if(typeof w.Intercom==="function")return;' +
    'var calls=[];' +
    'var api=function(){calls.push(arguments)};' +
    'api.q=calls;' +
    'w.Intercom=api;' +
    'var store=null,last=null,session=false;' +
    'try{store=w.localStorage;last=store.getItem(key)}catch(e){store=null}' +
    'try{session=("; "+d.cookie).indexOf("; "+cookie+"=")!==-1}catch(e){}' +
    'if(last!==person&&(last===null?session:last!=="visitor")){api("shutdown");api("boot",w.intercomSettings)}' +
    'if(store)try{store.setItem(key,person)}catch(e){try{store.removeItem(key)}catch(f){}}' +
    'var tag=d.createElement("script");' +
    'tag.async=true;' +
    'tag.src=src;' +
    'var self=d.currentScript;' +
    'if(self&&self.nonce)tag.nonce=self.nonce;' +
    '(d.head||d.documentElement).appendChild(tag)' +
    `})(window,document,${serializeForScript(widgetUrl)},${serializeForScript(storageKey)},${serializeForScript(person)},${serializeForScript(sessionCookie)});`
  );
}

/** The attributes of the boot script's tag: the marker the doctor and the tests find it by, and the CSP nonce. */
export interface BootScriptAttributes {
  'data-intercom-identity': '';
  nonce?: string;
}

/** The boot script's tag attributes for a nonce (none when it is empty); throws NONCE_INVALID for one that is not base64. */
export function bootScriptAttributes(options: RenderScriptOptions = {}): BootScriptAttributes {
  if (typeof options !== 'object' || options === null)
    fail('NONCE_INVALID', `The script options are ${describeValue(options)}; pass { nonce } or nothing.`);
  const { nonce } = options;
  const attributes: BootScriptAttributes = { 'data-intercom-identity': '' };
  if (nonce === undefined || nonce === null || nonce === '') return attributes;
  if (typeof nonce !== 'string' || !NONCE.test(nonce))
    fail(
      'NONCE_INVALID',
      'The CSP nonce must be a base64 string (letters, digits, + / _ - =). Pass the nonce your CSP header uses.',
    );
  attributes.nonce = nonce;
  return attributes;
}

/** The name of the Messenger's session cookie for an app: `intercom-session-{app_id}`. */
export function messengerSessionCookie(appId: string): string {
  return `intercom-session-${appId}`;
}

/**
 * The boot script's content: it sets `window.intercomSettings` and loads the
 * Messenger. `marker` is the person marker of the settings ({@link personMarker}).
 */
export function bootScriptBody(settings: IntercomSettings, widgetUrl: string, marker: string): string {
  const boot = loader(widgetUrl, personStorageKey(settings.app_id), marker, messengerSessionCookie(settings.app_id));
  return `window.intercomSettings=${serializeForScript(settings)};${boot}`;
}

/** The whole `<script>` of a body and its attributes (their values are validated: no escaping needed). */
export function bootScriptTag(body: string, attributes: BootScriptAttributes): string {
  const nonce = attributes.nonce === undefined ? '' : ` nonce="${attributes.nonce}"`;
  return `<script data-intercom-identity=""${nonce}>${body}</script>`;
}

/**
 * The CSP source (`'sha256-…'`) that allows one rendered script without a nonce,
 * for strict policies on pages that cannot carry a nonce. The hash covers the
 * script's content, so compute it for each rendered script.
 *
 * @example
 * ```ts
 * import { cspScriptHash } from '@intercom-identity/core';
 * const source = await cspScriptHash(html); // "'sha256-...'"
 * response.headers.set('Content-Security-Policy', `script-src ${source} https://*.intercom.io`);
 * ```
 */
export async function cspScriptHash(script: string): Promise<string> {
  if (typeof script !== 'string')
    fail('SETTINGS_INVALID', `cspScriptHash needs the script that renderScript returned, got ${describeValue(script)}.`);
  const open = script.indexOf('>');
  const close = script.lastIndexOf('</script>');
  if (!script.startsWith('<script') || open === -1 || close < open)
    fail('SETTINGS_INVALID', 'cspScriptHash needs a whole <script>...</script> as renderScript returns it.');
  return `'sha256-${await backend.sha256Base64(script.slice(open + 1, close))}'`;
}
