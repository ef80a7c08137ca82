export { USAGE, runCli, type CliEnvironment } from './command.js';
export { UsageError } from './errors.js';
