import { existsSync } from 'node:fs';
import { findChromium } from '@intercom-identity/testing';
import { coreProblem } from '../../examples/wordpress-site/scripts/wordpress-core.mjs';

/**
 * What a WordPress e2e file needs and this machine lacks: PHP, MariaDB, the
 * WordPress core files, and Chromium when it drives a browser. Under CI=true a
 * lack is a failure (thrown here, naming `what`), never a skip; elsewhere the
 * file is skipped with these reasons in its name.
 */
export function wordpressProblems(what: string, core: string, needs: { chromium: boolean }): string[] {
  const problems: string[] = [];
  const programs = [
    ['php', existsSync('/usr/bin/php')],
    ['mariadb', existsSync('/usr/sbin/mariadbd')],
    ...(needs.chromium ? [['chromium', findChromium() !== undefined] as const] : []),
  ]
    .filter(([, found]) => !found)
    .map(([name]) => name);
  if (programs.length > 0)
    problems.push(`${programs.join(', ')} missing: run \`node scripts/setup-system.mjs ${programs.join(' ')}\` as root`);
  const coreMissing = coreProblem(core);
  if (coreMissing !== undefined) problems.push(coreMissing);
  if (problems.length > 0 && process.env.CI === 'true') throw new Error(`${what}: ${problems.join('; ')}`);
  return problems;
}
