import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A production server of one example app, started as a user would: `pnpm start`. */
export interface RunningExample {
  url: string;
  /** The process started (`pnpm start` or the given command), leader of its own process group. */
  pid?: number;
  /** Everything the server printed, for assertions on log lines and for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `pnpm start` in the example's folder with PORT and the given env, and
 * waits until it answers. The build must exist: `npm test` builds every example
 * before the end-to-end suites run.
 */
export async function startExample(options: {
  dir: string;
  env: Record<string, string>;
  buildMarker: string;
  command?: string[];
  readyPath?: string;
}): Promise<RunningExample> {
  if (!existsSync(join(options.dir, options.buildMarker))) {
    throw new Error(
      `${options.dir} has no production build (${options.buildMarker}). Run \`pnpm build\` there, or \`npm test\` from the root.`,
    );
  }
  const port = await freePort();
  const [command, ...args] = options.command ?? ['pnpm', 'start'];
  return startServerProcess(command as string, args, {
    cwd: options.dir,
    env: { ...process.env, NODE_ENV: 'production', ...options.env, PORT: String(port), HOSTNAME: '127.0.0.1', HOST: '127.0.0.1' },
    url: `http://127.0.0.1:${port}`,
    ...(options.readyPath === undefined ? {} : { readyPath: options.readyPath }),
  });
}

/**
 * Starts a server process in its own process group and waits until it answers
 * HTTP below 500 at `readyPath` (default `/`); fails with everything it printed
 * when it exits first or does not answer in time (default 60 s).
 */
export async function startServerProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; url: string; readyPath?: string; timeoutMs?: number },
): Promise<RunningExample> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
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
  const { url } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`\`${command} ${args.join(' ')}\` exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}${options.readyPath ?? '/'}`, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopProcess(child);
      throw new Error(`\`${command} ${args.join(' ')}\` did not answer at ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    output: () => output,
    stop: async () => {
      stopProcess(child);
      await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
        else child.once('exit', resolve);
      });
    },
  };
}

/** Stops a process started in its own group, and every process it started. */
export function stopProcess(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    // The whole group: pnpm and the server it started.
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
