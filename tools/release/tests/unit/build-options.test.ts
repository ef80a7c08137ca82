import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import esbuildConfig from '../../esbuild.config.mjs';
import { NX_BUILD_OPTIONS, esbuildOptionsFor } from '../../src/index.js';
import { WORKSPACE_ROOT } from '../support/fixture.js';

const nxJson = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'nx.json'), 'utf8')) as {
  targetDefaults: Record<
    string,
    { executor?: string; command?: string; dependsOn?: string[]; options?: unknown }
  >;
};

// @nx/esbuild's own mapping from executor options to esbuild options. Its package exports do not
// list this file, so it is loaded by path; a change of layout in an Nx upgrade fails here, loudly.
const { buildEsbuildOptions } = createRequire(import.meta.url)(
  join(WORKSPACE_ROOT, 'node_modules/@nx/esbuild/dist/src/executors/esbuild/lib/build-esbuild-options.js'),
) as { buildEsbuildOptions: (format: string, options: object, context: object) => Record<string, unknown> };

describe('build options', () => {
  it('are the options of nx.json targetDefaults.build', () => {
    const build = nxJson.targetDefaults['build'];
    expect(build?.executor).toBe('@nx/esbuild:esbuild');
    expect(build?.options).toEqual(NX_BUILD_OPTIONS);
  });

  it('map to the esbuild options @nx/esbuild computes from them', () => {
    const projectRoot = 'apps/proof-address';
    const expand = (s: string): string => s.replaceAll('{projectRoot}', projectRoot);
    const outputPath = expand(NX_BUILD_OPTIONS.outputPath);
    // What @nx/esbuild's normalizeOptions makes of NX_BUILD_OPTIONS for a single-entry bundle.
    const normalized = {
      ...NX_BUILD_OPTIONS,
      main: expand(NX_BUILD_OPTIONS.main),
      outputPath,
      tsConfig: expand(NX_BUILD_OPTIONS.tsConfig),
      userDefinedBuildOptions: esbuildConfig,
      external: [],
      excludeFromExternal: [],
      singleEntry: true,
      outputFileName: 'handler.js',
    };
    const context = { root: WORKSPACE_ROOT, target: { options: { outputPath } } };
    const fromNx = buildEsbuildOptions('esm', normalized, context);
    // toEqual, not a JSON copy: the plugins' setup functions must be the same ones too.
    expect(esbuildOptionsFor({ workspaceRoot: WORKSPACE_ROOT, projectRoot })).toEqual(fromNx);
  });

  it('package target runs this tool after the build', () => {
    const pkg = nxJson.targetDefaults['package'];
    expect(pkg?.dependsOn).toEqual(['build']);
    expect(pkg?.command).toBe('tsx tools/release/src/cli.ts package --app {projectName}');
  });
});
