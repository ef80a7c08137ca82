import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { architectureOf, type LambdaArchitecture } from './architecture.js';
import { BUNDLE_FILE, LAMBDA_HANDLER, LAMBDA_RUNTIME, METAFILE } from './build-options.js';
import { BuildOutputMissingError, InvalidBuildOutputError } from './errors.js';
import { writeAtomically } from './files.js';
import {
  artifactsDir,
  buildOutputDir,
  localManifestPath,
  localSha256Path,
  localZipPath,
  parseAppName,
} from './layout.js';
import { mergeManifestEntry, type Manifest, type ManifestEntry } from './manifest.js';
import { nativeImportsOf, nativePackageFiles } from './native-packages.js';
import { DEFAULT_REGISTRY } from './npm-tarball.js';
import { parseRef, resolveGitRef } from './ref.js';
import { sha256Base64 } from './sha256.js';
import { listFiles, zipFiles, type ZipContent } from './zip.js';

export interface PackageOptions {
  workspaceRoot: string;
  app: string;
  /** Defaults to the workspace's git HEAD, with `-dirty` when the tree has changes outside dist/. */
  ref?: string;
  /** The instruction set the native packages' binaries are for; the app's entry in function-architectures.json by default. */
  architecture?: LambdaArchitecture;
  /** Where tarballs this machine has not installed are fetched from; npm's public registry by default. */
  registry?: string;
}

export interface PackageResult {
  ref: string;
  entry: ManifestEntry;
  zipPath: string;
  sha256Path: string;
  manifestPath: string;
  manifest: Manifest;
  architecture: LambdaArchitecture;
  /** The native runtime packages the bundle imports, shipped under node_modules/ (none for most functions). */
  nativePackages: string[];
}

/**
 * Zips `dist/apps/<app>/` (without esbuild's metafile) and, when the bundle imports a native runtime package, that
 * package's locked closure and platform binary under `node_modules/`, into `dist/artifacts/<app>/<ref>.zip`, writes the base64 SHA-256 beside
 * it and merges the app's entry into `dist/artifacts/manifest-<ref>.json`.
 */
export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  const { workspaceRoot } = options;
  const app = parseAppName(options.app);
  const ref =
    options.ref === undefined
      ? await resolveGitRef(workspaceRoot)
      : parseRef(options.ref, { allowDirty: true });
  const source = buildOutputDir(workspaceRoot, app);
  const shown = relative(workspaceRoot, source);

  if (!(await isDirectory(source))) {
    throw new BuildOutputMissingError(
      `app "${app}" has no build output at ${shown}: run "nx build ${app}" first`,
    );
  }
  if (!(await isFile(join(source, BUNDLE_FILE)))) {
    throw new InvalidBuildOutputError(
      `app "${app}": ${shown} has no ${BUNDLE_FILE}, so Lambda's handler "${LAMBDA_HANDLER}" would not load`,
    );
  }

  const architecture = options.architecture ?? architectureOf(app);
  const nativePackages = await nativeImportsOf(source, shown);
  const files = new Map<string, ZipContent>();
  for (const file of await listFiles(source)) {
    if (file !== METAFILE) files.set(file, () => readFile(join(source, file)));
  }
  const nativeFiles = await nativePackageFiles({
    workspaceRoot,
    registry: options.registry ?? DEFAULT_REGISTRY,
    packages: nativePackages,
    architecture,
  });
  for (const [path, content] of nativeFiles) {
    if (files.has(path)) {
      throw new InvalidBuildOutputError(`app "${app}": ${shown}/${path} would hide a native package's file`);
    }
    files.set(path, content);
  }
  const zip = await zipFiles(files);
  const sha256 = sha256Base64(zip);
  const dir = artifactsDir(workspaceRoot);
  const zipPath = localZipPath(dir, app, ref);
  const sha256Path = localSha256Path(dir, app, ref);
  await writeAtomically(zipPath, zip);
  // No trailing newline: Terraform compares this text with Lambda's CodeSha256 as is.
  await writeAtomically(sha256Path, sha256);

  const entry: ManifestEntry = {
    app,
    handler: LAMBDA_HANDLER,
    runtime: LAMBDA_RUNTIME,
    bytes: zip.length,
    sha256,
  };
  const manifestPath = localManifestPath(dir, ref);
  const manifest = await mergeManifestEntry(manifestPath, ref, entry);
  return { ref, entry, zipPath, sha256Path, manifestPath, manifest, architecture, nativePackages };
}

const isDirectory = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isFile() ?? false;
