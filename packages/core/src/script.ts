import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { personMarker, personStorageKey } from './person.js';
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
// When this browser last showed the Messenger to another signed-in person (a
// logout by plain navigation, an expired session), the previous session is shut
// down before this page boots, so nobody sees the last person's conversations.
function loader(widgetUrl: string, storageKey: string, person: string): string {
  return (
    '(function(w,d,src,key,person){' +
    'if(typeof w.Intercom==="function")return;' +
    'var calls=[];' +
    'var api=function(){calls.push(arguments)};' +
    'api.q=calls;' +
    'w.Intercom=api;' +
    'try{' +
    'var store=w.localStorage,last=store.getItem(key);' +
    'if(last&&last!=="visitor"&&last!==person){api("shutdown");api("boot",w.intercomSettings)}' +
    'store.setItem(key,person)' +
    '}catch(e){}' +
    'var tag=d.createElement("script");' +
    'tag.async=true;' +
    'tag.src=src;' +
    'var self=d.currentScript;' +
    'if(self&&self.nonce)tag.nonce=self.nonce;' +
    '(d.head||d.documentElement).appendChild(tag)' +
    `})(window,document,${serializeForScript(widgetUrl)},${serializeForScript(storageKey)},${serializeForScript(person)});`
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

/** The boot script's content: it sets `window.intercomSettings` and loads the Messenger. */
export function bootScriptBody(settings: IntercomSettings, widgetUrl: string): string {
  const boot = loader(widgetUrl, personStorageKey(settings.app_id), personMarker(settings));
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
