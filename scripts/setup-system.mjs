#!/usr/bin/env node
// Installs the system programs the end-to-end checks need, from Debian's packages:
//   node scripts/setup-system.mjs chromium [php ...]
// Under CI=true a program that cannot be installed is a failure, never a skip.
import { existsSync } from 'node:fs';
import { capture, run } from './lib.mjs';

const PROGRAMS = {
  chromium: { check: () => existsSync('/usr/bin/chromium'), packages: ['chromium', 'fonts-dejavu-core'] },
  php: {
    // The CLI with the extensions WordPress and the plugin use (mysqli, mbstring, xml).
    check: () =>
      existsSync('/usr/bin/php') &&
      capture('php', [
        '-r',
        'exit(extension_loaded("mysqli") && extension_loaded("mbstring") && extension_loaded("xml") ? 0 : 1);',
      ]).status === 0,
    packages: ['php-cli', 'php-mysql', 'php-mbstring', 'php-xml', 'php-curl'],
  },
  phpunit: { check: () => existsSync('/usr/bin/phpunit'), packages: ['phpunit'] },
  mariadb: { check: () => existsSync('/usr/sbin/mariadbd'), packages: ['mariadb-server'] },
  wordpress: { check: () => existsSync('/usr/share/wordpress/wp-settings.php'), packages: ['wordpress'] },
};

const wanted = process.argv.slice(2);
const missing = wanted.filter((name) => {
  const program = PROGRAMS[name];
  if (program === undefined) {
    console.error(`setup-system: unknown program "${name}"`);
    process.exit(2);
  }
  return !program.check();
});
if (missing.length === 0) process.exit(0);

const packages = missing.flatMap((name) => PROGRAMS[name].packages);
console.log(`> installing ${packages.join(', ')} from Debian's packages`);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = isRoot ? [] : ['sudo', '-n'];
const canInstall =
  (isRoot || capture('sudo', ['-n', 'true']).status === 0) && capture('sh', ['-c', 'command -v apt-get']).status === 0;
const apt = (args) => {
  const [command, ...rest] = [...prefix, 'apt-get', ...args];
  return run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
};
const ok = canInstall && apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
const still = missing.filter((name) => !PROGRAMS[name].check());
if (ok && still.length === 0) process.exit(0);
console.error(`setup-system: could not install ${still.join(', ')} (needs apt-get as root or passwordless sudo).`);
process.exit(1);
