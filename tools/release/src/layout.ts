import { join } from 'node:path';
import { ReleaseError } from './errors.js';

/**
 * Where artifacts live. Locally under `dist/artifacts/` and in the bucket, a zip's path is the same:
 * `<app>/<ref>.zip`, with `<app>/<ref>.zip.sha256` beside it. The manifest is
 * `dist/artifacts/manifest-<ref>.json` locally and `manifests/<ref>.json` in the bucket.
 */
export const ARTIFACTS_DIR = 'dist/artifacts';

export const APP_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** App names become path segments and S3 keys: keep them to Nx's lowercase-and-dashes form. */
export function parseAppName(app: string): string {
  if (!APP_NAME.test(app)) {
    throw new ReleaseError(
      `app name must be lowercase letters, digits and dashes, got ${JSON.stringify(app)}`,
    );
  }
  return app;
}

export const zipKey = (app: string, ref: string): string => `${app}/${ref}.zip`;
export const sha256Key = (app: string, ref: string): string => `${zipKey(app, ref)}.sha256`;
export const manifestKey = (ref: string): string => `manifests/${ref}.json`;

export const buildOutputDir = (workspaceRoot: string, app: string): string =>
  join(workspaceRoot, 'dist', 'apps', app);
export const artifactsDir = (workspaceRoot: string): string => join(workspaceRoot, ARTIFACTS_DIR);
export const localZipPath = (dir: string, app: string, ref: string): string => join(dir, zipKey(app, ref));
export const localSha256Path = (dir: string, app: string, ref: string): string =>
  join(dir, sha256Key(app, ref));
export const localManifestPath = (dir: string, ref: string): string => join(dir, `manifest-${ref}.json`);
