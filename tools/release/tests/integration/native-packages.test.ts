import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { create as createTar } from 'tar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_RUNTIME_PACKAGES } from '../../esbuild.config.mjs';
import { NativePackageError, TARBALL_CACHE_DIR, esbuildOptionsFor, packageApp } from '../../src/index.js';
import {
  FIXTURE_PROJECT_ROOT,
  STATSIG_FIXTURE_PROJECT_ROOT,
  WORKSPACE_ROOT,
  expectBundleFiles,
  buildFixture,
  scratchWorkspace,
  sha,
  useWorkspaceModules,
} from '../support/fixture.js';
import { readZip, type ZipEntry } from '../support/zip-reader.js';

const run = promisify(execFile);

/** Resolves every native runtime package to an empty module: a build as if they did not exist. */
const nothingNative: Plugin = {
  name: 'nothing-native',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      NATIVE_RUNTIME_PACKAGES.includes(args.path)
        ? { path: args.path, namespace: 'nothing-native' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'nothing-native' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

const SDK = 'node_modules/@statsig/statsig-node-core';
const ARM64 = 'node_modules/@statsig/statsig-node-core-linux-arm64-gnu';
const X64 = 'node_modules/@statsig/statsig-node-core-linux-x64-gnu';
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

interface LockEntry {
  version: string;
  integrity: string;
}
const realLock = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const locked = (path: string): LockEntry => realLock.packages[path] as LockEntry;

/** The install paths of the packages a zip carries: the directories of its `node_modules/…/package.json` files. */
const packagesIn = (entries: ZipEntry[]): string[] =>
  entries
    .map((entry) => entry.name)
    .filter((name) =>
      /^node_modules\/(@[^/]+\/)?[^/@]+(\/node_modules\/(@[^/]+\/)?[^/]+)*\/package\.json$/.test(name),
    )
    .map((name) => dirname(name))
    .sort();

/** A stand-in npm registry on 127.0.0.1 that serves tarballs by URL path and counts the requests. */
interface Registry {
  url: string;
  requests: string[];
  tarballs: Map<string, Buffer>;
  server: Server;
}
async function startRegistry(): Promise<Registry> {
  const requests: string[] = [];
  const tarballs = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = tarballs.get(request.url ?? '');
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/octet-stream' });
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, tarballs, server };
}

const ARM64_TARBALL_PATH = `/@statsig/statsig-node-core-linux-arm64-gnu/-/statsig-node-core-linux-arm64-gnu-${locked(ARM64).version}.tgz`;

/** An npm tarball (`package/…`, gzipped) of the arm64 platform package, with a stand-in binary. */
async function arm64Tarball(dir: string, binary: string): Promise<Buffer> {
  const packageDir = join(dir, 'package');
  await mkdir(packageDir, { recursive: true });
  await writeFile(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: '@statsig/statsig-node-core-linux-arm64-gnu', version: locked(ARM64).version }),
  );
  await writeFile(join(packageDir, 'statsig-node-core.linux-arm64-gnu.node'), binary);
  const file = join(dir, 'arm64.tgz');
  await createTar({ gzip: true, cwd: dir, file, portable: true }, ['package']);
  return readFile(file);
}
const sha512 = (bytes: Buffer): string => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

let statsigBuild: string;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'release-native-'));
  statsigBuild = join(scratch, 'statsig-app');
  await buildFixture(statsigBuild, STATSIG_FIXTURE_PROJECT_ROOT);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

let workspace: Awaited<ReturnType<typeof scratchWorkspace>>;
let registry: Registry;
beforeEach(async () => {
  workspace = await scratchWorkspace();
  await cp(statsigBuild, join(workspace.root, 'dist', 'apps', 'statsig-app'), { recursive: true });
  registry = await startRegistry();
});
afterEach(async () => {
  await new Promise((resolve) => registry.server.close(resolve));
  await workspace.remove();
});

describe('a function whose bundle imports a native runtime package', () => {
  it('ships the SDK, its locked dependencies and the x86_64 binary, and the unpacked zip answers a flag check', async () => {
    await useWorkspaceModules(workspace.root);
    const result = await packageApp({
      workspaceRoot: workspace.root,
      app: 'statsig-app',
      ref: sha('a'),
      architecture: 'x86_64',
      registry: registry.url,
    });
    expect(result.nativePackages).toEqual(['@statsig/statsig-node-core']);
    const zip = await readFile(result.zipPath);
    const entries = readZip(zip);
    const names = entries.map((e) => e.name);

    // The bundle and its map, its chunks (code splitting) with theirs; not the metafile.
    expectBundleFiles(names.filter((name) => !name.startsWith('node_modules/')));
    expect(names).not.toContain('meta.json');
    const packages = packagesIn(entries);
    // The SDK, its production dependencies (nested where the lock nests them) and the x64 glibc binary only.
    for (const path of [
      SDK,
      X64,
      `${SDK}/node_modules/https-proxy-agent`,
      `${SDK}/node_modules/agent-base`,
      'node_modules/@octokit/core',
      'node_modules/@octokit/request',
      'node_modules/node-fetch',
      'node_modules/whatwg-url',
      'node_modules/debug',
      'node_modules/ms',
    ]) {
      expect(packages).toContain(path);
    }
    expect(packages.filter((path) => /arm64|darwin|win32|musl/.test(path))).toEqual([]);
    // Each at the version package-lock.json locks; dev-only packages stay out.
    for (const path of packages) {
      const manifest = JSON.parse(
        entries.find((e) => e.name === `${path}/package.json`)?.content.toString() ?? '{}',
      ) as { version: string };
      expect({ path, version: manifest.version }).toEqual({ path, version: locked(path).version });
      expect((realLock.packages[path] as { dev?: boolean }).dev).toBeUndefined();
    }
    const binary = entries.find((e) => e.name === `${X64}/statsig-node-core.linux-x64-gnu.node`);
    expect(
      binary?.content.equals(
        await readFile(join(WORKSPACE_ROOT, X64, 'statsig-node-core.linux-x64-gnu.node')),
      ),
    ).toBe(true);
    for (const entry of entries) {
      expect([entry.dosDate, entry.dosTime, entry.unixMode, entry.extraLength]).toEqual([
        DOS_DATE_1980_01_01,
        0,
        0o100644,
        0,
      ]);
    }
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    // Nothing was fetched: this machine has the x64 packages installed.
    expect(registry.requests).toEqual([]);

    // Unpacked away from the workspace, so that only the zip's node_modules can answer the import.
    const unpacked = await mkdtemp(join(tmpdir(), 'release-unpacked-'));
    try {
      for (const entry of entries) {
        await mkdir(dirname(join(unpacked, entry.name)), { recursive: true });
        await writeFile(join(unpacked, entry.name), entry.content);
      }
      const script = [
        `const { handler } = await import(${JSON.stringify(join(unpacked, 'handler.mjs'))});`,
        "const open = await handler({ flag: 'open_registration', userId: 'u-1' });",
        "const unknown = await handler({ flag: 'not_in_statsig', userId: 'u-1' });",
        'console.log(JSON.stringify({ open, unknown }));',
        'process.exit(0);',
      ].join('\n');
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: unpacked,
      });
      // On though declared off, and the SDK's own verdict on a gate it does not know: StatSig's rules, evaluated
      // by the native core from the zip.
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
        open: { enabled: true, fallbacks: [] },
        unknown: { enabled: true, fallbacks: ['StatSig does not know this gate'] },
      });
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }

    // The same build and lock give the same bytes.
    const again = await packageApp({
      workspaceRoot: workspace.root,
      app: 'statsig-app',
      ref: sha('a'),
      architecture: 'x86_64',
      registry: registry.url,
    });
    expect((await readFile(again.zipPath)).equals(zip)).toBe(true);
  });

  it('fetches the arm64 binary this machine lacks at its locked version and integrity, once', async () => {
    const tarball = await arm64Tarball(join(workspace.root, 'tarball'), 'arm64 stand-in binary');
    registry.tarballs.set(ARM64_TARBALL_PATH, tarball);
    // The lock pins this tarball: the real one is not fetched from npm in a test.
    const lock = structuredClone(realLock);
    (lock.packages[ARM64] as LockEntry).integrity = sha512(tarball);
    await useWorkspaceModules(workspace.root, lock);

    // arm64 is the default (function-architectures.json), as it is Terraform's.
    const options = {
      workspaceRoot: workspace.root,
      app: 'statsig-app',
      ref: sha('b'),
      registry: registry.url,
    };
    const result = await packageApp(options);
    expect(result.architecture).toBe('arm64');
    const zip = await readFile(result.zipPath);
    const entries = readZip(zip);
    const names = entries.map((e) => e.name);
    expect(names).toContain(`${SDK}/package.json`);
    expect(names.filter((name) => name.startsWith(`${ARM64}/`))).toEqual([
      `${ARM64}/package.json`,
      `${ARM64}/statsig-node-core.linux-arm64-gnu.node`,
    ]);
    expect(
      entries.find((e) => e.name === `${ARM64}/statsig-node-core.linux-arm64-gnu.node`)?.content.toString(),
    ).toBe('arm64 stand-in binary');
    expect(names.some((name) => name.startsWith(`${X64}/`))).toBe(false);
    expect(registry.requests).toEqual([ARM64_TARBALL_PATH]);

    // A second run reads the cached tarball: no request, the same bytes.
    expect((await stat(join(workspace.root, TARBALL_CACHE_DIR))).isDirectory()).toBe(true);
    const again = await packageApp(options);
    expect(registry.requests).toEqual([ARM64_TARBALL_PATH]);
    expect((await readFile(again.zipPath)).equals(zip)).toBe(true);
  });

  it('refuses a tarball that does not match the lock, and writes no zip', async () => {
    // The real lock pins the real arm64 binary; the registry serves something else.
    await useWorkspaceModules(workspace.root);
    registry.tarballs.set(
      ARM64_TARBALL_PATH,
      await arm64Tarball(join(workspace.root, 'tarball'), 'tampered'),
    );
    const attempt = packageApp({
      workspaceRoot: workspace.root,
      app: 'statsig-app',
      ref: sha('c'),
      registry: registry.url,
    });
    await expect(attempt).rejects.toBeInstanceOf(NativePackageError);
    await expect(attempt).rejects.toThrow(
      `refusing @statsig/statsig-node-core-linux-arm64-gnu@${locked(ARM64).version}`,
    );
    await expect(attempt).rejects.toThrow(`is not package-lock.json's integrity ${locked(ARM64).integrity}`);
    await expect(stat(join(workspace.root, 'dist', 'artifacts'))).rejects.toThrow();
  });

  it('fails with the reason when the registry cannot be reached, and writes no zip', async () => {
    await useWorkspaceModules(workspace.root);
    // Port 1 on the loopback: nothing listens there, the connection is refused.
    const closed = 'http://127.0.0.1:1/';
    const attempt = packageApp({
      workspaceRoot: workspace.root,
      app: 'statsig-app',
      ref: sha('d'),
      registry: closed,
    });
    await expect(attempt).rejects.toBeInstanceOf(NativePackageError);
    await expect(attempt).rejects.toThrow(
      /cannot fetch @statsig\/statsig-node-core-linux-arm64-gnu@.* needs the npm registry/,
    );
    await expect(stat(join(workspace.root, 'dist', 'artifacts'))).rejects.toThrow();
  });
});

describe('a function whose bundle does not import one', () => {
  it('ships no node_modules and reads no lock', async () => {
    const root = workspace.root;
    await buildFixture(join(root, 'dist', 'apps', 'fixture-app'));
    // No package-lock.json or node_modules in this workspace: nothing needs them.
    const result = await packageApp({
      workspaceRoot: root,
      app: 'fixture-app',
      ref: sha('e'),
      architecture: 'x86_64',
    });
    expect(result.nativePackages).toEqual([]);
    const names = readZip(await readFile(result.zipPath)).map((e) => e.name);
    expectBundleFiles(names);
  });

  it('has the bundle it would have if the native packages did not exist', async () => {
    // proofing-failure reaches libs/vendors, whose StatSig source imports the SDK; tree-shaking drops that import.
    const bundleOf = async (projectRoot: string, variant: 'shipped' | 'without'): Promise<Buffer> => {
      const outputDir = join(workspace.root, 'compare', projectRoot, variant);
      const options = esbuildOptionsFor({
        workspaceRoot: WORKSPACE_ROOT,
        projectRoot,
        outputPath: outputDir,
      });
      const result = await build({
        ...options,
        ...(variant === 'without' ? { external: [], plugins: [...options.plugins!, nothingNative] } : {}),
        logLevel: 'silent',
      });
      const imports = Object.values(result.metafile!.outputs).flatMap((output) => output.imports);
      expect(imports.filter((i) => i.path.includes('statsig'))).toEqual([]);
      return readFile(join(outputDir, 'handler.mjs'));
    };
    for (const projectRoot of [FIXTURE_PROJECT_ROOT, 'apps/proofing-failure']) {
      const shipped = await bundleOf(projectRoot, 'shipped');
      const without = await bundleOf(projectRoot, 'without');
      expect(shipped.toString()).not.toMatch(/statsig/i);
      expect({ projectRoot, bytes: shipped.length, same: shipped.equals(without) }).toEqual({
        projectRoot,
        bytes: without.length,
        same: true,
      });
    }
  });
});
