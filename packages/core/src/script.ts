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
const HAS_UNSAFE = /[<>&\u2028\u2029]/;
const PROTO_KEY = /[{,]"__proto__":/;
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
 * the output, or running it as JavaScript, gives back exactly the input. A value
 * that is not JSON, or has a `"__proto__"` key (which a script reads as the
 * prototype), throws `SETTINGS_INVALID`.
 *
 * @example
 * ```ts
 * import { serializeForScript } from '@intercom-identity/core';
 * serializeForScript({ name: '</script>' }); // '{"name":"\\u003c/script\\u003e"}'
 * ```
 */
export function serializeForScript(value: unknown): string {
  const json = scriptJson(value);
  // As a key, "__proto__" follows { or , (inside a string every quote is escaped): an object
  // literal would read it as the object's prototype, not as a property as JSON.parse does.
  if (json.includes('"__proto__":') && PROTO_KEY.test(json))
    fail(
      'SETTINGS_INVALID',
      'The value has a "__proto__" key, which an inline script reads as the prototype, not as a property. Rename the key.',
    );
  return json;
}

/**
 * {@link serializeForScript} without its look for a `"__proto__"` key: for the
 * boot script's settings, whose keys were checked when they were made
 * (`checkNoPrototypeKeys`), so a page does not pay for the look twice.
 */
function scriptJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // BigInt values and cycles: not JSON.
    json = undefined;
  }
  if (json === undefined) fail('SETTINGS_INVALID', `${describeValue(value)} cannot be serialized as JSON.`);
  // Most settings have nothing to escape: a test is cheaper than a replace that finds nothing.
  return HAS_UNSAFE.test(json) ? json.replace(UNSAFE, (ch) => ESCAPES[ch] as string) : json;
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
// Its arguments come as JavaScript literals (serialized), split around the person
// marker: the only argument that changes from one page to the next.
function loader(src: string, key: string, cookie: string): [string, string] {
  return [
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
      `})(window,document,${src},${key},`,
    `,${cookie});`,
  ];
}

/** How the boot script waits: for consent, for the first interaction, or not at all. */
export interface BootGate {
  /** Load nothing and set nothing until `grantIntercomConsent()` (`consent: 'required'`). */
  consent?: boolean;
  /** Show a lightweight launcher and load the Messenger on its first click (`load: 'interaction'`). */
  facade?: boolean;
}

// Written for this project: the loader above, gated. Intercom() queues at once,
// but nothing is read from or written to storage, nothing is loaded and no
// cookie can be set until the gate opens: grantIntercomConsent() (consent), or
// the first click on a small launcher or the first Intercom('show…') call
// (facade; with consent too, the launcher appears once consent is given). The
// marker check of the loader above then runs, and the Messenger is loaded once
// with the nonce the script carried. withdrawIntercomConsent() shuts the
// Messenger down, puts the queue back (calls are dropped while consent is
// withdrawn), removes every intercom-* cookie on this host and its parent
// domains and the marker; granting again boots the loaded Messenger with the
// current settings (and puts back the marker withdrawal removed, when it was
// this page's person), or loads it. The launcher is added once the document is
// parsed, so a framework that hydrates the whole document never finds it inside
// its own markup. window.intercomConsent says where the gate
// stands (an "intercom-identity:consent" event on window tells each change, and
// that the gate is there), and a consent tool may set it to "granted" before
// this script runs.
function gatedLoader(src: string, key: string, cookie: string, gate: BootGate): [string, string] {
  return [
    '(function(w,d,src,key,person,cookie,consent,facade){' +
      'if(typeof w.Intercom==="function")return;' +
      'var calls=[],loaded=false,real=null,button=null,had=null;' +
      'var state=consent&&w.intercomConsent!=="granted"?"pending":"granted";' +
      'var self=d.currentScript,nonce=self&&self.nonce;' +
      'var api=function(){if(state==="withdrawn")return;calls.push(arguments);if(facade&&!loaded&&state==="granted"&&/^show/.test(arguments[0]))load()};' +
      'api.q=calls;' +
      'w.Intercom=api;' +
      'function drop(){if(button&&button.parentNode)button.parentNode.removeChild(button);button=null}' +
      'function clear(){' +
      'try{w.localStorage.removeItem(key)}catch(e){}' +
      'try{var parts=d.cookie.split(";"),host=w.location.hostname.split("."),i,j,n;' +
      'for(i=0;i<parts.length;i++){n=parts[i].split("=")[0].replace(/^\\s+|\\s+$/g,"");' +
      'if(n.indexOf("intercom-")!==0)continue;' +
      'd.cookie=n+"=;path=/;max-age=0";' +
      'for(j=0;j<host.length-1;j++)d.cookie=n+"=;path=/;max-age=0;domain=."+host.slice(j).join(".")}}catch(e){}}' +
      'function load(){' +
      'if(loaded)return;' +
      'loaded=true;' +
      'if(button)button.setAttribute("aria-busy","true");' +
      'var store=null,last=null,session=false;' +
      'try{store=w.localStorage;last=store.getItem(key)}catch(e){store=null}' +
      'try{session=("; "+d.cookie).indexOf("; "+cookie+"=")!==-1}catch(e){}' +
      'if(last!==person&&(last===null?session:last!=="visitor"))calls.unshift(["shutdown"],["boot",w.intercomSettings]);' +
      'if(store)try{store.setItem(key,person)}catch(e){try{store.removeItem(key)}catch(f){}}' +
      'var tag=d.createElement("script");' +
      'tag.async=true;' +
      'tag.src=src;' +
      'if(nonce)tag.nonce=nonce;' +
      'tag.onload=function(){drop();if(w.Intercom!==api)real=w.Intercom;if(state==="withdrawn"&&real){w.Intercom=api;try{real("shutdown")}catch(e){}clear()}};' +
      'tag.onerror=function(){loaded=false;if(button)button.removeAttribute("aria-busy")};' +
      '(d.head||d.documentElement).appendChild(tag)}' +
      'function launcher(){' +
      'var s=w.intercomSettings||{};' +
      'if(!facade||loaded||button||state!=="granted"||s.hide_default_launcher===true)return;' +
      'if(!d.body||d.readyState==="loading"){d.addEventListener("DOMContentLoaded",launcher);return}' +
      'var x=typeof s.horizontal_padding==="number"?s.horizontal_padding:20,y=typeof s.vertical_padding==="number"?s.vertical_padding:20;' +
      'var color=typeof s.action_color==="string"&&/^#[0-9A-Fa-f]{3,8}$/.test(s.action_color)?s.action_color:"#1f2937";' +
      'var ns="http://www.w3.org/2000/svg",svg=d.createElementNS(ns,"svg"),path=d.createElementNS(ns,"path");' +
      'button=d.createElement("button");' +
      'button.type="button";' +
      'button.setAttribute("data-intercom-facade","");' +
      'button.setAttribute("aria-label","Open the messenger");' +
      'button.style.cssText="position:fixed;z-index:2147483000;bottom:"+y+"px;"+(s.alignment==="left"?"left:":"right:")+x+"px;width:48px;height:48px;padding:12px;border:0;border-radius:50%;cursor:pointer;box-shadow:0 1px 6px rgba(0,0,0,.06),0 2px 32px rgba(0,0,0,.16);background:"+color;' +
      'svg.setAttribute("viewBox","0 0 24 24");' +
      'svg.setAttribute("width","24");' +
      'svg.setAttribute("height","24");' +
      'svg.setAttribute("aria-hidden","true");' +
      'path.setAttribute("fill","#fff");' +
      'path.setAttribute("d","M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");' +
      'svg.appendChild(path);' +
      'button.appendChild(svg);' +
      'button.onclick=function(){api("show")};' +
      'd.body.appendChild(button)}' +
      'function start(){if(facade)launcher();else load()}' +
      'function tell(){w.intercomConsent=state;try{w.dispatchEvent(new CustomEvent("intercom-identity:consent",{detail:state}))}catch(e){}}' +
      'if(consent){' +
      'w.grantIntercomConsent=function(){if(state==="granted")return;state="granted";tell();if(real){if(had===person)try{w.localStorage.setItem(key,person)}catch(e){}w.Intercom=real;real("boot",w.intercomSettings)}else start()};' +
      'w.withdrawIntercomConsent=function(){state="withdrawn";calls.length=0;drop();if(w.Intercom!==api){real=w.Intercom;w.Intercom=api}if(real)try{real("shutdown")}catch(e){}try{had=w.localStorage.getItem(key)}catch(e){had=null}clear();tell()};' +
      'tell()}' +
      'if(state==="granted")start()' +
      `})(window,document,${src},${key},`,
    `,${cookie},${gate.consent === true},${gate.facade === true});`,
  ];
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
 * The boot script's content for one app, widget URL and gate: a function of the
 * settings and their person marker ({@link personMarker}) that sets
 * `window.intercomSettings` and loads the Messenger; the gate makes it wait for
 * consent or for the first interaction. The loader's fixed text is made once,
 * so a page pays only for its settings and its marker.
 */
export function bootScriptBodyFor(
  appId: string,
  widgetUrl: string,
  gate: BootGate = {},
): (settings: IntercomSettings, marker: string) => string {
  const src = serializeForScript(widgetUrl);
  const key = serializeForScript(personStorageKey(appId));
  const cookie = serializeForScript(messengerSessionCookie(appId));
  const [head, tail] =
    gate.consent === true || gate.facade === true ? gatedLoader(src, key, cookie, gate) : loader(src, key, cookie);
  // The settings' keys were checked when they were made (bootSettings, renderScript): see scriptJson.
  return (settings, marker) => `window.intercomSettings=${scriptJson(settings)};${head}${scriptJson(marker)}${tail}`;
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
