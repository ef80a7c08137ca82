import { build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Under the workspace (git-ignored), so that the bundle finds node_modules as a function's zip would carry it.
const workspace = resolve(import.meta.dirname, '../../../../..');
let outDir: string;
let sharedOptions: BuildOptions & { external: string[] };

beforeAll(async () => {
  // Every function's build options (tools/release/esbuild.config.mjs), loaded by path: a static import across projects
  // would break the module boundaries. They mark the native SDK external.
  const configFile = pathToFileURL(join(workspace, 'tools/release/esbuild.config.mjs')).href;
  sharedOptions = ((await import(configFile)) as { default: typeof sharedOptions }).default;
  await mkdir(join(workspace, 'tmp'), { recursive: true });
  outDir = await mkdtemp(join(workspace, 'tmp', 'vendors-bundle-'));
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/**
 * Bundles an entry as `nx build` does a function: ESM for Node 22 (chunks beside it), everything third-party inside but the
 * native runtime packages. Returns the bundle and what it imports at run time, from esbuild's metafile.
 */
async function bundle(
  name: string,
  contents: string,
): Promise<{ file: string; code: string; runtimeImports: string[] }> {
  const result = await build({
    ...sharedOptions,
    metafile: true,
    stdin: { contents, resolveDir: join(workspace, 'libs/vendors/tests/fixtures'), loader: 'ts' },
    absWorkingDir: workspace,
    tsconfig: join(workspace, 'tsconfig.base.json'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    // An output directory, as nx build's code splitting needs: the entry is written as <name>.mjs, chunks beside it.
    outdir: join(outDir, name),
    entryNames: name,
    logLevel: 'silent',
  });
  const outputs = Object.entries((result.metafile as Metafile).outputs).filter(([path]) =>
    path.endsWith('.mjs'),
  );
  const imports = outputs.flatMap(([, output]) => output.imports);
  const runtimeImports = imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path);
  // The bundle and its chunks: all the code the function could load.
  const code = (await Promise.all(outputs.map(([path]) => readFile(join(workspace, path), 'utf8')))).join(
    '\n',
  );
  return {
    file: join(outDir, name, `${name}.mjs`),
    code,
    runtimeImports: [...new Set(runtimeImports)].sort(),
  };
}

describe("StatSig's native SDK in a bundled function", () => {
  it('stays out of the bundle and is loaded from node_modules at the first check', async () => {
    const { file, code, runtimeImports } = await bundle(
      'statsig',
      "export { checkFlag } from './statsig-function.ts';",
    );
    expect(sharedOptions.external).toContain('@statsig/statsig-node-core');
    // What tools/release reads to put the SDK in this function's zip.
    expect(runtimeImports).toContain('@statsig/statsig-node-core');
    expect(code).not.toContain('statsig-node-core.linux');
    const { checkFlag } = (await import(pathToFileURL(file).href)) as {
      checkFlag: () => Promise<{ value: boolean; reasons: string[] }>;
    };
    // The SDK ran (it, not our code, says it has no rules) and the flag answered its default.
    expect(await checkFlag()).toEqual({ value: true, reasons: ['StatSig has no rules (NoValues)'] });
  });

  it('is not in the bundle of a function that never checks a StatSig flag', async () => {
    const { code, runtimeImports } = await bundle(
      'fixed',
      "export { fixedFlag } from './statsig-function.ts';",
    );
    expect(runtimeImports).not.toContain('@statsig/statsig-node-core');
    expect(code).not.toMatch(/statsig/i);
  });
});
