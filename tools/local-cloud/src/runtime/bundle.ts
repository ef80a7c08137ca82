import { build, type BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { BundleError } from '../errors.js';

export interface BundleTarget {
  /** Absolute path of the workspace root (esbuild's working directory). */
  readonly workspaceRoot: string;
  /** The handler source, absolute or relative to the workspace root. */
  readonly entry: string;
  /** The tsconfig esbuild reads paths and settings from. */
  readonly tsconfig: string;
  /** Absolute path of the `.mjs` file to write. */
  readonly outfile: string;
}

// The production build's options (nx.json targetDefaults.build, @nx/esbuild): ESM for Node, every dependency
// bundled, `module` before `main`, and a require() for bundled CommonJS. Sources are mapped so local stack
// traces point at TypeScript lines.
// TODO(release): take these from @backend/release's esbuildOptionsFor once that project exports it.
function productionOptions(target: BundleTarget): BuildOptions {
  return {
    absWorkingDir: target.workspaceRoot,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    external: [],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    tsconfig: target.tsconfig,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  };
}

/** Bundles one handler as the production build does; a compile error names the function's file and line. */
export async function bundleHandler(target: BundleTarget): Promise<string> {
  try {
    await build(productionOptions(target));
    return target.outfile;
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const first = errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new BundleError(`Cannot bundle ${target.entry}: ${first?.text ?? String(error)}${where}`, {
      cause: error,
    });
  }
}

export function appEntry(workspaceRoot: string, app: string): { entry: string; tsconfig: string } {
  return {
    entry: join('apps', app, 'src', 'handler.ts'),
    tsconfig: join(workspaceRoot, 'apps', app, 'tsconfig.json'),
  };
}
