import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { NX_BUILD_OPTIONS, esbuildOptionsFor } from '@backend/release';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  const { outdir: _outdir, ...production } = esbuildOptionsFor({
    workspaceRoot: target.workspaceRoot,
    projectRoot: dirname(dirname(target.entry)),
  });
  return {
    ...production,
    // One file per handler in the cache: the chunks of a production build would be shared between the handlers
    // built together here. The code that runs is the same, only cut into fewer files.
    splitting: false,
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

// The esbuild config's plugins are code, which the options' JSON does not show: its text is part of the key.
const keyOf = (target: BundleTarget): string =>
  createHash('sha256')
    .update(JSON.stringify([esbuildVersion, productionOptions(target, '')]))
    .update(readFileSync(join(target.workspaceRoot, NX_BUILD_OPTIONS.esbuildConfig)))
    .digest('hex')
    .slice(0, 24);

/**
 * The tsconfig a shared build may use for this target: an app's tsconfig that only extends the workspace's
 * base (and lists its files, which esbuild ignores) resolves imports exactly as the base does.
 */
async function sharedTsconfig(target: BundleTarget): Promise<string> {
  const base = join(target.workspaceRoot, 'tsconfig.base.json');
  const config = await readFile(target.tsconfig, 'utf8').then(
    (text) => JSON.parse(text) as { extends?: string; compilerOptions?: object },
    () => undefined,
  );
  const extendsBase =
    config?.extends !== undefined && join(dirname(target.tsconfig), config.extends) === base;
  return extendsBase && config?.compilerOptions === undefined ? base : target.tsconfig;
}

/**
 * Bundles handlers as the production build does; a compile error names the function's file and line.
 * A bundle whose inputs (every file esbuild read) are unchanged is reused, and the stale ones are built in one
 * esbuild run with an entry point each: the AWS SDK and the libs are then parsed once for all functions, about
 * 3.5x faster than one build per function (measured with the four proofing functions).
 */
export async function bundleHandlers(
  targets: readonly BundleTarget[],
  onBuild: (stale: number) => void = () => undefined,
): Promise<string[]> {
  const planned = targets.map((target) => {
    const key = keyOf(target);
    return { target, key, file: join(target.cacheDir, `${key}.mjs`) };
  });
  const stale = new Map<string, (typeof planned)[number]>();
  for (const plan of planned) {
    if (stale.has(plan.key)) continue;
    const inputsFile = join(plan.target.cacheDir, `${plan.key}.inputs.json`);
    const cached = await readFile(inputsFile, 'utf8').then(
      (text) => JSON.parse(text) as CachedInput[],
      () => undefined,
    );
    if (cached === undefined || !(await unchanged(plan.target.workspaceRoot, cached)))
      stale.set(plan.key, plan);
  }
  if (stale.size > 0) onBuild(stale.size);
  const groups = new Map<string, (typeof planned)[number][]>();
  for (const plan of stale.values()) {
    const group = `${plan.target.cacheDir}|${await sharedTsconfig(plan.target)}`;
    groups.set(group, [...(groups.get(group) ?? []), plan]);
  }
  await Promise.all(
    [...groups.entries()].map(([group, plans]) => buildTogether(plans, group.slice(group.indexOf('|') + 1))),
  );
  return planned.map((plan) => plan.file);
}

async function buildTogether(
  plans: readonly { target: BundleTarget; key: string; file: string }[],
  tsconfig: string,
): Promise<void> {
  const [first] = plans;
  if (first === undefined) return;
  const { cacheDir, workspaceRoot } = first.target;
  // Written aside and renamed into place: test files bundle the same handlers in parallel.
  const scratch = join(cacheDir, `tmp-${randomBytes(6).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  try {
    const { outfile: _outfile, ...options } = productionOptions(first.target, '');
    let result;
    try {
      result = await build({
        ...options,
        tsconfig,
        entryPoints: Object.fromEntries(plans.map((plan) => [plan.key, plan.target.entry])),
        entryNames: '[name]',
        outdir: scratch,
      });
    } catch (error) {
      const errors = (
        error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
      ).errors;
      const firstError = errors?.[0];
      const where = firstError?.location ? ` (${firstError.location.file}:${firstError.location.line})` : '';
      const entries = plans.map((plan) => plan.target.entry).join(', ');
      throw new BundleError(`Cannot bundle ${entries}: ${firstError?.text ?? String(error)}${where}`, {
        cause: error,
      });
    }
    for (const plan of plans) {
      const output = Object.entries(result.metafile?.outputs ?? {}).find(([path]) =>
        path.endsWith(`/${plan.key}.mjs`),
      )?.[1];
      const inputs: CachedInput[] = await Promise.all(
        // Inputs of a plugin's own namespace (`builtin:http`, see tools/release/esbuild.config.mjs) are no files.
        Object.keys(output?.inputs ?? {})
          .filter((path) => !/^[a-z][\w-]*:/.test(path))
          .map(async (path) => {
            const { size, mtimeMs } = await stat(join(workspaceRoot, path));
            return { path, size, mtimeMs };
          }),
      );
      await rename(join(scratch, `${plan.key}.mjs.map`), `${plan.file}.map`);
      await rename(join(scratch, `${plan.key}.mjs`), plan.file);
      await writeFile(join(scratch, `${plan.key}.inputs.json`), JSON.stringify(inputs));
      await rename(join(scratch, `${plan.key}.inputs.json`), join(cacheDir, `${plan.key}.inputs.json`));
    }
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
