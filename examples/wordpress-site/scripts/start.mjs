#!/usr/bin/env node
// Boots a real WordPress on PORT (default 8080): WordPress core files, a MariaDB server in
// a temporary data directory and PHP's built-in server, with the Intercom Identity plugin
// active and five users (admin, alice, bob, carol, dave). INTERCOM_* variables reach
// WordPress as wp-config.php constants. Everything lives in a temporary folder removed on exit.
//
//   INTERCOM_APP_ID=abc123 INTERCOM_IDENTITY_SECRET=... PORT=8080 pnpm start
//
// WORDPRESS_CORE picks the core: 6.5 (default; from @wp-playground/wordpress-builds) or
// 6.1 (Debian's wordpress package). WORDPRESS_WITHOUT_PLUGIN=1 starts the same site
// without the plugin (a fresh WordPress to install the plugin's zip into, or to compare
// against). WORDPRESS_DEBUG=1 turns WP_DEBUG on and logs PHP's notices and WordPress's
// deprecation notices to this server's stderr (never into a page).
//
// SIGTERM, SIGINT and SIGHUP stop the site: PHP's server with every worker, and MariaDB;
// the script exits once none of them runs any more (what it cannot stop in 10 s it kills).
// It stops the same way when the process that started it goes away without passing a signal
// on (`pnpm start` stopped with SIGTERM: pnpm exits and leaves its child to init).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORES, coreProblem, DEFAULT_CORE, layOutCore } from './wordpress-core.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const example = resolve(here, '..');
const plugin = resolve(example, '../../packages/wordpress');
const core = process.env.WORDPRESS_CORE || DEFAULT_CORE;
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const withPlugin = !['1', 'true'].includes(process.env.WORDPRESS_WITHOUT_PLUGIN ?? '');
const debug = ['1', 'true'].includes(process.env.WORDPRESS_DEBUG ?? '');

if (!CORES.includes(core)) {
  console.error(`WORDPRESS_CORE=${core} is not one of ${CORES.join(', ')}.`);
  process.exit(1);
}
const needs = [
  ['php', '/usr/bin/php', 'php'],
  ['MariaDB', '/usr/sbin/mariadbd', 'mariadb'],
];
for (const [what, path, program] of needs) {
  if (!existsSync(path)) {
    console.error(
      `${what} is missing (${path}). Install it as root with \`node scripts/setup-system.mjs ${program}\` from the repository root.`,
    );
    process.exit(1);
  }
}
const missingCore = coreProblem(core);
if (missingCore !== undefined) {
  console.error(missingCore);
  process.exit(1);
}
if (withPlugin && !existsSync(join(plugin, 'build/index.js'))) {
  console.error('The plugin is not built. Run `pnpm --filter intercom-identity build` first.');
  process.exit(1);
}

const runtime = mkdtempSync(join(tmpdir(), 'intercom-wp-'));
const datadir = join(runtime, 'db');
const socket = join(runtime, 'mysqld.sock');
const docroot = join(runtime, 'wordpress');
const children = [];
// Children started as the leaders of their own process group, stopped with the whole group.
const groups = new Set();
let stopping = false;
// What the start-up awaits once a stop began: it never goes on to start anything else.
const halted = new Promise(() => {});
const GRACE_MS = 10_000;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  void shutDown(code);
}

async function shutDown(code) {
  for (const child of children.filter(running)) signal(child, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (children.some(running) && Date.now() < deadline) await delay(50);
  // What did not stop in time is killed (SIGKILL cannot be refused), and waited for as well.
  if (children.some(running)) {
    console.error(`Killing what did not stop within ${GRACE_MS / 1000} s.`);
    for (const child of children.filter(running)) signal(child, 'SIGKILL');
    while (children.some(running) && Date.now() < deadline + 5_000) await delay(50);
  }
  rmSync(runtime, { recursive: true, force: true });
  process.exit(code);
}
for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(name, () => stop(0));
// A parent that dies without passing a signal on (pnpm on SIGTERM) leaves this process to init.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop(0);
}, 200).unref();

/** Whether a child, or anyone in its process group, still runs (a zombie no longer does). */
function running(child) {
  if (child.pid === undefined) return false;
  if (!groups.has(child)) return child.exitCode === null && child.signalCode === null;
  return groupRuns(child.pid);
}

function groupRuns(pgid) {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    // No /proc: signal 0 tells whether the group has a member.
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

function signal(child, name) {
  try {
    process.kill(groups.has(child) ? -child.pid : child.pid, name);
  } catch {
    // Already gone.
  }
}

/** Starts a child process, unless the site is stopping: then the start-up goes no further. */
async function startChild(command, args, options, { group = false } = {}) {
  if (stopping) await halted;
  const child = spawn(command, args, { ...options, detached: group });
  children.push(child);
  if (group) groups.add(child);
  return child;
}

async function runOrDie(command, args, options = {}) {
  if (stopping) await halted;
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    stop(1);
    await halted;
  }
  return result.stdout;
}

const asRoot = process.getuid?.() === 0;
const userArgs = asRoot ? ['--user=root'] : [];

// 1. MariaDB in its own data directory, on a socket only.
await runOrDie('mariadb-install-db', [
  '--no-defaults',
  `--datadir=${datadir}`,
  '--auth-root-authentication-method=normal',
  '--skip-test-db',
  ...userArgs,
]);
const mysqld = await startChild(
  '/usr/sbin/mariadbd',
  [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--socket=${socket}`,
    `--pid-file=${join(runtime, 'mysqld.pid')}`,
    `--log-error=${join(runtime, 'mysqld.log')}`,
    '--skip-networking',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=64M',
    '--innodb-flush-log-at-trx-commit=0',
    ...userArgs,
  ],
  { stdio: 'ignore' },
);
mysqld.once('exit', (code) => {
  if (!stopping) {
    console.error(`MariaDB stopped unexpectedly (${code}); see its log in ${runtime}.`);
    stop(1);
  }
});
for (let i = 0; ; i++) {
  const ping = spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', 'SELECT 1'], { encoding: 'utf8' });
  if (ping.status === 0) break;
  if (i > 150) {
    console.error('MariaDB did not start within 30 s.');
    stop(1);
  }
  await delay(200);
  if (stopping) await halted;
}
await runOrDie('mariadb', [
  '--no-defaults',
  `--socket=${socket}`,
  '-uroot',
  '-e',
  'CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
]);

// 2. WordPress files: a copy of the core, our own wp-config.php, the demo theme and the plugin.
mkdirSync(docroot);
layOutCore(core, docroot);
const salt = () => randomBytes(32).toString('base64');
const url = `http://${host}:${port}`;
const names = [
  'INTERCOM_APP_ID',
  'INTERCOM_IDENTITY_SECRET',
  'INTERCOM_IDENTITY_SECRET_IOS',
  'INTERCOM_IDENTITY_SECRET_ANDROID',
  'INTERCOM_IDENTITY_MODE',
  'INTERCOM_REGION',
  'INTERCOM_IDENTITY_IDENTIFIER',
  'INTERCOM_WIDGET_URL',
  'INTERCOM_IDENTITY_JWT_EXPIRES_IN',
  'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES',
  'INTERCOM_IDENTITY_JWT_FALLBACK',
  'INTERCOM_CONSENT',
  'INTERCOM_LOAD',
  'INTERCOM_WP_CONSENT_CATEGORY',
];
const keys = [
  'AUTH_KEY',
  'SECURE_AUTH_KEY',
  'LOGGED_IN_KEY',
  'NONCE_KEY',
  'AUTH_SALT',
  'SECURE_AUTH_SALT',
  'LOGGED_IN_SALT',
  'NONCE_SALT',
];
writeFileSync(
  join(docroot, 'wp-config.php'),
  `<?php
// Written by examples/wordpress-site/scripts/start.mjs for this run.
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', ${JSON.stringify(`localhost:${socket}`)} );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
${keys.map((key) => `define( '${key}', '${salt()}' );`).join('\n')}
$table_prefix = 'wp_';
define( 'WP_HOME', ${JSON.stringify(url)} );
define( 'WP_SITEURL', ${JSON.stringify(url)} );
// 'local' also lets Application Passwords work over plain http on this loopback site.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
${
  debug
    ? `define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '/dev/stderr' );`
    : "define( 'WP_DEBUG', false );"
}
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'FS_METHOD', 'direct' );
// The Intercom settings come from the environment of \`pnpm start\`, as constants.
// The values are read at request time, so no secret is ever written to this file.
foreach ( ${`array( ${names.map((n) => `'${n}'`).join(', ')} )`} as $intercom_name ) {
	$intercom_value = getenv( $intercom_name );
	if ( is_string( $intercom_value ) && '' !== $intercom_value && ! defined( $intercom_name ) ) {
		define( $intercom_name, $intercom_value );
	}
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`,
);
symlinkSync(join(example, 'theme'), join(docroot, 'wp-content/themes/intercom-demo'));
if (withPlugin) symlinkSync(plugin, join(docroot, 'wp-content/plugins/intercom-identity'));
writeFileSync(
  join(runtime, 'router.php'),
  `<?php
// PHP's built-in server: real files as they are, everything else to WordPress (pretty permalinks, /wp-json/).
$path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ( '/' !== $path && file_exists( $file ) && ( ! is_dir( $file ) || file_exists( rtrim( $file, '/' ) . '/index.php' ) ) ) {
	return false;
}
// A Content-Length when the whole page is known at once, so HTTP clients need not wait for the close.
ob_start(
	static function ( $buffer, $phase ) {
		if ( ( $phase & PHP_OUTPUT_HANDLER_START ) && ( $phase & PHP_OUTPUT_HANDLER_FINAL ) && ! headers_sent() && 'HEAD' !== $_SERVER['REQUEST_METHOD'] ) {
			header( 'Content-Length: ' . strlen( $buffer ) );
		}
		return $buffer;
	}
);
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
`,
);

// 3. Install WordPress, the users, the theme and the plugin.
await runOrDie('php', [join(here, 'install.php'), docroot, withPlugin ? 'with-plugin' : 'without-plugin'], {
  env: { ...process.env, HTTP_HOST: `${host}:${port}` },
  stdio: ['ignore', 'pipe', 'pipe'],
});

// 4. Serve. Several workers so that pages and the Messenger's requests do not queue behind each other.
// PHP's server leads its own process group, so its workers (PHP_CLI_SERVER_WORKERS) stop with it.
const php = await startChild(
  'php',
  ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-S', `${host}:${port}`, '-t', docroot, join(runtime, 'router.php')],
  {
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: process.env.PHP_CLI_SERVER_WORKERS ?? '4' },
    stdio: ['ignore', 'inherit', 'pipe'],
  },
  { group: true },
);
// The built-in server logs every request on stderr; keep only what is not an access line.
php.stderr.setEncoding('utf8');
php.stderr.on('data', (chunk) => {
  for (const line of chunk.split('\n')) {
    if (line.trim() === '' || /\] (\[::1\]|127\.0\.0\.1):\d+ (Accepted|Closing|\[\d{3}\])/.test(line)) continue;
    process.stderr.write(`${line}\n`);
  }
});
php.once('exit', (code) => {
  if (!stopping) {
    console.error(`PHP's server stopped (${code}).`);
    stop(1);
  }
});
console.log(
  `WordPress ${core} is ready on ${url} (plugin ${withPlugin ? 'active' : 'not installed'}; users admin, alice, bob, carol, dave; runtime: ${runtime})`,
);
