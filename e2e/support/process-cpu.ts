import { readdirSync, readFileSync } from 'node:fs';

// The kernel counts CPU time in clock ticks; Linux reports them at 100 a second (USER_HZ) on every architecture.
const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  /** User and system time of the process, and of its children that ended and were waited for, in ticks. */
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: the fields after it are split.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state (3), ppid (4), ... utime (14), stime (15), cutime (16), cstime (17).
  const at = (field: number) => Number(fields[field - 3]);
  return { ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
}

/**
 * The CPU time, in seconds, that a process and every process below it have used
 * so far (user and system, from /proc; Linux only). For the throughput benchmark:
 * the server's own cost per page, without the load generator's.
 */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat !== undefined) stats.set(Number(name), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    ticks += stats.get(pid)?.ticks ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}
