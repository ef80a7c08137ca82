import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ArtifactConflictError, LocalArtifactError } from './errors.js';
import {
  localManifestPath,
  localSha256Path,
  localZipPath,
  manifestKey,
  sha256Key,
  zipKey,
} from './layout.js';
import { readManifestFile, serializeManifest, type Manifest } from './manifest.js';
import { mapLimit } from './concurrency.js';
import { putIfAbsent, remoteSha256, type ReleaseObject } from './s3-objects.js';
import { parseRef } from './ref.js';
import { sha256Base64 } from './sha256.js';

export interface PublishOptions {
  client: S3Client;
  bucket: string;
  ref: string;
  /** The local artifacts directory, `dist/artifacts` of the workspace. */
  artifactsDir: string;
  /** Called once per object as it is uploaded or skipped. */
  onObject?: (key: string, outcome: 'uploaded' | 'skipped') => void;
}

export interface PublishResult {
  ref: string;
  uploaded: string[];
  skipped: string[];
}

/** How many S3 requests run at once: enough to overlap latency, few enough for any bucket. */
const CONCURRENCY = 4;

/**
 * Uploads every zip of the ref's manifest, its `.sha256`, then the manifest itself (last, so a
 * manifest in the bucket means its artifacts are there). Objects already present with the same
 * content are skipped; if any key holds different content, nothing is uploaded and the error names
 * every such key.
 */
export async function publishRelease(options: PublishOptions): Promise<PublishResult> {
  const { client, bucket, artifactsDir } = options;
  const ref = parseRef(options.ref, { allowDirty: false });
  const manifest = await readManifestFile(localManifestPath(artifactsDir, ref), ref);
  const artifacts = await loadLocalArtifacts(artifactsDir, manifest);
  const manifestBody = Buffer.from(serializeManifest(manifest));
  const manifestObject: ReleaseObject = {
    key: manifestKey(ref),
    body: manifestBody,
    contentType: 'application/json',
    sha256: sha256Base64(manifestBody),
  };
  const all = [...artifacts, manifestObject];

  // Look at every key before writing any, so a conflict leaves the bucket untouched.
  const remote = await mapLimit(all, CONCURRENCY, (object) => remoteSha256(client, bucket, object.key));
  const conflicts = all.filter((object, i) => remote[i] !== undefined && remote[i] !== object.sha256);
  if (conflicts.length > 0) throw conflictError(bucket, conflicts);

  const result: PublishResult = { ref, uploaded: [], skipped: [] };
  const record = (key: string, outcome: 'uploaded' | 'skipped'): void => {
    (outcome === 'uploaded' ? result.uploaded : result.skipped).push(key);
    options.onObject?.(key, outcome);
  };
  const upload = async (object: ReleaseObject, present: boolean): Promise<void> => {
    if (present) return record(object.key, 'skipped');
    if ((await putIfAbsent(client, bucket, object)) === 'created') return record(object.key, 'uploaded');
    // A concurrent publisher wrote the key between our look and our write: it must hold our bytes.
    if ((await remoteSha256(client, bucket, object.key)) !== object.sha256)
      throw conflictError(bucket, [object]);
    record(object.key, 'skipped');
  };
  await mapLimit(artifacts, CONCURRENCY, (object, i) => upload(object, remote[i] !== undefined));
  await upload(manifestObject, remote[all.length - 1] !== undefined);
  return result;
}

/** Reads each zip and `.sha256` named by the manifest and checks them against it. */
async function loadLocalArtifacts(dir: string, manifest: Manifest): Promise<ReleaseObject[]> {
  const objects: ReleaseObject[] = [];
  for (const entry of manifest.artifacts) {
    const zipPath = localZipPath(dir, entry.app, manifest.ref);
    const sha256Path = localSha256Path(dir, entry.app, manifest.ref);
    const zip = await readLocal(zipPath);
    const actual = sha256Base64(zip);
    if (actual !== entry.sha256) {
      throw new LocalArtifactError(
        `${zipPath} has sha256 ${actual} but the manifest says ${entry.sha256}: package the app again`,
      );
    }
    const recorded = (await readLocal(sha256Path)).toString('utf8');
    if (recorded !== entry.sha256) {
      throw new LocalArtifactError(`${sha256Path} says ${recorded} but the manifest says ${entry.sha256}`);
    }
    objects.push({
      key: zipKey(entry.app, manifest.ref),
      body: zip,
      contentType: 'application/zip',
      sha256: actual,
    });
    const hashBody = Buffer.from(recorded);
    objects.push({
      key: sha256Key(entry.app, manifest.ref),
      body: hashBody,
      contentType: 'text/plain',
      sha256: sha256Base64(hashBody),
    });
  }
  return objects;
}

async function readLocal(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new LocalArtifactError(`${path} is listed in the manifest but cannot be read`, { cause: error });
  }
}

function conflictError(bucket: string, objects: readonly ReleaseObject[]): ArtifactConflictError {
  const keys = objects.map((o) => o.key);
  return new ArtifactConflictError(
    `refusing to publish: s3://${bucket} already holds different content under ${keys.join(', ')}; ` +
      'artifact keys are immutable, so a ref is never published twice with different bytes',
    keys,
  );
}
