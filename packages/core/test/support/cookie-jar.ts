/**
 * `document.cookie` as a browser keeps it for one host: host-only cookies and
 * cookies of a parent domain, each removed only by a write that names the same
 * domain (or none, for a host-only one) with `max-age=0` or a past `expires`.
 * A `domain` that is not this host or one of its parents, or that is a single
 * label (`com`, the way browsers refuse public suffixes), is ignored, as a
 * browser ignores it.
 */
export interface StoredCookie {
  name: string;
  value: string;
  /** The domain it was set for, without a leading dot; null for a host-only cookie. */
  domain: string | null;
}

export class CookieJar {
  readonly cookies: StoredCookie[] = [];
  /** Every string the page wrote to `document.cookie`, in order. */
  readonly writes: string[] = [];
  /** How often the page read `document.cookie`. */
  reads = 0;

  constructor(readonly host: string) {}

  /** What `document.cookie` reads. */
  get header(): string {
    this.reads++;
    return this.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  /** What a write to `document.cookie` does. */
  set header(line: string) {
    this.writes.push(line);
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let domain: string | null = null;
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', given = ''] = attribute.split('=').map((part) => part.trim());
      const lower = key.toLowerCase();
      if (lower === 'domain') domain = given.replace(/^\./, '').toLowerCase();
      if (lower === 'max-age' && Number(given) <= 0) expired = true;
      if (lower === 'expires' && Date.parse(given) <= Date.now()) expired = true;
    }
    if (domain !== null && (!domain.includes('.') || (domain !== this.host && !this.host.endsWith(`.${domain}`)))) return;
    const at = this.cookies.findIndex((cookie) => cookie.name === name && cookie.domain === domain);
    if (at !== -1) this.cookies.splice(at, 1);
    if (!expired) this.cookies.push({ name, value, domain });
  }

  /** Sets a cookie as a server's Set-Cookie (or the Messenger) would: `domain` null for host-only. */
  put(name: string, value: string, domain: string | null = null): void {
    this.cookies.push({ name, value, domain });
  }

  /** The names of the cookies the page holds, sorted. */
  names(): string[] {
    return this.cookies.map((cookie) => cookie.name).sort();
  }

  /** Defines `cookie` on `target` (a fake document) as a browser's accessor. */
  attach(target: object): void {
    Object.defineProperty(target, 'cookie', {
      configurable: true,
      get: () => this.header,
      set: (line: string) => {
        this.header = line;
      },
    });
  }
}
