import { ENV_NAMES, type IdentityMode, MODES } from '@intercom-identity/core';
import { flag, listValue, parseCommandArgs, stringValue } from '../args.js';
import type { Command } from '../context.js';
import { renderJson, renderTable } from '../doctor/render.js';
import { runDoctor } from '../doctor/run.js';
import type { DoctorOptions } from '../doctor/types.js';
import { UsageError } from '../errors.js';
import type { ResolvedIo } from '../io.js';
import { checkCliSecret, type FoundSecret, findPreviousSecret, findSecret, secretFromEnv } from '../secrets.js';

const MIN_HIDDEN_COOKIE = 8;

const OPTIONS = {
  cookie: { type: 'string' as const, multiple: true },
  'other-cookie': { type: 'string' as const, multiple: true },
  'secret-stdin': { type: 'boolean' as const },
  secret: { type: 'string' as const },
  'ios-secret': { type: 'string' as const },
  'android-secret': { type: 'string' as const },
  'also-secret': { type: 'string' as const, multiple: true },
  'previous-secret': { type: 'string' as const },
  'ios-previous-secret': { type: 'string' as const },
  'android-previous-secret': { type: 'string' as const },
  mode: { type: 'string' as const },
  'proof-endpoint': { type: 'string' as const },
  browser: { type: 'boolean' as const },
  'consent-required': { type: 'boolean' as const },
  chromium: { type: 'string' as const },
  json: { type: 'boolean' as const },
  timeout: { type: 'string' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

/** `intercom-identity doctor <url>`: checks a page's Messenger setup; exit 1 when a check fails. */
export const doctorCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('doctor', args, OPTIONS);
  if (positionals.length !== 1)
    throw new UsageError(`doctor needs one URL, got ${positionals.length} arguments: intercom-identity doctor <url>.`, {
      command: 'doctor',
    });
  const url = positionals[0] as string;
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new UsageError('doctor needs an http(s) URL, such as http://localhost:3000/.', { command: 'doctor' });
  const timeout = stringValue(values, 'timeout');
  if (timeout !== undefined && !/^[1-9]\d{0,3}$/.test(timeout))
    throw new UsageError('--timeout is a whole number of seconds, such as 30.', { command: 'doctor' });

  const web = await findSecret(io, {
    secretStdin: flag(values, 'secret-stdin'),
    secretFlag: stringValue(values, 'secret'),
    platform: 'web',
  });
  const ios = mobileSecret(io, 'INTERCOM_IDENTITY_SECRET_IOS', stringValue(values, 'ios-secret'), '--ios-secret');
  const android = mobileSecret(io, 'INTERCOM_IDENTITY_SECRET_ANDROID', stringValue(values, 'android-secret'), '--android-secret');
  const also = listValue(values, 'also-secret').map((value, index) =>
    checkCliSecret({ value, source: 'flag', label: `--also-secret #${index + 1}` }),
  );
  // Rotation: the previous secrets, from the variables the server reads, or from their flags.
  const previous = {
    web: findPreviousSecret(io, 'web', stringValue(values, 'previous-secret'), '--previous-secret'),
    ios: findPreviousSecret(io, 'ios', stringValue(values, 'ios-previous-secret'), '--ios-previous-secret'),
    android: findPreviousSecret(io, 'android', stringValue(values, 'android-previous-secret'), '--android-previous-secret'),
  };
  const mode = parseMode(stringValue(values, 'mode'), io.env[ENV_NAMES.mode]);
  const proofEndpoint = stringValue(values, 'proof-endpoint');
  if (proofEndpoint !== undefined) checkProofEndpoint(proofEndpoint, url);
  for (const found of [web, ios, android, ...also, ...Object.values(previous)])
    if (found !== undefined) secrets.push(found.value);

  const options: DoctorOptions = {
    url,
    cookies: parseCookies(listValue(values, 'cookie'), '--cookie'),
    otherCookies: parseCookies(listValue(values, 'other-cookie'), '--other-cookie'),
    alsoSecrets: also.map((found) => found.value),
    browser: flag(values, 'browser'),
  };
  // It implies --browser: only a page that runs shows what it requests and which cookies it sets.
  if (flag(values, 'consent-required')) options.consentRequired = true;
  if (web !== undefined) options.secret = web.value;
  if (ios !== undefined) options.iosSecret = ios.value;
  if (android !== undefined) options.androidSecret = android.value;
  if (previous.web !== undefined) options.previousSecret = previous.web.value;
  if (previous.ios !== undefined) options.iosPreviousSecret = previous.ios.value;
  if (previous.android !== undefined) options.androidPreviousSecret = previous.android.value;
  if (mode !== undefined) options.mode = mode;
  if (proofEndpoint !== undefined) options.proofEndpoint = proofEndpoint;
  const chromium = stringValue(values, 'chromium');
  if (chromium !== undefined) options.chromiumPath = chromium;
  if (timeout !== undefined) options.timeoutSeconds = Number(timeout);
  // Cookie values are session tokens: as secret as the secret (short ones such as "1" would only garble the output).
  for (const value of [...Object.values(options.cookies ?? {}), ...Object.values(options.otherCookies ?? {})])
    if (value.length >= MIN_HIDDEN_COOKIE) secrets.push(value);

  const report = await runDoctor(options);
  const colour = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  io.stdout.write(flag(values, 'json') ? renderJson(report) : renderTable(report, colour));
  return report.ok ? 0 : 1;
};

// Same order as the web secret: the environment first, the flag (visible in the process list) last.
function mobileSecret(io: ResolvedIo, envName: string, flagValue: string | undefined, flagName: string): FoundSecret | undefined {
  const found =
    secretFromEnv(io, envName) ?? (flagValue ? { value: flagValue, source: 'flag' as const, label: flagName } : undefined);
  return found === undefined ? undefined : checkCliSecret(found);
}

// The flag wins over the variable: the mode is no secret, and the flag is what was typed for this run.
function parseMode(flagValue: string | undefined, envValue: string | undefined): IdentityMode | undefined {
  const raw = flagValue ?? (envValue?.trim() === '' ? undefined : envValue);
  if (raw === undefined) return undefined;
  const mode = raw.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(mode))
    throw new UsageError(`${flagValue !== undefined ? '--mode' : ENV_NAMES.mode} must be ${MODES.join(' or ')}.`, {
      command: 'doctor',
      code: 'MODE_UNKNOWN',
    });
  return mode as IdentityMode;
}

// The endpoint gets the --cookie values: it must be on the page's own origin, never elsewhere.
function checkProofEndpoint(endpoint: string, page: string): void {
  let resolved: URL | undefined;
  try {
    resolved = new URL(endpoint, page);
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || resolved.origin !== new URL(page).origin)
    throw new UsageError(
      '--proof-endpoint takes a path on the same origin as the page, such as /api/intercom-identity: it is called with the --cookie values.',
      { command: 'doctor' },
    );
}

function parseCookies(pairs: readonly string[], flagName: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at > 0 ? pair.slice(0, at).trim() : '';
    // The value is never echoed: it is a session token.
    if (name === '' || /[\s;,=]/.test(name))
      throw new UsageError(`${flagName} takes name=value, such as ${flagName} session=abc123.`, { command: 'doctor' });
    cookies[name] = pair.slice(at + 1);
  }
  return cookies;
}
