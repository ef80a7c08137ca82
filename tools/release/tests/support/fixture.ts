import { copyFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { METAFILE, esbuildOptionsFor } from '../../src/index.js';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const FIXTURE_PROJECT_ROOT = 'tools/release/tests/fixtures/fixture-app';
/** A fixture app whose bundle imports StatSig's native SDK (through libs/vendors). */
export const STATSIG_FIXTURE_PROJECT_ROOT = 'tools/release/tests/fixtures/statsig-app';

/**
 * Bundles a fixture app with nx.json's build options into `outputDir` (absolute), and writes esbuild's metafile
 * beside the bundle as @nx/esbuild does (`metafile: true`).
 */
export async function buildFixture(outputDir: string, projectRoot = FIXTURE_PROJECT_ROOT): Promise<void> {
  const result = await build({
    ...esbuildOptionsFor({ workspaceRoot: WORKSPACE_ROOT, projectRoot, outputPath: outputDir }),
    logLevel: 'silent',
  });
  await writeFile(join(outputDir, METAFILE), JSON.stringify(result.metafile));
}

/**
 * Checks that `names` (a zip's entries, in order) are a function's build output: `handler.mjs` and its map, and the
 * chunks of esbuild's code splitting (at least one: the fixtures reach the SDK, whose credential providers are
 * imported dynamically), each with its map when it holds workspace code, sorted; no metafile.
 */
export function expectBundleFiles(names: readonly string[]): void {
  const chunks = names.filter((name) => /^chunks\/[\w-]+\.mjs$/.test(name));
  expect(chunks.length).toBeGreaterThan(0);
  const maps = names.filter((name) => name.startsWith('chunks/') && name.endsWith('.mjs.map'));
  for (const map of maps) expect(chunks).toContain(map.slice(0, -'.map'.length));
  expect(names).toEqual([...[...chunks, ...maps].sort(), 'handler.mjs', 'handler.mjs.map']);
}

/**
 * Gives a scratch workspace the real workspace's installed packages (a link to its node_modules) and
 * package-lock.json, or `lock` instead: what `package` reads a native runtime package's closure from.
 */
export async function useWorkspaceModules(root: string, lock?: object): Promise<void> {
  await symlink(join(WORKSPACE_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  if (lock === undefined)
    await copyFile(join(WORKSPACE_ROOT, 'package-lock.json'), join(root, 'package-lock.json'));
  else await writeFile(join(root, 'package-lock.json'), JSON.stringify(lock));
}

/** A scratch workspace: a temporary directory standing in for the repository root. */
export async function scratchWorkspace(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'release-test-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Puts a copy of a built output directory where `nx build <app>` would have written it. */
export async function installBuildOutput(root: string, app: string, builtDir: string): Promise<string> {
  const target = join(root, 'dist', 'apps', app);
  await mkdir(target, { recursive: true });
  await cp(builtDir, target, { recursive: true });
  return target;
}

export const sha = (char: string): string => char.repeat(40);
