import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import esbuildConfig, { trimSourceMap } from '../../esbuild.config.mjs';

const run = promisify(execFile);

describe('the esbuild config of nx build', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'esbuild-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function bundle(source: string): Promise<string> {
    await writeFile(join(dir, 'entry.ts'), source);
    await build({
      ...esbuildConfig,
      absWorkingDir: dir,
      // An output directory, as nx build gives it: code splitting writes chunks beside the bundle.
      entryPoints: { handler: 'entry.ts' },
      outdir: 'out',
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      sourcemap: true,
      logLevel: 'silent',
    });
    return join(dir, 'out', 'handler.mjs');
  }

  it('reaches built-ins without an ES import, and their exports still work', async () => {
    const out = await bundle(
      [
        "import { STATUS_CODES } from 'node:http';",
        "import tls from 'tls';",
        "import * as path from 'node:path';",
        "const { Agent } = await import('node:https');",
        // A dynamic import's named exports (an accessor here) and default export, as a namespace has them.
        "const { AsyncLocalStorage } = await import('async_hooks');",
        "const { default: events } = await import('node:events');",
        'console.log(`${STATUS_CODES[404]} ${Array.isArray(tls.rootCertificates)} ${path.join("a", "b")} ${typeof Agent}`);',
        'console.log(`${typeof AsyncLocalStorage} ${typeof events.once}`);',
      ].join('\n'),
    );
    const code = await readFile(out, 'utf8');
    expect(code).not.toMatch(
      /from\s*["'](node:)?(http|tls|path)["']|import\(["'](node:)?(https|async_hooks|events)/,
    );
    expect(code).toContain('process.getBuiltinModule("node:http")');
    expect(code).toContain('process.getBuiltinModule("node:async_hooks")');
    // No chunk of its own for a built-in: one would have only a default export.
    await expect(readdir(join(dir, 'out', 'chunks'))).rejects.toThrow(/ENOENT/);
    const { stdout } = await run(process.execPath, [out]);
    expect(stdout.trim()).toBe('Not Found true a/b function\nfunction function');
  });

  it('leaves code reached only by a dynamic import out of the bundle, in a chunk loaded when the import runs', async () => {
    await writeFile(join(dir, 'rare.ts'), 'export const rarelyUsed = () => "rarely-used-" + "chunk";\n');
    const out = await bundle(
      [
        "export const later = async () => (await import('./rare.ts')).rarelyUsed();",
        'console.log(await later());',
      ].join('\n'),
    );
    expect(await readFile(out, 'utf8')).not.toContain('rarely-used-');
    const chunks = await readdir(join(dir, 'out', 'chunks'));
    const chunkCode = await Promise.all(
      chunks
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFile(join(dir, 'out', 'chunks', file), 'utf8')),
    );
    expect(chunkCode.some((code) => code.includes('rarely-used-'))).toBe(true);
    const { stdout } = await run(process.execPath, [out]);
    expect(stdout.trim()).toBe('rarely-used-chunk');
  });

  it("writes a source map of the workspace's code only", async () => {
    await writeFile(join(dir, 'package.json'), '{}');
    const library = join(dir, 'node_modules', 'lib');
    await run('mkdir', ['-p', library]);
    await writeFile(join(library, 'index.js'), 'export const twice = (n) => n * 2;\n');
    const lateLibrary = join(dir, 'node_modules', 'late');
    await run('mkdir', ['-p', lateLibrary]);
    await writeFile(join(lateLibrary, 'index.js'), 'export const late = () => "late";\n');
    await bundle(
      [
        "import { twice } from 'lib';",
        "import { hostname } from 'node:os';",
        "console.log(twice(2), hostname(), (await import('late')).late());",
      ].join('\n'),
    );
    // Chunks of dependencies alone (the import's, esbuild's shared helpers) have no map, and say so: Node reads none.
    const chunks = await readdir(join(dir, 'out', 'chunks'));
    expect(chunks.filter((file) => file.endsWith('.map'))).toEqual([]);
    const chunkCode = await Promise.all(
      chunks.map((file) => readFile(join(dir, 'out', 'chunks', file), 'utf8')),
    );
    expect(chunkCode.filter((code) => code.includes('"late"'))).toHaveLength(1);
    for (const code of chunkCode) expect(code).not.toContain('sourceMappingURL');
    // The bundle's map is beside it, named by no comment: Node's --enable-source-maps does not read it at load.
    expect(await readFile(join(dir, 'out', 'handler.mjs'), 'utf8')).not.toContain('sourceMappingURL');
    const map = JSON.parse(await readFile(join(dir, 'out', 'handler.mjs.map'), 'utf8')) as {
      sources: string[];
      mappings: string;
    };
    expect(map.sources).toEqual(['../entry.ts']);
    expect(decode(map.mappings).flat().length).toBeGreaterThan(0);
  });
});

describe('trimSourceMap', () => {
  it('drops segments of node_modules and renumbers sources and names', () => {
    // Line 1: a segment in node_modules (source 0, name 0), then one in the workspace (source 1, name 1).
    const map = {
      version: 3,
      sources: ['../node_modules/x/index.js', '../src/a.ts'],
      names: ['inSdk', 'ours'],
      mappings: 'AAAAA,CCAAC',
    };
    const trimmed = trimSourceMap(map);
    expect(trimmed.sources).toEqual(['../src/a.ts']);
    expect(trimmed.names).toEqual(['ours']);
    expect(decode(trimmed.mappings)).toEqual([[[1, 0, 0, 0, 0]]]);
  });

  it("leaves an unmapped segment where a dependency's code follows the workspace's", () => {
    // Line 1: workspace at column 0, node_modules at 10 and 20; line 2: node_modules, then workspace at 30.
    const map = {
      version: 3,
      sources: ['../src/a.ts', '../node_modules/x/index.js'],
      names: [],
      mappings: encode([
        [
          [0, 0, 0, 0],
          [10, 1, 0, 0],
          [20, 1, 1, 0],
        ],
        [
          [0, 1, 2, 0],
          [30, 0, 1, 0],
        ],
      ]),
    };
    // A position inside the dependency (line 1 from column 10, line 2 before 30) now finds no source.
    expect(decode(trimSourceMap(map).mappings)).toEqual([[[0, 0, 0, 0], [10]], [[30, 0, 1, 0]]]);
  });
});
