/**
 * @intercom-identity/testing: a local fake of the Intercom Messenger that
 * enforces Identity Verification, Chromium helpers to drive it, and the shared
 * security checks that every framework example's end-to-end suite runs.
 *
 * Test-only: never import it from application code.
 *
 * @packageDocumentation
 */
export {
  collectConsoleErrors,
  DEFAULT_CHROMIUM_PATH,
  findChromium,
  type LaunchChromiumOptions,
  type LauncherState,
  launchChromium,
  type ReadLauncherOptions,
  type RoutableFake,
  readLauncher,
  routeIntercom,
  runIntercom,
} from './browser.js';
export { CHROMIUM_ARGS } from './chromium-args.js';
export {
  type CrossUserCheckOptions,
  type CrossUserFinding,
  type CrossUserLatency,
  type CrossUserProblem,
  type CrossUserResult,
  type CrossUserSession,
  crossUserCheck,
} from './cross-user.js';
export type {
  CheckKind,
  EnforcementVerdict,
  FakeMessengerEvent,
  FakeMessengerPageReport,
  FakeMessengerPlatformReport,
  FakeMessengerReport,
  FakeMessengerUserReport,
} from './fake/report.js';
export {
  type FakeMessenger,
  type FakeMessengerOptions,
  type MobileProofInput,
  type MobileProofResult,
  startFakeMessenger,
} from './fake/server.js';
export { LAUNCHER_ID } from './fake/widget.js';
export { findSecretInFiles, type SecretEncoding, type SecretHit, type SecretsToFind } from './find-secret.js';
export { REJECTION_REASONS, type RejectionReason } from './reasons.js';
export { type PageIdentity, pageIdentity, parseIntercomSettings } from './settings.js';
export {
  type CompareThroughputOptions,
  compareThroughput,
  type MeasuredThroughput,
  type MeasureThroughputOptions,
  measureThroughput,
  medianCpu,
  medianDifference,
  medianRatio,
  type ThroughputResult,
  type ThroughputTarget,
} from './throughput.js';
