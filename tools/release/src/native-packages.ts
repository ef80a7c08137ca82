import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Metafile } from 'esbuild';
import { NATIVE_RUNTIME_PACKAGES } from '../esbuild.config.mjs';
import { targetPlatform, type LambdaArchitecture } from './architecture.js';
import { BUNDLE_FILE, METAFILE } from './build-options.js';
import { NativePackageError } from './errors.js';
import { productionClosure, readLockfile, type LockedInstall } from './lockfile.js';
import { lockedTarball, tarballFiles, type TarballSource } from './npm-tarball.js';
import { listFiles, type ZipContent } from './zip.js';

/** The native runtime package an import path names (`pkg` or `pkg/sub/path`), if any. */
const nativePackageOf = (path: string): string | undefined =>
  NATIVE_RUNTIME_PACKAGES.find((name) => path === name || path.startsWith(`${name}/`));

/**
 * The native runtime packages the bundle in `outputDir` imports, from esbuild's metafile: what is left after
 * tree-shaking, so a function that never reaches the SDK ships none of it. A build output without a metafile (written
 * by hand, or by an older build) is accepted only if its bundle names none of them.
 */
export async function nativeImportsOf(outputDir: string, shown: string): Promise<string[]> {
  const metaText = await readFile(join(outputDir, METAFILE), 'utf8').catch(() => undefined);
  if (metaText === undefined) {
    // The bundle and its chunks (esbuild's code splitting, tools/release/esbuild.config.mjs).
    const scripts = (await listFiles(outputDir)).filter((file) => file.endsWith('.mjs'));
    const code = await Promise.all(scripts.map((file) => readFile(join(outputDir, file), 'utf8')));
    const named = NATIVE_RUNTIME_PACKAGES.filter((name) => code.some((text) => text.includes(name)));
    if (named.length > 0) {
      throw new NativePackageError(
        `${shown}/${BUNDLE_FILE} names ${named.join(', ')} but ${shown} has no ${METAFILE} to say whether it imports it: rebuild it with "nx build" (nx.json's build writes the metafile)`,
      );
    }
    return [];
  }
  const meta = JSON.parse(metaText) as Metafile;
  const bundles = Object.entries(meta.outputs).filter(([file]) => posix.basename(file) === BUNDLE_FILE);
  if (bundles.length !== 1) {
    throw new NativePackageError(`${shown}/${METAFILE} does not describe exactly one ${BUNDLE_FILE}`);
  }
  const native = new Set<string>();
  // Other externals are Node's built-ins, and imports esbuild could not resolve inside a try (an optional package
  // such as proxy-agent-negotiate's `kerberos`, installed nowhere): the code already runs without them. A chunk
  // (code splitting) may hold the import as well as the bundle.
  for (const imported of Object.values(meta.outputs).flatMap((output) => output.imports)) {
    const name = imported.external === true ? nativePackageOf(imported.path) : undefined;
    if (name !== undefined) native.add(name);
  }
  return [...native].sort();
}

export interface NativeFilesOptions extends TarballSource {
  packages: readonly string[];
  architecture: LambdaArchitecture;
}

/**
 * The zip entries (`node_modules/...`) of `packages` for a function on `architecture`: their production closure as
 * package-lock.json locks it and the platform binary for that architecture. Installed packages are read from the
 * workspace's node_modules (after checking their version); a package this machine did not install (the arm64 binary
 * on an x64 machine) comes from the registry's tarball, checked against the lock's integrity.
 */
export async function nativePackageFiles(options: NativeFilesOptions): Promise<Map<string, ZipContent>> {
  const files = new Map<string, ZipContent>();
  if (options.packages.length === 0) return files;
  const lock = await readLockfile(options.workspaceRoot);
  const closure = productionClosure(lock, options.packages, targetPlatform(options.architecture));
  for (const install of closure) {
    const installed = await installedVersion(options.workspaceRoot, install);
    if (installed === undefined) {
      const tarball = await lockedTarball(options, install);
      const what = `${install.name}@${install.version}`;
      for (const [path, content] of await tarballFiles(tarball, what))
        files.set(`${install.path}/${path}`, content);
    } else if (installed !== install.version) {
      throw new NativePackageError(
        `${install.path} is installed at ${installed} but package-lock.json locks ${install.version}: run npm ci`,
      );
    } else {
      const dir = join(options.workspaceRoot, install.path);
      // Its own node_modules holds other packages of the closure, each listed on its own.
      for (const path of await listFiles(dir, { skipDirectory: (relative) => relative === 'node_modules' })) {
        files.set(`${install.path}/${path}`, () => readFile(join(dir, path)));
      }
    }
  }
  return files;
}

async function installedVersion(workspaceRoot: string, install: LockedInstall): Promise<string | undefined> {
  const manifest = await readFile(join(workspaceRoot, install.path, 'package.json'), 'utf8').catch(
    () => undefined,
  );
  if (manifest === undefined) return undefined;
  return (JSON.parse(manifest) as { version?: string }).version ?? '(no version)';
}
