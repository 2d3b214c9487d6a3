// Property-based tests of what the core writes into an inline <script>: the
// JSON serializer on its own, and whole boot scripts. fast-check draws a new
// seed on each run and prints it with the shrunk counterexample on failure;
// `fc.assert(..., { seed, path })` replays one.
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdentity, type Identity, resolveConfig, serializeForScript } from '../src/index.js';
import { APP_ID, recordingLogger, SECRET } from './support.js';

/**
 * One piece of a string that is rich in what an HTML parser and a JavaScript
 * engine care about: the characters of `</script`, `<!--` and `-->`, line and
 * paragraph separators, lone surrogates (JSON.stringify escapes them), quotes
 * and backslashes, next to any other code point.
 */
const hostileUnit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '<',
      '/',
      '!',
      '-',
      '>',
      '&',
      '\u2028',
      '\u2029',
      '\uD800',
      '\uDBFF',
      '\uDC00',
      '\uDFFF',
      '"',
      '\\',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('</script', '</SCRIPT', '</ScRiPt >', '<!--', '-->', '<script', ']]>') },
  { weight: 1, arbitrary: fc.constantFrom('s', 'c', 'r', 'i', 'p', 't', 'S', 'C', 'R', 'I', 'P', 'T', ' ') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const hostileString = fc.string({ unit: hostileUnit, maxLength: 40 });

/** JSON.stringify writes -0 as 0: the one JSON value that cannot come back as itself, so the inputs leave it out. */
function withoutNegativeZero(value: fc.JsonValue): fc.JsonValue {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, fc.JsonValue> = {};
  // defineProperty keeps a "__proto__" key an own property, as JSON.parse makes it.
  for (const [key, item] of Object.entries(value))
    Object.defineProperty(out, key, {
      value: withoutNegativeZero(item as fc.JsonValue),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

const jsonValues = fc
  .oneof(
    fc.jsonValue(),
    fc.jsonValue({ stringUnit: 'binary' }),
    fc.jsonValue({ stringUnit: hostileUnit, maxDepth: 4 }),
    hostileString,
  )
  .map(withoutNegativeZero);

/** Whether a value holds an object key "__proto__", which a JavaScript object literal reads as its prototype. */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasProtoKey);
  return Object.keys(value).some((key) => key === '__proto__' || hasProtoKey((value as Record<string, unknown>)[key]));
}

/** What must never appear in the text of an inline script. */
function expectScriptSafe(text: string): void {
  expect(text).not.toMatch(/<\/script/i);
  expect(text).not.toContain('<!--');
  expect(text).not.toContain('\u2028');
  expect(text).not.toContain('\u2029');
}

describe('serializeForScript, for any JSON value', () => {
  it('parses back with JSON.parse to a value deep-equal to the input', () => {
    fc.assert(
      fc.property(
        jsonValues.filter((value) => !hasProtoKey(value)),
        (value) => {
          expect(JSON.parse(serializeForScript(value))).toEqual(value);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('evaluates as JavaScript, as the browser runs it, to the input', () => {
    fc.assert(
      fc.property(
        jsonValues.filter((value) => !hasProtoKey(value)),
        (value) => {
          expect(runInNewContext(`(${serializeForScript(value)})`)).toEqual(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a "__proto__" key at any depth, the one place where a JavaScript literal and JSON differ', () => {
    // A string that only looks like such a key is a value, and is kept.
    expect(JSON.parse(serializeForScript({ note: '{"__proto__":1}', list: [',"__proto__":'] }))).toEqual({
      note: '{"__proto__":1}',
      list: [',"__proto__":'],
    });
    fc.assert(
      fc.property(jsonValues, (value) => {
        if (!hasProtoKey(value)) return;
        let code: unknown;
        try {
          serializeForScript(value);
        } catch (error) {
          code = (error as { code?: unknown }).code;
        }
        expect(code).toBe('SETTINGS_INVALID');
      }),
      { numRuns: 400 },
    );
    const nested = JSON.parse('{"a":[{"b":{"__proto__":{"polluted":true}}}]}');
    expect(() => serializeForScript(nested)).toThrow(/"__proto__" key/);
  });

  it('never contains </script (any case), <!--, U+2028 or U+2029', () => {
    fc.assert(
      fc.property(
        jsonValues.filter((value) => !hasProtoKey(value)),
        (value) => {
          expectScriptSafe(serializeForScript(value));
        },
      ),
      { numRuns: 400 },
    );
  });
});

const GATES = [{}, { consent: 'required' }, { load: 'interaction' }, { consent: 'required', load: 'interaction' }] as const;

/** An identity for each mode and gate, made once: the property picks one per run. */
const identities: { label: string; identity: Identity }[] = [];
for (const mode of ['jwt', 'user_hash'] as const)
  for (const gate of GATES)
    identities.push({
      label: `${mode} ${JSON.stringify(gate)}`,
      identity: createIdentity(
        resolveConfig(
          { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET },
          { logger: recordingLogger(), mode, ...gate },
        ),
      ),
    });

// biome-ignore lint/suspicious/noControlCharactersInRegex: the core refuses identifiers with control characters
const CONTROL = /[\u0000-\u001F\u007F]/;

/** A string the core accepts as a user_id or email: not blank, no control character (lone surrogates are left out too). */
const identifier = hostileString
  .map((text) => text.replace(/[\uD800-\uDFFF]/g, 'x'))
  .filter((text) => text.trim() !== '' && !CONTROL.test(text));

const attributeValue = fc.oneof(
  hostileString,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** Users with random identifiers, names and custom attributes (some of them refused by the core), or a visitor. */
const users = fc.option(
  fc.record(
    {
      user_id: identifier,
      email: identifier,
      name: hostileString,
      custom_attributes: fc.dictionary(hostileString, attributeValue, { maxKeys: 4 }),
    },
    { requiredKeys: [] },
  ),
  { nil: null },
);

/** Extra settings: random names (some reserved or "__proto__", which the core leaves out) and JSON values. */
const extraSettings = fc.option(fc.dictionary(fc.oneof(hostileString, fc.constant('__proto__')), jsonValues, { maxKeys: 4 }), {
  nil: undefined,
});

/** Runs a boot script's content as a browser would, with a page that has just started parsing. */
function runBoot(body: string): Record<string, unknown> {
  const element = () => ({ setAttribute() {}, appendChild() {}, style: {} });
  const window: Record<string, unknown> = { location: { hostname: 'example.com' }, dispatchEvent() {} };
  const document = {
    cookie: '',
    currentScript: null,
    readyState: 'loading',
    addEventListener() {},
    createElement: element,
    createElementNS: element,
    head: { appendChild() {} },
  };
  runInNewContext(body, { window, document, CustomEvent: class {} });
  return window;
}

describe('a whole boot script, for random users and settings', () => {
  it('has exactly one </script>, at its end, and sets intercomSettings to the settings the server made', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...identities), users, extraSettings, async ({ identity }, user, settings) => {
        const boot = await identity.renderBoot(user, settings === undefined ? {} : { settings });
        expect(boot.html.startsWith('<script data-intercom-identity="">')).toBe(true);
        expect(boot.html.match(/<\/script/gi)).toHaveLength(1);
        expect(boot.html.endsWith('</script>')).toBe(true);
        expect(boot.html.match(/<script/gi)).toHaveLength(1);
        expectScriptSafe(boot.body);
        expect(boot.html).not.toContain('<!--');
        expect(runBoot(boot.body).intercomSettings).toEqual(boot.settings);
      }),
      { numRuns: 200 },
    );
  });
});
