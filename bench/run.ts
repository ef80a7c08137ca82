// `npm run bench` (tsx bench/run.ts). tsx reads path aliases from ./tsconfig.json of the working
// directory, which the workspace root does not have; this entry loads the benchmark with
// bench/tsconfig.json so `@backend/*` imports resolve as they do everywhere else.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const api = register({
  namespace: 'bench',
  tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
});
try {
  await api.import('./main.ts', import.meta.url);
} catch (error) {
  // esbuild and tsc have already printed their diagnostics; say what failed without a stack.
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
