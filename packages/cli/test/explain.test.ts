import {
  describeError,
  ERROR_CODES,
  IntercomIdentityError,
  MESSENGER_ERRORS,
  MISSING_PROOF_CONSOLE_TEXT,
  signUserJwt,
} from '@intercom-identity/core';
import { REJECTION_REASONS } from '@intercom-identity/testing';
import { describe, expect, it } from 'vitest';
import { FAKE_REASONS } from '../src/explain/fake-reasons.js';
import { expectedHash, type RunResult, run, useSecret } from './helpers.js';

interface Match {
  source: string;
  id: string;
  text: string;
  status?: number;
  code?: string;
  surface?: string;
  cause: string;
  fix: string;
  check: string[];
  matchedBy: string;
}

interface Answer {
  known: boolean;
  matches: Match[];
  statuses?: number[];
  notes: string[];
  knows?: { messenger: { id: string }[]; fakeMessenger: string[]; errorCodes: string[]; statuses: number[] };
}

async function explainJson(input: string): Promise<RunResult & { answer: Answer }> {
  const result = await run(['explain', '-', '--json'], { stdin: input });
  return { ...result, answer: JSON.parse(result.stdout) as Answer };
}

const ids = (answer: Answer) => answer.matches.map((match) => `${match.source}:${match.id}`);
const messengerErrors = Object.values(MESSENGER_ERRORS);

// The CLI's own codes: its error, then the doctor's findings in Chromium (the overwrite check, then the consent checks).
const CLI_CODES = [
  'BROWSER_UNAVAILABLE',
  'BOOT_UNSIGNED_AFTER_SIGNED',
  'UPDATE_IDENTITY_UNSIGNED',
  'PROOF_DROPPED',
  'MESSENGER_LOADED_BEFORE_CONSENT',
  'INTERCOM_COOKIE_BEFORE_CONSENT',
  'CONSENT_GATE_MISSING',
  'CONSENT_GRANTED_BEFORE_CHOICE',
];

describe('explain: the real Messenger’s refusals, web and mobile', () => {
  it.each(messengerErrors.map((error) => [error.id, error] as const))(
    '%s by its text: the catalogue’s cause and fix, and a command that checks it',
    async (_id, error) => {
      const result = await run(['explain', error.text]);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe(error.text);
      expect(result.stdout).toContain(`cause: ${error.cause}`);
      expect(result.stdout).toContain(`fix:   ${error.fix}`);
      expect(result.stdout).toMatch(/ {2}check: intercom-identity (verify|doctor) /);
      const { answer } = await explainJson(error.text);
      expect(ids(answer)).toEqual([`messenger:${error.id}`]);
      expect(answer.matches[0]).toMatchObject({ surface: error.surface, status: error.status, matchedBy: 'text' });
    },
  );

  it.each(messengerErrors.filter((error) => error.code !== undefined).map((error) => [error.code as string, error] as const))(
    'the body code %s alone',
    async (code, error) => {
      const { answer, code: exit } = await explainJson(code);
      expect(exit).toBe(0);
      expect(ids(answer)).toEqual([`messenger:${error.id}`]);
      expect(answer.matches[0]?.matchedBy).toBe('code');
    },
  );

  it.each(messengerErrors.map((error) => [error.id, error] as const))(
    '%s in a noisy pasted console line and in a JSON body',
    async (_id, error) => {
      const noisy = [
        `widget-abc123.js:2 ${error.text}`,
        `12:04:11.532 vendor.js:1  [Intercom]   ${error.text.replace(/ /g, '\n  ')}  (at boot)`,
        JSON.stringify({
          type: 'error.list',
          request_id: 'req_0001',
          errors: [{ ...(error.code ? { code: error.code } : {}), message: error.text }],
        }),
        `POST https://api-iam.intercom.io/messenger/${error.surface === 'web' ? 'web/ping' : 'mobile/users'} ${error.status} -- ${error.text}`,
      ];
      for (const input of noisy) {
        const { answer, code } = await explainJson(input);
        expect(code).toBe(0);
        expect(ids(answer)).toEqual([`messenger:${error.id}`]);
      }
    },
  );

  it('the missing-proof console text, cut short or without its prefix, is still that message', async () => {
    for (const input of [
      'Intercom Messenger error: Missing user_hash or intercom_user_jwt.',
      'A valid user_hash or intercom_user_jwt is required to authenticate users when Messenger Security is enforced.',
    ]) {
      const { answer } = await explainJson(input);
      expect(ids(answer)).toEqual(['messenger:missing_proof']);
    }
  });

  it('the fake’s "missing user_hash" inside the real console text is not a second answer', async () => {
    const { answer } = await explainJson(`Uncaught ${MISSING_PROOF_CONSOLE_TEXT}`);
    expect(ids(answer)).toEqual(['messenger:missing_proof']);
  });

  it('"conflict" counts as a code only where it stands as one, not as a word in other text', async () => {
    expect(ids((await explainJson('{"code":"conflict"}')).answer)).toEqual(['messenger:mobile_conflict']);
    expect(ids((await explainJson('conflict')).answer)).toEqual(['messenger:mobile_conflict']);
    const prose = await explainJson('a merge conflict in the lock file');
    expect(prose.answer.known).toBe(false);
    expect(prose.code).toBe(1);
  });
});

describe('explain: an HTTP status', () => {
  it('403 alone is any of the web Messenger’s four refusals, and the answer says so', async () => {
    const result = await run(['explain', '403']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      "HTTP 403 can be any of these 4; paste the console line or the answer's body for one answer.",
    );
    const { answer } = await explainJson('403');
    expect(answer.statuses).toEqual([403]);
    expect(ids(answer)).toEqual([
      'messenger:missing_proof',
      'messenger:signature_mismatch',
      'messenger:jwt_invalid',
      'messenger:jwt_expired',
    ]);
    expect(answer.matches.every((match) => match.matchedBy === 'status' && match.surface === 'web')).toBe(true);
  });

  it('409 is the mobile conflict: one known cause', async () => {
    const result = await run(['explain', '409']);
    expect(result.stdout.split('\n')[0]).toBe('HTTP 409 has one known cause:');
    expect(result.stdout).toContain(MESSENGER_ERRORS.mobile_conflict.text);
    expect(result.stdout).toContain('--mode jwt --proof-endpoint /api/intercom-identity');
  });

  it('a status in context: a network line, a status line, a JSON field', async () => {
    const cases: [string, string[]][] = [
      ['POST https://api-iam.intercom.io/messenger/mobile/users 409 (Conflict)', ['messenger:mobile_conflict']],
      ['HTTP/1.1 401 Unauthorized from the iOS SDK', ['messenger:mobile_hmac_mismatch']],
      ['GET /api/intercom-identity 422 (Unprocessable Entity)', ['error-code:JWT_USER_ID_REQUIRED']],
      ['{"status":422}', ['error-code:JWT_USER_ID_REQUIRED']],
      // Neither the Messenger nor the endpoint named: both meanings.
      ['status 401', ['messenger:mobile_hmac_mismatch', 'error-code:NO_SESSION']],
    ];
    for (const [input, expected] of cases) expect(ids((await explainJson(input)).answer), input).toEqual(expected);
  });

  it('a number that is no status of a refusal is not one: a port, a timestamp, 404', async () => {
    for (const input of ['http://localhost:4030/', '12:40:03', '404']) {
      const result = await explainJson(input);
      expect(result.answer.known, input).toBe(false);
      expect(result.code).toBe(1);
    }
  });

  it('a known text wins over the status next to it', async () => {
    const { answer } = await explainJson('403 Forbidden {"code":"signature_mismatch","message":"Incorrect user_hash"}');
    expect(ids(answer)).toEqual(['messenger:signature_mismatch']);
    expect(answer.statuses).toBeUndefined();
  });
});

describe('explain: the fake Messenger’s reasons', () => {
  it('knows exactly the reasons of @intercom-identity/testing, by key (a copy, since the CLI does not depend on it)', () => {
    expect(FAKE_REASONS).toEqual({ ...REJECTION_REASONS });
  });

  it.each(Object.entries(REJECTION_REASONS))('%s: "%s", alone and in the fake’s console line', async (key, reason) => {
    for (const input of [reason, `[fake Messenger] ${reason}`, `[Intercom] Identity verification failed: ${reason}`]) {
      const { answer, code } = await explainJson(input);
      expect(code).toBe(0);
      expect(ids(answer), input).toEqual([`fake-messenger:${key}`]);
      expect(answer.matches[0]?.cause).toMatch(/^[A-Z].*\.$/);
      expect(answer.matches[0]?.fix).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('names the real Messenger’s message for the same refusal', async () => {
    const result = await run(['explain', REJECTION_REASONS.wrongIdentifier]);
    expect(result.stdout).toContain(
      'from:  the fake Messenger of @intercom-identity/testing; the real Messenger says "Incorrect user_hash" (HTTP 403)',
    );
    expect(result.stdout).toContain('check: intercom-identity verify <user_id> <user_hash> --email <email>');
  });

  it('a refusal of the fake as it prints it, the real text and then its own reason: both, in that order', async () => {
    const printed = `${MESSENGER_ERRORS.signature_mismatch.text}\n[fake Messenger] ${REJECTION_REASONS.wrongIdentifier}`;
    const body = JSON.stringify({
      code: 'signature_mismatch',
      message: MESSENGER_ERRORS.signature_mismatch.text,
      state: 'rejected',
      reason: REJECTION_REASONS.wrongIdentifier,
    });
    for (const input of [printed, body])
      expect(ids((await explainJson(input)).answer)).toEqual(['messenger:signature_mismatch', 'fake-messenger:wrongIdentifier']);
  });

  it('the fake’s longer reason is the answer, not the real message inside it', async () => {
    const { answer } = await explainJson(REJECTION_REASONS.jwtSignature);
    expect(ids(answer)).toEqual(['fake-messenger:jwtSignature']);
  });
});

describe('explain: this project’s error codes', () => {
  it.each([...ERROR_CODES, ...CLI_CODES])(
    '%s: alone, as a log line, as an error line and as a proof endpoint answer',
    async (code) => {
      const inputs = [
        code,
        `[intercom-identity] ${describeError(new IntercomIdentityError(code as (typeof ERROR_CODES)[number], 'Something to do.'))}`,
        `error ${code}: Something to do.`,
        JSON.stringify({ error: { code, message: 'Something to do.' } }),
      ];
      for (const input of inputs) {
        const { answer } = await explainJson(input);
        expect(ids(answer), input).toEqual([`error-code:${code}`]);
        expect(answer.matches[0]?.cause).toMatch(/^[A-Z].*\.$/);
        expect(answer.matches[0]?.fix).toMatch(/^[A-Z].*\.$/);
      }
    },
  );

  it('the consent findings of the doctor say to set INTERCOM_CONSENT=required, and how to check it', async () => {
    for (const code of ['MESSENGER_LOADED_BEFORE_CONSENT', 'CONSENT_GATE_MISSING']) {
      const result = await run(['explain', code]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('INTERCOM_CONSENT=required');
      expect(result.stdout).toContain('check: intercom-identity doctor <url> --consent-required');
    }
  });

  it('JWT_USER_ID_REQUIRED says to return a user_id from getUser, and how to check it', async () => {
    const result = await run(['explain', 'JWT_USER_ID_REQUIRED']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('from:  an error code of intercom-identity; the proof endpoint answers HTTP 422');
    expect(result.stdout).toContain('fix:   Return a stable user_id (your database id) from getUser');
    expect(result.stdout).toContain('check: intercom-identity doctor <url> --cookie name=value --mode jwt --proof-endpoint');
  });

  it("the doctor's codes for a single-page app say which SDK call does it, and to check with --browser", async () => {
    const result = await run(['explain', 'PROOF_DROPPED']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "cause: A call replaced signed settings with settings that carry no user_hash or intercom_user_jwt: @intercom/messenger-js-sdk's Intercom({...}) called again",
    );
    expect(result.stdout).toContain('check: intercom-identity doctor <url> --cookie name=value --browser --secret-stdin');
  });

  it('a code is found as a whole word only: an env variable that contains one is not it', async () => {
    const { answer } = await explainJson('INTERCOM_IDENTITY_SECRET_MISSING_X');
    expect(answer.known).toBe(false);
  });

  it('several known messages in one paste: each, in the order they appear', async () => {
    const { answer } = await explainJson(
      `[intercom-identity] SECRET_MISSING: no web secret.\n${MESSENGER_ERRORS.signature_mismatch.text}\n${REJECTION_REASONS.noSession}`,
    );
    expect(ids(answer)).toEqual(['error-code:SECRET_MISSING', 'messenger:signature_mismatch', 'fake-messenger:noSession']);
  });
});

describe('explain: the commands it suggests exist', () => {
  it('every check line is a command of this CLI, with options that command accepts', async () => {
    const list = JSON.parse((await run(['explain', '--list', '--json'])).stdout) as Record<string, Match[]>;
    const entries = [...(list.messenger ?? []), ...(list.fakeMessenger ?? []), ...(list.errorCodes ?? [])];
    expect(entries.length).toBe(
      messengerErrors.length + Object.keys(REJECTION_REASONS).length + ERROR_CODES.length + CLI_CODES.length,
    );
    const commands = entries.flatMap((entry) => entry.check);
    // The catalogue's own fix sentences name commands too.
    for (const error of messengerErrors)
      for (const named of error.fix.matchAll(/`(intercom-identity [^`]+)`/g)) commands.push(named[1] as string);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of new Set(commands)) {
      const [, name, ...rest] = command.split(' ');
      const help = await run([name as string, '--help']);
      expect(help.code, command).toBe(0);
      for (const option of rest.filter((word) => word.startsWith('--'))) expect(help.stdout, command).toContain(option);
    }
  });
});

describe('explain: unknown input', () => {
  it('exit 1, says what it knows, and never repeats the input', async () => {
    const input = 'Something else went wrong: zq-7731-blorp';
    const result = await run(['explain', input]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^No message that intercom-identity knows is in the input\. It knows:/);
    for (const known of [
      MESSENGER_ERRORS.signature_mismatch.text,
      MESSENGER_ERRORS.mobile_conflict.text,
      `"${REJECTION_REASONS.wrongIdentifier}"`,
      'JWT_USER_ID_REQUIRED',
      'HTTP statuses: 400, 401, 403, 405, 409, 422, 500.',
      'intercom-identity explain --list',
    ])
      expect(result.stdout).toContain(known);
    expect(result.stdout + result.stderr).not.toContain('zq-7731-blorp');
  });

  it('--json: known false, no matches, and the lists of what it knows', async () => {
    const { answer, code } = await explainJson('nothing known here');
    expect(code).toBe(1);
    expect(answer.known).toBe(false);
    expect(answer.matches).toEqual([]);
    expect(answer.knows?.messenger.map((entry) => entry.id)).toEqual(Object.keys(MESSENGER_ERRORS));
    expect(answer.knows?.fakeMessenger).toEqual(Object.values(REJECTION_REASONS));
    expect(answer.knows?.errorCodes).toEqual([...ERROR_CODES, ...CLI_CODES]);
  });

  it('empty input is a usage error, exit 2', async () => {
    for (const argv of [['explain'], ['explain', '   '], ['explain', '-']]) {
      const result = await run(argv, { stdin: '\n' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('explain needs the message to explain');
    }
  });

  it('--list with a message is a usage error', async () => {
    const result = await run(['explain', '--list', '403']);
    expect(result.code).toBe(2);
  });
});

describe('explain never prints back a token or a secret pasted with the message', () => {
  it('a JWT, a user_hash and a secret in a pasted console dump: none of them in stdout or stderr, and a note for each kind', async () => {
    const secret = useSecret();
    const token = await signUserJwt(secret, { user_id: 'u_1001', email: 'alice@example.com' });
    const hash = expectedHash(secret, 'u_1001');
    const dump = [
      `window.intercomSettings = {"app_id":"abc123","intercom_user_jwt":"${token}"}`,
      `user_hash=${hash} INTERCOM_IDENTITY_SECRET=${secret}`,
      MESSENGER_ERRORS.jwt_invalid.text,
    ].join('\n');
    for (const argv of [
      ['explain', dump],
      ['explain', dump, '--json'],
      ['explain', '-'],
    ]) {
      // run() fails on its own when the secret (or its base64 or hex) is in the output.
      const result = await run(argv, { stdin: dump });
      expect(result.code).toBe(0);
      const output = result.stdout + result.stderr;
      for (const part of [token, ...token.split('.'), hash]) expect(output).not.toContain(part);
      expect(output).toContain('looks like a JWT; it is not printed');
      expect(output).toContain('looks like a user_hash; it is not printed');
      expect(output).toContain('looks like a secret or a token; it is not printed');
    }
  });

  it('unknown input that is only a token: exit 1, the token not printed', async () => {
    const secret = useSecret();
    const token = await signUserJwt(secret, { user_id: 'u_1' });
    const result = await run(['explain', token]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(token.split('.')[1]);
    expect(result.stderr).toContain('looks like a JWT');
  });

  it('a secret pasted in the place of an option is not echoed either', async () => {
    const secret = useSecret();
    const result = await run(['explain', `--${secret}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option for "explain"\./);
  });
});

describe('explain --list and --help', () => {
  it('--list prints every message with its cause and fix, exit 0', async () => {
    const result = await run(['explain', '--list']);
    expect(result.code).toBe(0);
    for (const error of messengerErrors) expect(result.stdout).toContain(`${error.text}\n  from:  `);
    for (const reason of Object.values(REJECTION_REASONS)) expect(result.stdout).toContain(`\n${reason}\n  from:  `);
    for (const code of ERROR_CODES) expect(result.stdout).toContain(`\n${code}\n  from:  `);
  });

  it('--help names the three kinds of input and the options', async () => {
    const result = await run(['explain', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: intercom-identity explain "<message>"/);
    for (const text of ['signature_mismatch', 'hmac_mismatch', 'Incorrect user_hash', 'JWT_USER_ID_REQUIRED', '--json', '--list'])
      expect(result.stdout).toContain(text);
    expect((await run(['--help'])).stdout).toContain('intercom-identity explain "<message>"');
  });
});
