import { isIntercomIdentityError, type Logger } from '@intercom-identity/core';

/**
 * One log line about a failure. An IntercomIdentityError's message is written
 * to be logged (it never holds a secret); any other error is named only, since
 * its message could hold anything.
 */
export function describeFailure(error: unknown): string {
  if (isIntercomIdentityError(error)) return `${error.code}: ${error.message}`;
  const name = error instanceof Error ? error.name : typeof error;
  return `unexpected ${name} (not an IntercomIdentityError; its message is not logged)`;
}

export function logFailure(logger: Logger, error: unknown, consequence: string): void {
  logger.error(`[intercom-identity] ${describeFailure(error)} ${consequence}`);
}
