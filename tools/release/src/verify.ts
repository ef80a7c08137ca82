import type { S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from './concurrency.js';
import { ManifestError } from './errors.js';
import { manifestKey, parseAppName, sha256Key, zipKey } from './layout.js';
import { parseManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { parseRef } from './ref.js';
import { readObject } from './s3-objects.js';
import { sha256Base64 } from './sha256.js';

export interface VerifyOptions {
  client: S3Client;
  bucket: string;
  ref: string;
  /** Apps that must be in the manifest, e.g. every function Terraform deploys. */
  requiredApps?: readonly string[];
  /**
   * The manifest of the one build CI promotes to every account: the bucket's manifest must list the
   * same apps with the same bytes, or this account would run other code than the others.
   */
  buildManifest?: Manifest;
}

export interface VerifyProblem {
  /** The S3 key at fault, or the manifest's key when an app is absent from it. */
  key: string;
  kind: 'missing' | 'mismatch' | 'invalid';
  message: string;
}

export interface VerifyResult {
  ref: string;
  ok: boolean;
  /** The manifest's entries, when it could be read. */
  artifacts: ManifestEntry[];
  problems: VerifyProblem[];
}

const CONCURRENCY = 4;

/**
 * Checks that the bucket holds the ref's manifest and, for every app in it, the zip (whose content
 * is downloaded and hashed) and the `.sha256` object, both matching the manifest. Every problem is
 * collected; nothing is fixed.
 */
export async function verifyRelease(options: VerifyOptions): Promise<VerifyResult> {
  const { client, bucket } = options;
  const ref = parseRef(options.ref, { allowDirty: false });
  const requiredApps = (options.requiredApps ?? []).map(parseAppName);
  const key = manifestKey(ref);
  const result = (artifacts: ManifestEntry[], problems: VerifyProblem[]): VerifyResult => ({
    ref,
    ok: problems.length === 0,
    artifacts,
    problems,
  });

  const body = await readObject(client, bucket, key);
  if (body === undefined) {
    return result([], [{ key, kind: 'missing', message: `manifest s3://${bucket}/${key} is missing` }]);
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(Buffer.from(body).toString('utf8'), `s3://${bucket}/${key}`, ref);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return result([], [{ key, kind: 'invalid', message: error.message }]);
  }

  const problems: VerifyProblem[] = [];
  if (options.buildManifest !== undefined) {
    problems.push(...compareWithBuild(manifest, options.buildManifest, `s3://${bucket}/${key}`, key));
  }
  for (const app of requiredApps) {
    if (!manifest.artifacts.some((a) => a.app === app)) {
      problems.push({ key, kind: 'missing', message: `app ${app} is not in manifest s3://${bucket}/${key}` });
    }
  }
  const perArtifact = await mapLimit(manifest.artifacts, CONCURRENCY, (entry) =>
    checkArtifact(client, bucket, ref, entry),
  );
  problems.push(...perArtifact.flat());
  return result(manifest.artifacts, problems);
}

async function checkArtifact(
  client: S3Client,
  bucket: string,
  ref: string,
  entry: ManifestEntry,
): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  const zip = zipKey(entry.app, ref);
  const zipBody = await readObject(client, bucket, zip);
  if (zipBody === undefined) {
    problems.push({ key: zip, kind: 'missing', message: `s3://${bucket}/${zip} is missing` });
  } else {
    const actual = sha256Base64(zipBody);
    if (actual !== entry.sha256) {
      problems.push({
        key: zip,
        kind: 'mismatch',
        message: `s3://${bucket}/${zip} has sha256 ${actual} (${zipBody.length} bytes), the manifest says ${entry.sha256} (${entry.bytes} bytes)`,
      });
    }
  }
  const hash = sha256Key(entry.app, ref);
  const hashBody = await readObject(client, bucket, hash);
  if (hashBody === undefined) {
    problems.push({ key: hash, kind: 'missing', message: `s3://${bucket}/${hash} is missing` });
  } else {
    const recorded = Buffer.from(hashBody).toString('utf8');
    if (recorded !== entry.sha256) {
      problems.push({
        key: hash,
        kind: 'mismatch',
        message: `s3://${bucket}/${hash} says ${JSON.stringify(recorded.slice(0, 64))}, the manifest says ${entry.sha256}`,
      });
    }
  }
  return problems;
}

/** Every app whose entry differs between the bucket's manifest and the build's, or is in one only. */
function compareWithBuild(published: Manifest, build: Manifest, where: string, key: string): VerifyProblem[] {
  if (build.ref !== published.ref) {
    return [
      { key, kind: 'mismatch', message: `the build's manifest is for ${build.ref}, not ${published.ref}` },
    ];
  }
  const problems: VerifyProblem[] = [];
  const byApp = new Map(published.artifacts.map((entry) => [entry.app, entry]));
  for (const built of build.artifacts) {
    const entry = byApp.get(built.app);
    byApp.delete(built.app);
    if (entry === undefined) {
      problems.push({
        key,
        kind: 'mismatch',
        message: `app ${built.app} is in the build's manifest but not in ${where}`,
      });
    } else if (JSON.stringify(entry) !== JSON.stringify(built)) {
      problems.push({
        key,
        kind: 'mismatch',
        message: `${where} differs from the build for app ${built.app}: sha256 ${entry.sha256} (${entry.bytes} bytes), the build has ${built.sha256} (${built.bytes} bytes)`,
      });
    }
  }
  for (const app of byApp.keys()) {
    problems.push({
      key,
      kind: 'mismatch',
      message: `app ${app} is in ${where} but not in the build's manifest`,
    });
  }
  return problems;
}
