// The esbuild options of `nx build` beyond @nx/esbuild's own (nx.json targetDefaults.build.options.esbuildConfig).
// Plain JavaScript because @nx/esbuild loads this file itself; tools/release/src/build-options.ts reads it too, so
// the release tool, the local cloud and the cold-start benchmark build exactly what `nx build` builds.
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import process from 'node:process';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTIN = new RegExp(
  `^(node:)?(${builtinModules
    .filter((name) => !name.startsWith('_'))
    .map(escapeRegExp)
    .join('|')})$`,
);

/**
 * An ES import (static or dynamic) of a Node built-in makes Node build its ES module namespace, which reads every export:
 * on Node 22 `node:http`'s WebSocket getters load undici (28-50 ms), `node:tls` builds its root
 * certificates, `node:process` opens stdin. Each such import is bundled as a small CommonJS module that
 * returns the built-in's exports object instead, whose properties are only read when used.
 */
export const builtinsWithoutNamespace = {
  name: 'builtins-without-namespace',
  setup(build) {
    // Dynamic imports too: the SDK's HTTP handler imports node:http on its first request.
    build.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * Keeps in the source map only what maps to the workspace's own code (not node_modules): Lambda runs with
 * --enable-source-maps, which reads and parses the whole map while the bundle loads, and a stack frame
 * inside the AWS SDK is as useful at its bundle position as at its file's line.
 */
// The plugin above names its modules `builtin:<name>`; they have no file to point at.
const isWorkspaceSource = (source) => !source.includes('node_modules/') && !source.startsWith('builtin:');

export function trimSourceMap(map) {
  const keptSources = new Map();
  const keptNames = new Map();
  const keep = (table, index) => {
    if (!table.has(index)) table.set(index, table.size);
    return table.get(index);
  };
  const lines = decode(map.mappings).map((segments) =>
    segments.flatMap((segment) => {
      if (segment.length === 1) return [];
      const [column, source, line, sourceColumn, name] = segment;
      if (!isWorkspaceSource(map.sources[source])) return [];
      const mapped = [column, keep(keptSources, source), line, sourceColumn];
      return [name === undefined ? mapped : [...mapped, keep(keptNames, name)]];
    }),
  );
  return {
    ...map,
    sources: [...keptSources.keys()].map((index) => map.sources[index]),
    names: [...keptNames.keys()].map((index) => map.names[index]),
    mappings: encode(lines),
  };
}

export const workspaceOnlySourceMaps = {
  name: 'workspace-only-source-maps',
  setup(build) {
    const { outfile, sourcemap, absWorkingDir = process.cwd() } = build.initialOptions;
    if (sourcemap !== true) return;
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      // One outfile (nx build), or every map of a multi-entry build that asked for a metafile (the local cloud).
      const maps = result.metafile
        ? Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.map'))
        : outfile === undefined
          ? []
          : [`${outfile}.map`];
      for (const map of maps) {
        const file = resolve(absWorkingDir, map);
        await writeFile(file, JSON.stringify(trimSourceMap(JSON.parse(await readFile(file, 'utf8')))));
      }
    });
  },
};

/**
 * Runtime packages esbuild cannot bundle (a native binary per platform): every build leaves their imports alone
 * (`external`), so each bundle's metafile says whether it still imports one after tree-shaking, and
 * `tools/release` ships exactly those in the function's zip under `node_modules/`, with their dependencies and the
 * binary for the function's architecture (tools/release/README.md). Local builds find them in the workspace's
 * node_modules. Written once here: nx build, the local cloud and the benchmark all build with this file.
 */
export const NATIVE_RUNTIME_PACKAGES = Object.freeze(['@statsig/statsig-node-core']);

export default {
  external: [...NATIVE_RUNTIME_PACKAGES],
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  legalComments: 'none',
  // Maps keep file and line for stack traces; the sources themselves are in git at the SHA and would
  // nearly double the zip.
  sourcesContent: false,
  banner: {
    // CJS dependencies bundled into ESM still call require(); give them one.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [builtinsWithoutNamespace, workspaceOnlySourceMaps],
};
