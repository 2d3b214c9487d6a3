import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A production server of one example app, started as a user would: `pnpm start`. */
export interface RunningExample {
  url: string;
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
  const child: ChildProcess = spawn(command as string, args, {
    cwd: options.dir,
    env: { ...process.env, NODE_ENV: 'production', ...options.env, PORT: String(port), HOSTNAME: '127.0.0.1', HOST: '127.0.0.1' },
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
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the example exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}${options.readyPath ?? '/'}`, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopProcess(child);
      throw new Error(`the example did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
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

function stopProcess(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    // The whole group: pnpm and the server it started.
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
