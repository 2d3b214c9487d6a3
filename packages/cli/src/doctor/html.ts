/** One `<script>` element of a page, as the HTML parser sees it. */
export interface ScriptElement {
  /** The attributes, lowercased names, entity-decoded values. */
  attrs: Readonly<Record<string, string>>;
  src: string | undefined;
  /** The text between the start tag and the first `</script`, which is where the browser ends it. */
  content: string;
  contentStart: number;
  contentEnd: number;
}

const SCRIPT_OPEN = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
// The HTML parser ends a script at the first `</script` followed by a space, `/` or `>`.
const SCRIPT_CLOSE = /<\/script[\s/>]/gi;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export function findScripts(html: string): ScriptElement[] {
  const scripts: ScriptElement[] = [];
  SCRIPT_OPEN.lastIndex = 0;
  for (let open = SCRIPT_OPEN.exec(html); open !== null; open = SCRIPT_OPEN.exec(html)) {
    const contentStart = open.index + open[0].length;
    SCRIPT_CLOSE.lastIndex = contentStart;
    const close = SCRIPT_CLOSE.exec(html);
    const contentEnd = close === null ? html.length : close.index;
    const attrs: Record<string, string> = {};
    ATTRIBUTE.lastIndex = 0;
    for (let attr = ATTRIBUTE.exec(open[1] ?? ''); attr !== null; attr = ATTRIBUTE.exec(open[1] ?? ''))
      attrs[(attr[1] as string).toLowerCase()] = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '');
    scripts.push({ attrs, src: attrs.src, content: html.slice(contentStart, contentEnd), contentStart, contentEnd });
    SCRIPT_OPEN.lastIndex = contentEnd;
  }
  return scripts;
}

/** Whether a script element holds JavaScript (not JSON data, templates or the like). */
export function isJavaScript(script: ScriptElement): boolean {
  const type = script.attrs.type?.trim().toLowerCase();
  return (
    type === undefined || type === '' || type === 'module' || /^(?:text|application)\/(?:x-)?(?:java|ecma)script$/.test(type)
  );
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the HTML character references a server's escaping functions write. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (whole, dec, hex, name) => {
    if (dec !== undefined) return safeCodePoint(Number.parseInt(dec, 10), whole);
    if (hex !== undefined) return safeCodePoint(Number.parseInt(hex, 16), whole);
    return NAMED[(name as string).toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
