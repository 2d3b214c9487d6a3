import { runCli } from './run.js';

// The bin: the process's own I/O, and its exit code without cutting off pending output.
process.exitCode = await runCli(process.argv.slice(2));
