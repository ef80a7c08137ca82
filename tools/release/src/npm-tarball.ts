import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { EnvHttpProxyAgent, fetch } from 'undici';
import { NativePackageError } from './errors.js';
import { writeAtomically } from './files.js';
import type { LockedInstall } from './lockfile.js';

/** npm's public registry; `package --registry` or npm's own `npm_config_registry` points elsewhere (a mirror). */
export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
/** Fetched tarballs are kept here, by name and version, and checked against the lock again on every use. */
export const TARBALL_CACHE_DIR = 'dist/npm-tarballs';
const FETCH_TIMEOUT_MS = 120_000;

let dispatcher: EnvHttpProxyAgent | undefined;
/**
 * Node's fetch ignores HTTPS_PROXY: a machine that reaches the registry only through a proxy (CI, a company network)
 * needs it honoured, with NO_PROXY, as npm itself does. Made on first use, so a change of the environment before
 * then (a test's) counts.
 */
const registryDispatcher = (): EnvHttpProxyAgent => (dispatcher ??= new EnvHttpProxyAgent());

export interface TarballSource {
  workspaceRoot: string;
  registry: string;
}

/** `sha512-<base64>` (what package-lock.json's `integrity` holds) of `bytes`. */
const sha512Integrity = (bytes: Uint8Array): string =>
  `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

/** The lock's SHA-512 integrity (other algorithms, if listed, are ignored: npm writes sha512 for every package here). */
function lockedSha512(install: LockedInstall): string {
  const sha512 = install.integrity.split(/\s+/).find((value) => value.startsWith('sha512-'));
  if (sha512 === undefined) {
    throw new NativePackageError(`package-lock.json has no sha512 integrity for ${install.path}`);
  }
  return sha512;
}

/** The registry's standard tarball address: `<registry>/<name>/-/<name without scope>-<version>.tgz`. */
export function tarballUrl(registry: string, install: LockedInstall): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return `${base}${install.name}/-/${posix.basename(install.name)}-${install.version}.tgz`;
}

const cachePath = (workspaceRoot: string, install: LockedInstall): string =>
  join(workspaceRoot, TARBALL_CACHE_DIR, `${install.name.replace('/', '+')}-${install.version}.tgz`);

/**
 * The package's tarball at its locked version, from the cache or else the registry, and only if its SHA-512 equals
 * the lock's integrity: a tampered or corrupted tarball, or an unreachable registry, is an error, never a zip without
 * the package. A cached copy that no longer matches is fetched again.
 */
export async function lockedTarball(source: TarballSource, install: LockedInstall): Promise<Buffer> {
  const expected = lockedSha512(install);
  const cached = cachePath(source.workspaceRoot, install);
  const fromCache = await readFile(cached).catch(() => undefined);
  if (fromCache !== undefined && sha512Integrity(fromCache) === expected) return fromCache;

  const url = tarballUrl(source.registry, install);
  const what = `${install.name}@${install.version} (${install.path})`;
  let bytes: Buffer;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      dispatcher: registryDispatcher(),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NativePackageError(
      `cannot fetch ${what} from ${url} (${reason}): packaging a function that imports it needs the npm registry, since this machine has not installed that platform's package`,
      { cause: error },
    );
  }
  const actual = sha512Integrity(bytes);
  if (actual !== expected) {
    throw new NativePackageError(
      `refusing ${what} from ${url}: its SHA-512 ${actual} is not package-lock.json's integrity ${expected}`,
    );
  }
  await writeAtomically(cached, bytes);
  return bytes;
}

/**
 * The files of an npm tarball, by path inside the package (npm strips the first directory, `package/`). Only
 * regular files: a link or a path leaving the package is refused.
 */
export async function tarballFiles(tarball: Buffer, what: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const path = posix.normalize(entry.path.split('/').slice(1).join('/'));
      if (entry.type === 'Directory') return entry.resume();
      if (entry.type !== 'File' && entry.type !== 'OldFile') {
        problems.push(`${entry.path} is a ${entry.type}`);
        return entry.resume();
      }
      if (path === '.' || path.startsWith('../') || posix.isAbsolute(path)) {
        problems.push(`${entry.path} leaves the package`);
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(path, Buffer.concat(chunks)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('end', resolve);
    parser.end(tarball);
  }).catch((error: unknown) => {
    throw new NativePackageError(`${what} is not a readable npm tarball`, { cause: error });
  });
  if (problems.length > 0) throw new NativePackageError(`${what}: ${problems.join('; ')}`);
  return files;
}
