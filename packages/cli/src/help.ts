// Help texts are fixed strings: nothing the user typed or configured is ever in them.

const SECRET_HELP = `Secret (first found wins):
  --secret-stdin        read the secret from stdin (one trailing newline is removed)
  env INTERCOM_IDENTITY_SECRET
                        or INTERCOM_IDENTITY_SECRET_IOS / _ANDROID with --platform
  --secret <value>      least safe: the value lands in your shell history and in
                        the process list that other users of the machine can read`;

// Where a secret is being rotated: the old secret still verifies (verify, doctor), it never signs.
const PREVIOUS_HELP = `Previous secret (while a secret is rotated; it verifies, it never signs):
  env INTERCOM_IDENTITY_SECRET_PREVIOUS
                        or INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS / _ANDROID_PREVIOUS
                        with --platform
  --previous-secret <value>
                        least safe, like --secret; the env variable wins`;

const SIGNS_WITH_CURRENT = `Signing always uses the current secret: the *_PREVIOUS variables
(INTERCOM_IDENTITY_SECRET_PREVIOUS, _IOS_PREVIOUS, _ANDROID_PREVIOUS) are read
by verify and doctor only.`;

const PLATFORM_HELP = `  --platform <name>     web (default), ios or android: which env variable holds
                        the secret (each platform has its own secret in Intercom)`;

export const MAIN_HELP = `intercom-identity: Identity Verification for the Intercom Messenger

Usage:
  intercom-identity hash <identifier>            print the user_hash of an identifier
  intercom-identity verify <identifier> <hash>   check a user_hash (exit 0 valid, 1 invalid)
  intercom-identity jwt --user-id <id> [...]     print a signed intercom_user_jwt (HS256)
  intercom-identity doctor <url> [...]           check a page's Messenger setup
  intercom-identity explain "<message>"          the cause and fix of a Messenger error,
                                                 a fake Messenger reason or an error code

Options:
  -h, --help            help for intercom-identity or for one command
  -v, --version         print the version

The identifier is the user_id when you send one (even with an email), else the
email, exactly as sent: no trimming, no lowercasing.

${SECRET_HELP}

${PREVIOUS_HELP}

Exit codes: 0 success, 1 failure (invalid hash, a failing check, an unknown
message, an error), 2 usage error (unknown command or option, missing argument).

Run "intercom-identity <command> --help" for the options of a command.
`;

export const HASH_HELP = `Usage: intercom-identity hash <identifier> [options]

Prints the user_hash of <identifier>: HMAC-SHA256 with the secret, lowercase hex.
Hash the user_id when one is sent, else the email, byte for byte.

Options:
${PLATFORM_HELP}
  -h, --help            this help

${SECRET_HELP}

${SIGNS_WITH_CURRENT}

Example:
  printenv INTERCOM_IDENTITY_SECRET | intercom-identity hash u_1001 --secret-stdin
`;

export const VERIFY_HELP = `Usage: intercom-identity verify <identifier> <hash> [options]

Prints "valid" and exits 0 when <hash> is the user_hash of <identifier> under the
secret; prints "invalid" and exits 1 otherwise. An invalid hash that was made
from the --email instead of the user_id is also the error WRONG_IDENTIFIER_HASHED;
one made with the secret of another platform (from its env variable) is also
SECRET_WRONG_PLATFORM. While a secret is rotated, a hash made with the previous
secret is valid too, and a note on stderr says which secret it was made with.

Options:
  --email <email>       the email sent next to the user_id <identifier>
${PLATFORM_HELP}
  -h, --help            this help

${SECRET_HELP}

${PREVIOUS_HELP}

Example:
  intercom-identity verify u_1001 3f1c...e9 --email alice@example.com --secret-stdin < secret.txt
`;

export const JWT_HELP = `Usage: intercom-identity jwt --user-id <id> [options]

Prints an intercom_user_jwt signed with HS256. Claims other than user_id become
protected: leave them out of the plain intercomSettings.

Options:
  --user-id <id>        the user_id claim (required)
  --email <email>       the email claim
  --name <name>         the name claim
  --expires-in <secs>   lifetime in seconds (default 3600)
  --no-expiry           sign a token without exp (a leaked token then works forever)
${PLATFORM_HELP}
  -h, --help            this help

${SECRET_HELP}

${SIGNS_WITH_CURRENT}

Example:
  intercom-identity jwt --user-id u_1001 --email alice@example.com --expires-in 900 --secret-stdin
`;

export const DOCTOR_HELP = `Usage: intercom-identity doctor <url> [options]

Loads a page and checks its Messenger setup against Intercom's Identity
Verification troubleshooting list: loader and app_id, identifier sent with the
proof, the right identifier hashed, the right secret, JWT expiry and claims,
caching, the secret leaking into the page, escaping, a user_id for every JWT
user, and user_hash mode (deprecated by Intercom). Each check prints pass,
warn, fail or skip, with a one-sentence fix. Exit 1 when a check fails.

Options:
  --cookie <name=value>        act as a logged-in user (repeatable)
  --other-cookie <name=value>  a second user's cookie, to check that they do not
                               get the first user's proof (repeatable; without it
                               the second request carries no cookie)
  --mode <jwt|user_hash>       the mode the server is meant to run in (or env
                               INTERCOM_IDENTITY_MODE); jwt checks that every
                               user has a user_id
  --proof-endpoint <path>      also ask the proof endpoint (same origin, with the
                               --cookie values), such as /api/intercom-identity
  --ios-secret <value>         the iOS secret (or env INTERCOM_IDENTITY_SECRET_IOS)
  --android-secret <value>     the Android secret (or env INTERCOM_IDENTITY_SECRET_ANDROID)
  --previous-secret <value>    the previous web secret, while rotating (or env
                               INTERCOM_IDENTITY_SECRET_PREVIOUS)
  --ios-previous-secret <value>
                               the previous iOS secret (or env
                               INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS)
  --android-previous-secret <value>
                               the previous Android secret (or env
                               INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS)
  --also-secret <value>        another secret to recognise, such as another
                               workspace's (repeatable)
  --browser                    run the page's scripts in Chromium (needs playwright-core):
                               record every Intercom(...) call from the start, check the
                               settings the Messenger boots with (single-page apps too),
                               and flag a later boot or update that undoes the proof
  --consent-required           also check that nothing comes from Intercom before
                               consent (implies --browser, so it needs Chromium):
                               the first load, in a fresh browser where nothing
                               was granted, must request nothing from Intercom or
                               the widget URL, leave no intercom-* cookie, and
                               wait behind the consent gate (INTERCOM_CONSENT=required)
  --chromium <path>            Chromium to use (default /usr/bin/chromium)
  --json                       print the report as JSON
  --timeout <seconds>          per request (default 30)
  -h, --help                   this help

${SECRET_HELP}
Without a secret, checks that need one warn instead. The report names the secret
each proof verifies with (current or previous). Secrets, cookies and their
encodings are never printed.

Examples:
  printenv INTERCOM_IDENTITY_SECRET | intercom-identity doctor https://app.example.com/ \\
    --cookie session=abc --other-cookie session=def --secret-stdin
  intercom-identity doctor https://www.example.com/ --consent-required
`;

export const EXPLAIN_HELP = `Usage: intercom-identity explain "<message>" [options]

Says what causes a message and what to do about it, and which intercom-identity
command checks it. It knows:
  - the real Intercom Messenger's refusals, web and mobile: the console text
    ("Intercom Messenger error: Missing user_hash or intercom_user_jwt. ..."),
    a body code (signature_mismatch, hmac_mismatch, ...), a body message
    ("Incorrect user_hash"), or an HTTP status alone (403, 409, ...);
  - the reasons of the fake Messenger of @intercom-identity/testing
    ("hash must be generated with the user_id", ...);
  - the error codes of intercom-identity (JWT_USER_ID_REQUIRED, SECRET_MISSING, ...).
Paste a whole console line or JSON body: the known parts are found in it. The
input itself is never printed back, so a token or a secret pasted with it stays
out of the answer. Exit 0 when something is known, 1 when nothing is.

Options:
  -                     read the message from stdin (for text with quotes)
  --list                print every message it knows, with its cause and fix
  --json                print the answer as JSON
  -h, --help            this help

Examples:
  intercom-identity explain "Incorrect user_hash"
  intercom-identity explain 409
  pbpaste | intercom-identity explain - --json
`;

export const COMMAND_HELP: Readonly<Record<string, string>> = {
  hash: HASH_HELP,
  verify: VERIFY_HELP,
  jwt: JWT_HELP,
  doctor: DOCTOR_HELP,
  explain: EXPLAIN_HELP,
};
