import { build } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Under the workspace (git-ignored), so that the bundle finds node_modules as a function's zip would carry it.
const workspace = resolve(import.meta.dirname, '../../../../..');
let outDir: string;

beforeAll(async () => {
  await mkdir(join(workspace, 'tmp'), { recursive: true });
  outDir = await mkdtemp(join(workspace, 'tmp', 'vendors-bundle-'));
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Bundles an entry as `nx build` does a function: one ESM file for Node 22, everything third-party inside. */
async function bundle(name: string, contents: string): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: join(workspace, 'libs/vendors/tests/fixtures'), loader: 'ts' },
    absWorkingDir: workspace,
    tsconfig: join(workspace, 'tsconfig.base.json'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    outfile,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

describe("StatSig's native SDK in a bundled function", () => {
  it('stays out of the bundle and is loaded from node_modules at the first check', async () => {
    const file = await bundle('statsig', "export { checkFlag } from './statsig-function.ts';");
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('statsig-node-core.linux');
    const { checkFlag } = (await import(pathToFileURL(file).href)) as {
      checkFlag: () => Promise<{ value: boolean; reasons: string[] }>;
    };
    // The SDK ran (it, not our code, says it has no rules) and the flag answered its default.
    expect(await checkFlag()).toEqual({ value: true, reasons: ['StatSig has no rules (NoValues)'] });
  });

  it('is not in the bundle of a function that never checks a StatSig flag', async () => {
    const file = await bundle('fixed', "export { fixedFlag } from './statsig-function.ts';");
    expect(await readFile(file, 'utf8')).not.toMatch(/statsig/i);
  });
});
