import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createDeterministicZip, esbuildOptionsFor } from '@backend/release';
import { build } from 'esbuild';
import type { BenchApp } from './discover.js';

const run = promisify(execFile);

export type VariantId = 'ours' | 'cjs-external' | 'tsc';

export interface Variant {
  id: VariantId;
  label: string;
  /** How the child process loads the entry: import() for ESM, require() for CommonJS. */
  format: 'esm' | 'cjs';
}

export const VARIANTS: readonly Variant[] = [
  { id: 'ours', label: 'ours: ESM bundle, SDK bundled (nx build options)', format: 'esm' },
  { id: 'cjs-external', label: 'baseline A: CJS bundle, @aws-sdk/* and @smithy/* external', format: 'cjs' },
  { id: 'tsc', label: 'baseline B: tsc output, unbundled CommonJS', format: 'cjs' },
];

export interface BuiltVariant {
  app: string;
  variant: Variant;
  /** Absolute path of the module the child process loads. */
  entry: string;
  zipBytes: number;
}

/** Everything the benchmark builds lives under `dist/bench/`, inside the workspace, so Node finds its node_modules. */
export const benchDir = (workspaceRoot: string): string => join(workspaceRoot, 'dist', 'bench');

/** Builds the three variants of every app from the same source. */
export async function buildVariants(
  workspaceRoot: string,
  apps: readonly BenchApp[],
): Promise<BuiltVariant[]> {
  const root = benchDir(workspaceRoot);
  await rm(root, { recursive: true, force: true });
  const [ours, cjs, tsc] = VARIANTS as [Variant, Variant, Variant];
  const built: BuiltVariant[] = [];
  for (const app of apps) {
    built.push(await buildOurs(workspaceRoot, app, ours), await buildCjsExternal(workspaceRoot, app, cjs));
  }
  built.push(...(await buildTsc(workspaceRoot, apps, tsc)));
  return built;
}

/** (a) Exactly what `nx build` produces: the same options, written to dist/bench/esm/<app>/. */
async function buildOurs(workspaceRoot: string, app: BenchApp, variant: Variant): Promise<BuiltVariant> {
  const outDir = join(benchDir(workspaceRoot), 'esm', app.name);
  const options = esbuildOptionsFor({
    workspaceRoot,
    projectRoot: app.projectRoot,
    outputPath: relative(workspaceRoot, outDir),
  });
  await build({ ...options, logLevel: 'warning' });
  return { app: app.name, variant, entry: join(outDir, 'handler.mjs'), zipBytes: await zipBytes(outDir) };
}

/**
 * (b) Baseline A, the common default: a CommonJS bundle that leaves the AWS SDK to the runtime's
 * copy (here the workspace's node_modules). Minified with source maps like ours, so only the format
 * and the SDK's bundling differ; the native runtime packages no bundler can inline stay external as in ours.
 */
async function buildCjsExternal(
  workspaceRoot: string,
  app: BenchApp,
  variant: Variant,
): Promise<BuiltVariant> {
  const outDir = join(benchDir(workspaceRoot), 'cjs', app.name);
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [join(app.projectRoot, 'src', 'handler.ts')],
    outfile: join(outDir, 'handler.cjs'),
    tsconfig: join(workspaceRoot, app.projectRoot, 'tsconfig.json'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    external: [
      '@aws-sdk/*',
      '@smithy/*',
      ...(esbuildOptionsFor({ workspaceRoot, projectRoot: app.projectRoot }).external ?? []),
    ],
    logLevel: 'warning',
  });
  return { app: app.name, variant, entry: join(outDir, 'handler.cjs'), zipBytes: await zipBytes(outDir) };
}

/**
 * (c) Baseline B: plain `tsc` output as CommonJS, one module per source file. The `@backend/*`
 * aliases become small packages in dist/bench/tsc/node_modules that re-export the compiled libs;
 * third-party packages load from the workspace's node_modules.
 */
async function buildTsc(
  workspaceRoot: string,
  apps: readonly BenchApp[],
  variant: Variant,
): Promise<BuiltVariant[]> {
  const outDir = join(benchDir(workspaceRoot), 'tsc');
  await mkdir(outDir, { recursive: true });
  const toRoot = relative(outDir, workspaceRoot);
  const tsconfig = {
    extends: join(toRoot, 'tsconfig.base.json'),
    compilerOptions: {
      module: 'commonjs',
      moduleResolution: 'node10',
      // The sources use ESM syntax under verbatimModuleSyntax; CommonJS output needs it off.
      verbatimModuleSyntax: false,
      rootDir: toRoot,
      outDir: '.',
      sourceMap: false,
      declaration: false,
      noCheck: true,
      ignoreDeprecations: '5.0',
    },
    files: apps.map((app) => join(toRoot, app.projectRoot, 'src', 'handler.ts')),
  };
  await writeFile(join(outDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  // The workspace's package.json says "type": "module"; this output is CommonJS.
  await writeFile(join(outDir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
  const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', join(outDir, 'tsconfig.json')], { cwd: workspaceRoot }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`tsc failed for baseline B:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
  // tsc does not emit the .cjs sources it only reads declarations of (libs/contracts' precompiled
  // validators), so they are copied beside the compiled modules.
  for (const file of await readdir(join(workspaceRoot, 'libs'), { recursive: true })) {
    if (file.endsWith('.cjs') && !file.includes('node_modules')) {
      await cp(join(workspaceRoot, 'libs', file), join(outDir, 'libs', file));
    }
  }
  const libs = await writeAliasShims(workspaceRoot, outDir);

  const built: BuiltVariant[] = [];
  for (const app of apps) {
    // What a deployable zip of this app would hold, less the node_modules it also needs.
    const staging = join(benchDir(workspaceRoot), 'tsc-zip', app.name);
    await cp(join(outDir, app.projectRoot), join(staging, app.projectRoot), { recursive: true });
    for (const lib of libs) await cp(join(outDir, lib), join(staging, lib), { recursive: true });
    await cp(join(outDir, 'node_modules'), join(staging, 'node_modules'), { recursive: true });
    built.push({
      app: app.name,
      variant,
      entry: join(outDir, app.projectRoot, 'src', 'handler.js'),
      zipBytes: await zipBytes(staging),
    });
  }
  return built;
}

/** Writes `node_modules/@backend/<lib>/index.js` for each tsconfig path alias whose lib was compiled. */
async function writeAliasShims(workspaceRoot: string, outDir: string): Promise<string[]> {
  const base = JSON.parse(await readFile(join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  const compiledRoots: string[] = [];
  for (const [alias, [source]] of Object.entries(base.compilerOptions.paths)) {
    const compiled = join(outDir, source.replace(/\.ts$/, '.js'));
    const exists = await readFile(compiled).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    const shimDir = join(outDir, 'node_modules', alias);
    await mkdir(shimDir, { recursive: true });
    await writeFile(
      join(shimDir, 'index.js'),
      `module.exports = require(${JSON.stringify(relative(shimDir, compiled))});\n`,
    );
    compiledRoots.push(source.split('/').slice(0, 2).join('/'));
  }
  return compiledRoots;
}

async function zipBytes(dir: string): Promise<number> {
  return (await createDeterministicZip(dir)).length;
}
