import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Under the workspace (git-ignored), so that the bundle finds node_modules as a function's zip would carry it.
const workspace = resolve(import.meta.dirname, '../../../..');
const fixture = join(workspace, 'libs/platform/tests/fixtures/throws.ts');
let outDir: string;
let bundle: string;

beforeAll(async () => {
  // Every function's build options, loaded by path: a static import across projects would break the module boundaries.
  const configFile = pathToFileURL(join(workspace, 'tools/release/esbuild.config.mjs')).href;
  const options = ((await import(configFile)) as { default: BuildOptions }).default;
  await mkdir(join(workspace, 'tmp'), { recursive: true });
  outDir = await mkdtemp(join(workspace, 'tmp', 'stack-traces-'));
  await build({
    ...options,
    absWorkingDir: workspace,
    entryPoints: { handler: fixture },
    outdir: outDir,
    tsconfig: join(workspace, 'tsconfig.base.json'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    logLevel: 'silent',
  });
  bundle = join(outDir, 'handler.mjs');
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const stackOf = async (): Promise<string> =>
  // Lambda's environment as Terraform sets it (NODE_OPTIONS too).
  (
    await run(process.execPath, [bundle], {
      env: { PATH: process.env['PATH'], NODE_OPTIONS: '--enable-source-maps' },
    })
  ).stdout;

describe('stack traces of a bundled function', () => {
  it('point at the TypeScript lines, though no file names its map', async () => {
    expect(await readFile(bundle, 'utf8')).not.toContain('sourceMappingURL');
    const stack = await stackOf();
    expect(stack).toMatch(/^Error: mapped\n {4}at /);
    expect(stack).toContain(`(${fixture}:5:9)`);
    expect(stack).toContain(`at ${fixture}:9:3`);
    // Frames in Node itself are left as they are.
    expect(stack).toMatch(/at .*node:internal\//);
  });

  it('keep their bundle positions when the map is missing', async () => {
    await rm(`${bundle}.map`);
    const stack = await stackOf();
    expect(stack).toMatch(/^Error: mapped\n/);
    expect(stack).not.toContain(fixture);
    expect(stack).toContain(bundle);
  });
});
