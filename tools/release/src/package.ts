import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BUNDLE_FILE, LAMBDA_HANDLER, LAMBDA_RUNTIME } from './build-options.js';
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
import { parseRef, resolveGitRef } from './ref.js';
import { sha256Base64 } from './sha256.js';
import { createDeterministicZip } from './zip.js';

export interface PackageOptions {
  workspaceRoot: string;
  app: string;
  /** Defaults to the workspace's git HEAD, with `-dirty` when the tree has changes outside dist/. */
  ref?: string;
}

export interface PackageResult {
  ref: string;
  entry: ManifestEntry;
  zipPath: string;
  sha256Path: string;
  manifestPath: string;
  manifest: Manifest;
}

/**
 * Zips `dist/apps/<app>/` into `dist/artifacts/<app>/<ref>.zip`, writes the base64 SHA-256 beside
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

  const zip = await createDeterministicZip(source);
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
  return { ref, entry, zipPath, sha256Path, manifestPath, manifest };
}

const isDirectory = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isFile() ?? false;
