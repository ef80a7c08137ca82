import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../src/index.js';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const FIXTURE_PROJECT_ROOT = 'tools/release/tests/fixtures/fixture-app';

/** Bundles the fixture app with nx.json's build options into `outputDir` (absolute). */
export async function buildFixture(outputDir: string): Promise<void> {
  await build({
    ...esbuildOptionsFor({
      workspaceRoot: WORKSPACE_ROOT,
      projectRoot: FIXTURE_PROJECT_ROOT,
      outputPath: outputDir,
    }),
    logLevel: 'silent',
  });
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
