import type { Logger } from '@intercom-identity/core';

/** A logger that says each line once, for warnings about the app's setup that would repeat on every request. */
export function onceLogger(logger: Logger): (level: 'warn' | 'error', line: string) => void {
  const said = new Set<string>();
  return (level, line) => {
    if (said.has(line) || said.size > 1000) return;
    said.add(line);
    logger[level](line);
  };
}
