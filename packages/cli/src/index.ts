/**
 * @intercom-identity/cli: the `intercom-identity` command line (`hash`, `verify`,
 * `jwt`, `doctor`, `explain`) and the same commands as functions, for scripts and tests.
 *
 * @packageDocumentation
 */

export { runDoctor } from './doctor/run.js';
export type {
  CheckStatus,
  ConsentReport,
  DoctorCheck,
  DoctorCheckId,
  DoctorFindingCode,
  DoctorOptions,
  DoctorReport,
  MessengerReport,
  MessengerStepReport,
} from './doctor/types.js';
export type { CliInput, CliIo, CliOutput } from './io.js';
export { runCli } from './run.js';
