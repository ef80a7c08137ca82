import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetPlatform } from './architecture.js';
import { NativePackageError } from './errors.js';

/** The fields of a `package-lock.json` (lockfileVersion 2 or 3) `packages` entry that packaging reads. */
export interface LockedPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface Lockfile {
  /** Keyed by install path, `node_modules/a/node_modules/b`; `''` is the workspace itself. */
  packages: Record<string, LockedPackage>;
}

/** One package of a closure: where npm installs it and what the lock pins. */
export interface LockedInstall {
  /** The install path, e.g. `node_modules/@statsig/statsig-node-core`: also its path inside the zip. */
  path: string;
  name: string;
  version: string;
  integrity: string;
}

export async function readLockfile(workspaceRoot: string): Promise<Lockfile> {
  const file = join(workspaceRoot, 'package-lock.json');
  let lock: Partial<Lockfile> & { lockfileVersion?: number };
  try {
    lock = JSON.parse(await readFile(file, 'utf8')) as typeof lock;
  } catch (error) {
    throw new NativePackageError(
      `cannot read ${file}: native runtime packages are shipped as it locks them`,
      {
        cause: error,
      },
    );
  }
  if (typeof lock.packages !== 'object' || lock.packages === null || (lock.lockfileVersion ?? 0) < 2) {
    throw new NativePackageError(`${file} has no "packages" map (lockfileVersion 2 or 3): run npm install`);
  }
  return { packages: lock.packages };
}

/** The package name of an install path: what follows its last `node_modules/`. */
const nameOf = (path: string): string =>
  path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/**
 * Where Node finds `name` when it is imported from the package installed at `from`: its own node_modules, then each
 * enclosing one up to the workspace's, as npm laid them out in the lock.
 */
function resolveInstall(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/** npm's `os`/`cpu`/`libc` rule: `!value` excludes, a list of plain values allows only those, none allows all. */
function allows(list: string[] | undefined, value: string): boolean {
  if (list === undefined || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((item) => !item.startsWith('!'));
  return allowed.length === 0 || allowed.includes(value);
}

export const installsOn = (entry: LockedPackage, platform: TargetPlatform): boolean =>
  allows(entry.os, platform.os) && allows(entry.cpu, platform.cpu) && allows(entry.libc, platform.libc);

/**
 * The production closure of `roots` as npm would install it on `platform`: each root, its dependencies and
 * non-optional peers, and those of its optional dependencies whose `os`/`cpu`/`libc` allow the platform (the native
 * binary for that platform, and no other). Sorted by install path.
 */
export function productionClosure(
  lock: Lockfile,
  roots: readonly string[],
  platform: TargetPlatform,
): LockedInstall[] {
  const found = new Map<string, LockedInstall>();
  const visit = (from: string, name: string, requiredBy: string, optional: boolean): void => {
    const path = resolveInstall(lock, from, name);
    if (path === undefined) {
      if (optional) return;
      throw new NativePackageError(
        `package-lock.json does not lock ${name} (needed by ${requiredBy}): run npm install`,
      );
    }
    const entry = lock.packages[path] as LockedPackage;
    if (optional && !installsOn(entry, platform)) return;
    if (found.has(path)) return;
    if (entry.link === true || entry.version === undefined || entry.integrity === undefined) {
      throw new NativePackageError(
        `package-lock.json locks ${path} without a registry version and integrity; a native runtime package and its dependencies must come from the npm registry`,
      );
    }
    found.set(path, { path, name: nameOf(path), version: entry.version, integrity: entry.integrity });
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(path, dependency, path, false);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {}))
      visit(path, dependency, path, true);
    for (const peer of Object.keys(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[peer]?.optional !== true) visit(path, peer, path, false);
    }
  };
  for (const root of roots) visit('', root, 'the bundle', false);
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
