import { fileURLToPath } from 'node:url';
import { runCli } from './command.js';

// The workspace root is three levels up from tools/release/src, wherever the command is run from.
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

process.exitCode = await runCli(process.argv.slice(2), {
  workspaceRoot,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
