import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { esbuildOptionsFor } from '@backend/release';
import { basename, dirname, join } from 'node:path';
import { BundleError } from '../errors.js';

export interface BundleTarget {
  /** Absolute path of the workspace root (esbuild's working directory). */
  readonly workspaceRoot: string;
  /** The handler source, absolute or relative to the workspace root. */
  readonly entry: string;
  /** The tsconfig esbuild reads paths and settings from. */
  readonly tsconfig: string;
  /** Bundles are kept here and reused while none of their input files changed. */
  readonly cacheDir: string;
}

interface CachedInput {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * The production build's options (nx.json's targetDefaults.build, as tools/release computes them for
 * @nx/esbuild: ESM for Node, every dependency bundled, `module` before `main`, a require() banner), pointed at
 * this handler and written into the cache.
 */
function productionOptions(target: BundleTarget, outfile: string): BuildOptions {
  const production = esbuildOptionsFor({
    workspaceRoot: target.workspaceRoot,
    projectRoot: dirname(dirname(target.entry)),
  });
  return {
    ...production,
    entryPoints: [target.entry],
    outfile,
    tsconfig: target.tsconfig,
    logLevel: 'silent',
    metafile: true,
  };
}

async function unchanged(workspaceRoot: string, inputs: readonly CachedInput[]): Promise<boolean> {
  for (const input of inputs) {
    const now = await stat(join(workspaceRoot, input.path)).catch(() => undefined);
    if (now === undefined || now.size !== input.size || now.mtimeMs !== input.mtimeMs) return false;
  }
  return true;
}

/**
 * Bundles one handler as the production build does; a compile error names the function's file and line.
 * A bundle whose inputs (every file esbuild read) are unchanged is reused: rebundling the AWS SDK takes about a
 * second, which would dominate every test's start-up.
 */
export async function bundleHandler(target: BundleTarget): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([esbuildVersion, productionOptions(target, '')]))
    .digest('hex')
    .slice(0, 24);
  const file = join(target.cacheDir, `${key}.mjs`);
  const inputsFile = join(target.cacheDir, `${key}.inputs.json`);
  const cached = await readFile(inputsFile, 'utf8').then(
    (text) => JSON.parse(text) as CachedInput[],
    () => undefined,
  );
  if (cached !== undefined && (await unchanged(target.workspaceRoot, cached))) return file;

  // Written aside and renamed into place: test files bundle the same handler in parallel.
  const scratch = join(target.cacheDir, `tmp-${randomBytes(6).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  try {
    const result = await build({
      ...productionOptions(target, join(scratch, basename(file))),
      metafile: true,
    });
    const inputs: CachedInput[] = await Promise.all(
      Object.keys(result.metafile?.inputs ?? {}).map(async (path) => {
        const { size, mtimeMs } = await stat(join(target.workspaceRoot, path));
        return { path, size, mtimeMs };
      }),
    );
    await rename(join(scratch, `${key}.mjs.map`), `${file}.map`);
    await rename(join(scratch, `${key}.mjs`), file);
    await writeFile(join(scratch, 'inputs.json'), JSON.stringify(inputs));
    await rename(join(scratch, 'inputs.json'), inputsFile);
    return file;
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const first = errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new BundleError(`Cannot bundle ${target.entry}: ${first?.text ?? String(error)}${where}`, {
      cause: error,
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function appEntry(workspaceRoot: string, app: string): { entry: string; tsconfig: string } {
  return {
    entry: join('apps', app, 'src', 'handler.ts'),
    tsconfig: join(workspaceRoot, 'apps', app, 'tsconfig.json'),
  };
}
