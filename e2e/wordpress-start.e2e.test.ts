/**
 * The WordPress example's start script (examples/wordpress-site/scripts/start.mjs) stops
 * everything it started: PHP's server with every worker, and MariaDB. Each test starts the
 * site as a user or a process manager would, stops it with a real signal, and waits for the
 * end of the site's output pipe: every process of the site writes to it (pnpm, the script,
 * PHP's server and its workers), so it closes only when the last of them ended. Nothing is
 * timed; a process that is left behind keeps the pipe open, and the test says which one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORE } from '../examples/wordpress-site/scripts/wordpress-core.mjs';
import { freePort } from './support/example-server.js';
import { wordpressProblems } from './support/wordpress-requirements.js';

const example = fileURLToPath(new URL('../examples/wordpress-site', import.meta.url));
// How long a stopped site may take to end before the test gives up and lists what is left.
const GIVE_UP_MS = 40_000;

const problems = wordpressProblems('WordPress start script', DEFAULT_CORE, { chromium: false });

/** A process of the site: its id and its command line. */
interface SiteProcess {
  pid: number;
  command: string;
}

/** The live processes whose command line names the site's runtime folder (PHP's server and workers, MariaDB). */
function processesOf(runtime: string): SiteProcess[] {
  const found: SiteProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A zombie has an empty command line: it no longer runs.
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (command.includes(runtime)) found.push({ pid: Number(entry), command });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

interface StartedSite {
  child: ChildProcess;
  url: string;
  runtime: string;
  output: () => string;
  /** Resolves when the site's output pipe closed: no process of the site is left writing to it. */
  ended: Promise<void>;
}

/** Starts the site (`pnpm start`, or `node scripts/start.mjs`) in a process group of its own and waits until it answers. */
async function startSite(command: string[]): Promise<StartedSite> {
  const port = await freePort();
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    cwd: example,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WORDPRESS_WITHOUT_PLUGIN: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const ended = new Promise<void>((resolve) => child.stdout?.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`\`${command.join(' ')}\` exited with ${child.exitCode}:\n${output}`);
    const answered = await fetch(`${url}/`, { redirect: 'manual' })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status < 500;
      })
      .catch(() => false);
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const runtime = /runtime: (\S+?)\)/.exec(output)?.[1];
  if (runtime === undefined) throw new Error(`the site did not say where it runs:\n${output}`);
  return { child, url, runtime, output: () => output, ended };
}

/** Waits for the end of the site's output; if it does not come, fails with what is still running. */
async function waitForTheEnd(site: StartedSite): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => {
    timer = setTimeout(() => resolve('gave up'), GIVE_UP_MS);
  });
  const result = await Promise.race([site.ended, gaveUp]);
  clearTimeout(timer);
  if (result === 'gave up') {
    const left = processesOf(site.runtime);
    // Clean up after the failure: the processes this test started, by their ids.
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    throw new Error(
      `the site was still running ${GIVE_UP_MS / 1000} s after the signal:\n${left.map((p) => `${p.pid} ${p.command}`).join('\n') || '(its start script)'}\n${site.output()}`,
    );
  }
}

describe.skipIf(problems.length > 0)(
  `the WordPress example's start script${problems.length > 0 ? ` (skipped: ${problems.join('; ')})` : ''}`,
  () => {
    it.each([
      ['SIGTERM to `pnpm start` (pnpm passes no signal on)', ['pnpm', 'start'], 'pnpm'],
      ['SIGINT to the whole foreground group (Ctrl-C in a terminal)', ['pnpm', 'start'], 'group'],
      ['SIGTERM to the start script itself', [process.execPath, 'scripts/start.mjs'], 'pnpm'],
    ] as const)('%s stops PHP’s server, every PHP worker and MariaDB', async (_title, command, target) => {
      const site = await startSite([...command]);
      // The site runs what the test looks for: PHP's server with its workers, and MariaDB.
      const before = processesOf(site.runtime);
      expect(before.filter((p) => /\bphp\b/.test(p.command) && p.command.includes(' -S ')).length).toBeGreaterThanOrEqual(2);
      expect(before.filter((p) => p.command.includes('mariadbd')).length).toBe(1);

      if (target === 'group') process.kill(-(site.child.pid as number), 'SIGINT');
      else process.kill(site.child.pid as number, 'SIGTERM');
      await waitForTheEnd(site);

      expect(processesOf(site.runtime)).toEqual([]);
      expect(existsSync(site.runtime), 'the runtime folder is removed').toBe(false);
      expect((await fetch(`${site.url}/`).catch(() => null))?.status).toBeUndefined();
    });
  },
);
