import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import esbuildConfig from '../esbuild.config.mjs';

/** Lambda's handler string for every app: the bundle's `handler.mjs` exports `handler`. */
export const LAMBDA_HANDLER = 'handler.handler';
/** The Lambda runtime every app is deployed on; the bundle targets its Node, which the workspace pins too (.nvmrc). */
export const LAMBDA_RUNTIME = 'nodejs22.x';
/** The file the bundle writes inside the build output directory. */
export const BUNDLE_FILE = 'handler.mjs';
/**
 * esbuild's metafile, which @nx/esbuild writes beside the bundle (`metafile: true`): `package` reads from it which
 * native runtime packages the bundle still imports after tree-shaking, and leaves it out of the zip.
 */
export const METAFILE = 'meta.json';

/**
 * The `@nx/esbuild:esbuild` options of `targetDefaults.build` in nx.json, written once here so the
 * release tool's fixture, the cold-start benchmark and nx.json cannot drift apart: a unit test
 * compares this object with nx.json.
 */
export const NX_BUILD_OPTIONS = {
  main: '{projectRoot}/src/handler.ts',
  outputPath: 'dist/{projectRoot}',
  tsConfig: '{projectRoot}/tsconfig.json',
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  bundle: true,
  thirdParty: true,
  minify: true,
  sourcemap: true,
  skipTypeCheck: true,
  generatePackageJson: false,
  metafile: true,
  // Plain JavaScript that @nx/esbuild loads itself: esbuild plugins cannot be written in nx.json.
  esbuildConfig: 'tools/release/esbuild.config.mjs',
} as const;

export interface AppBuildTarget {
  /** Absolute path of the workspace root (esbuild's working directory). */
  workspaceRoot: string;
  /** The app's directory relative to the workspace root, e.g. `apps/proof-address`. */
  projectRoot: string;
  /** Output directory relative to the workspace root; defaults to nx.json's `dist/{projectRoot}`. */
  outputPath?: string;
}

const expand = (template: string, projectRoot: string): string =>
  template.replaceAll('{projectRoot}', projectRoot);

/**
 * The esbuild options that `nx build` passes to esbuild for one app, as @nx/esbuild 23 computes them
 * from NX_BUILD_OPTIONS (thirdParty: true: only the esbuild config's native runtime packages are external). A unit
 * test checks this mapping against @nx/esbuild's own `buildEsbuildOptions`.
 */
export function esbuildOptionsFor(target: AppBuildTarget): BuildOptions {
  const { workspaceRoot, projectRoot } = target;
  const outputPath = target.outputPath ?? expand(NX_BUILD_OPTIONS.outputPath, projectRoot);
  const [format] = NX_BUILD_OPTIONS.format;
  return {
    ...esbuildConfig,
    absWorkingDir: workspaceRoot,
    entryNames: '[dir]/[name]',
    bundle: NX_BUILD_OPTIONS.bundle,
    external: [...esbuildConfig.external],
    minify: NX_BUILD_OPTIONS.minify,
    platform: NX_BUILD_OPTIONS.platform,
    target: NX_BUILD_OPTIONS.target,
    metafile: NX_BUILD_OPTIONS.metafile,
    tsconfig: join(workspaceRoot, expand(NX_BUILD_OPTIONS.tsConfig, projectRoot)),
    sourcemap: NX_BUILD_OPTIONS.sourcemap,
    format,
    // With `splitting` (the esbuild config), @nx/esbuild gives esbuild an output directory, not a file: the one entry
    // is written there as BUNDLE_FILE, its chunks under chunks/.
    outdir: outputPath,
    entryPoints: [expand(NX_BUILD_OPTIONS.main, projectRoot)],
  };
}
