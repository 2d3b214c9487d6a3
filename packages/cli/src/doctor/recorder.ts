// What the doctor installs in Chromium before any script of the page runs: it records how the page talks to the
// Messenger. This module's function is serialised by Playwright and evaluated in the page, so it must stand alone:
// no import, no helper from outside its body.

/** The name of the page's (non-enumerable) global that holds the record. */
export const RECORD_KEY = '__intercomIdentityDoctor';

/** At most this many events are kept: a page that calls Intercom in a loop is not recorded to its end. */
export const MAX_EVENTS = 200;

/** One thing the page did to the Messenger, as the recorder saw it. */
export interface RecordedEvent {
  /** A call of `window.Intercom(...)` (or of its queue), or an assignment to `window.intercomSettings`. */
  kind: 'call' | 'settings';
  /** Milliseconds since the document started. */
  at: number;
  /** The call's first argument when it is a string: `boot`, `update`, `shutdown`... */
  command?: string;
  /** A JSON copy of the call's second argument, or of the value assigned; undefined when it is not JSON. */
  settings?: unknown;
  /** The call passed `window.intercomSettings` itself (not a copy). */
  passesIntercomSettings?: boolean;
  /** The script and line the call or the assignment came from, as `url:line`, when the stack tells. */
  from?: string;
}

/** The record as the page holds it. */
export interface PageRecord {
  events: RecordedEvent[];
  /** Events that did not fit in the record. */
  dropped: number;
}

/**
 * Wraps `window.Intercom` and `window.intercomSettings` in accessors: every function the page or an SDK assigns
 * to `window.Intercom` (a queue stub included) is replaced by a proxy that records each call, the arrays of a
 * queue stub (`Intercom.q`) record what is pushed onto them directly, and every assignment of the settings is
 * recorded. The page sees its own function and its own objects: the proxy forwards calls and properties.
 */
export function installRecorder({ key, maxEvents }: { key: string; maxEvents: number }): void {
  const w = window as unknown as Record<string, unknown>;
  // Frames other than the page's own (the Messenger's iframes, an embed) are not what the report is about.
  if (w.top !== w || Object.hasOwn(w, key)) return;
  const record: PageRecord = { events: [], dropped: 0 };
  Object.defineProperty(w, key, { value: record, enumerable: false, configurable: false, writable: false });

  const copy = (value: unknown): unknown => {
    try {
      const text = JSON.stringify(value);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined;
    }
  };
  // The first frame of the stack that is a script of a page: the caller of the proxy (this file has no URL).
  const caller = (): string | undefined => {
    const stack = new Error().stack ?? '';
    for (const line of stack.split('\n').slice(1)) {
      const match = /(https?:\/\/[^\s()]+):(\d+):\d+\)?\s*$/.exec(line);
      if (match !== null) return `${match[1]}:${match[2]}`;
    }
    return undefined;
  };
  const push = (event: RecordedEvent) => {
    if (record.events.length < maxEvents) record.events.push(event);
    else record.dropped++;
  };

  let settings: unknown;
  // Inside a recorded call: the stub it forwards to pushes onto its queue, which is the same call.
  let depth = 0;
  const recordCall = (args: ArrayLike<unknown>) => {
    const command = args[0];
    const argument = args[1];
    const isObject = typeof argument === 'object' && argument !== null;
    push({
      kind: 'call',
      at: Math.round(performance.now()),
      command: typeof command === 'string' ? command.slice(0, 40) : `(${typeof command})`,
      settings: isObject ? copy(argument) : undefined,
      // Read live: a page may have deleted the accessor (react-use-intercom's shutdown does) and set a plain property.
      passesIntercomSettings: isObject && argument === w.intercomSettings,
      from: caller(),
    });
  };

  const queues = new WeakSet<object>();
  const watchQueue = (target: unknown) => {
    const queue = (target as { q?: unknown }).q;
    if (!Array.isArray(queue) || queues.has(queue)) return;
    queues.add(queue);
    const original = queue.push;
    Object.defineProperty(queue, 'push', {
      configurable: true,
      writable: true,
      enumerable: false,
      value(this: unknown[], ...items: unknown[]) {
        if (depth === 0)
          for (const item of items)
            if (typeof item === 'object' && item !== null && 'length' in item) recordCall(item as ArrayLike<unknown>);
        return original.apply(this, items);
      },
    });
  };

  const proxies = new WeakSet<object>();
  const wrap = (value: unknown): unknown => {
    if (typeof value !== 'function' || proxies.has(value)) return value;
    watchQueue(value);
    const proxy = new Proxy(value, {
      apply(target, self, args: unknown[]) {
        if (depth === 0) recordCall(args);
        depth++;
        try {
          return Reflect.apply(target, self, args) as unknown;
        } finally {
          depth--;
        }
      },
      // A queue set on the function after it was assigned (`window.Intercom.q = []`) is watched too.
      set(target, property, value, receiver) {
        const done = Reflect.set(target, property, value, receiver);
        if (property === 'q') watchQueue(target);
        return done;
      },
    });
    proxies.add(proxy);
    return proxy;
  };

  let intercom: unknown;
  Object.defineProperty(w, 'Intercom', {
    configurable: true,
    enumerable: true,
    get: () => intercom,
    set: (value: unknown) => {
      intercom = wrap(value);
    },
  });
  Object.defineProperty(w, 'intercomSettings', {
    configurable: true,
    enumerable: true,
    get: () => settings,
    set: (value: unknown) => {
      settings = value;
      push({ kind: 'settings', at: Math.round(performance.now()), settings: copy(value), from: caller() });
    },
  });
}
