import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Ajv, type JSONSchemaType } from 'ajv';
import { lock } from 'proper-lockfile';
import { ManifestError } from './errors.js';
import { writeAtomically } from './files.js';
import { APP_NAME } from './layout.js';
import { REF } from './ref.js';
import { SHA256_BASE64 } from './sha256.js';

/** One function's artifact for a ref. `sha256` is base64, as in the `.sha256` file. */
export interface ManifestEntry {
  app: string;
  handler: string;
  runtime: string;
  bytes: number;
  sha256: string;
}

/** Every function packaged for one git ref, sorted by app. */
export interface Manifest {
  ref: string;
  artifacts: ManifestEntry[];
}

const manifestSchema: JSONSchemaType<Manifest> = {
  type: 'object',
  additionalProperties: false,
  required: ['ref', 'artifacts'],
  properties: {
    ref: { type: 'string', pattern: REF.source },
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['app', 'handler', 'runtime', 'bytes', 'sha256'],
        properties: {
          app: { type: 'string', pattern: APP_NAME.source },
          handler: { type: 'string', minLength: 1 },
          runtime: { type: 'string', minLength: 1 },
          bytes: { type: 'integer', minimum: 1 },
          sha256: { type: 'string', pattern: SHA256_BASE64.source },
        },
      },
    },
  },
};

const validateManifest = new Ajv({ allErrors: true }).compile(manifestSchema);

/** Parses and validates manifest JSON; `source` names it in errors (a path or an S3 key). */
export function parseManifest(text: string, source: string, expectedRef: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${source} is not valid JSON`, { cause: error });
  }
  if (!validateManifest(value)) {
    const details = (validateManifest.errors ?? [])
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
      .join('; ');
    throw new ManifestError(`${source} is not a valid manifest: ${details}`);
  }
  if (value.ref !== expectedRef) {
    throw new ManifestError(`${source} is the manifest of ${value.ref}, expected ${expectedRef}`);
  }
  const apps = value.artifacts.map((a) => a.app);
  if (new Set(apps).size !== apps.length) throw new ManifestError(`${source} lists an app more than once`);
  return value;
}

/** The one serialization written to disk and uploaded, so identical manifests are identical bytes. */
export const serializeManifest = (manifest: Manifest): string =>
  `${JSON.stringify({ ref: manifest.ref, artifacts: [...manifest.artifacts].sort(byApp) }, null, 2)}\n`;

const byApp = (a: ManifestEntry, b: ManifestEntry): number => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0);

export async function readManifestFile(path: string, ref: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ManifestError(`no manifest at ${path}: run the package target for this ref first`, {
      cause: error,
    });
  }
  return parseManifest(text, path, ref);
}

/**
 * Adds or replaces `entry` in the manifest at `path`. Nx runs several package targets at once, so
 * the read-modify-write happens under a lock file and the new content is renamed into place.
 */
export async function mergeManifestEntry(path: string, ref: string, entry: ManifestEntry): Promise<Manifest> {
  await mkdir(dirname(path), { recursive: true });
  const release = await lock(path, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 100, factor: 1.2, minTimeout: 10, maxTimeout: 200, randomize: true },
  });
  try {
    const current = await readExisting(path, ref);
    const merged: Manifest = {
      ref,
      artifacts: [...current.artifacts.filter((a) => a.app !== entry.app), entry],
    };
    await writeAtomically(path, serializeManifest(merged));
    return merged;
  } finally {
    await release();
  }
}

async function readExisting(path: string, ref: string): Promise<Manifest> {
  try {
    return parseManifest(await readFile(path, 'utf8'), path, ref);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { ref, artifacts: [] };
    throw error;
  }
}
