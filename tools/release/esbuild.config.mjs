// The esbuild options of `nx build` beyond @nx/esbuild's own (nx.json targetDefaults.build.options.esbuildConfig).
// Plain JavaScript because @nx/esbuild loads this file itself; tools/release/src/build-options.ts reads it too, so
// the release tool, the local cloud and the cold-start benchmark build exactly what `nx build` builds.
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import process from 'node:process';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTIN_NAMES = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map(escapeRegExp)
  .join('|');
const BUILTIN = new RegExp(`^(node:)?(${BUILTIN_NAMES})$`);
// `import("node:http")` or `import('http')`: a dynamic import of a built-in by its literal name.
const DYNAMIC_BUILTIN_IMPORT = new RegExp(
  `\\bimport\\(\\s*(["'])((?:node:)?(?:${BUILTIN_NAMES}))\\1\\s*\\)`,
  'g',
);
const LOADERS = { js: 'js', mjs: 'js', cjs: 'js', ts: 'ts', mts: 'ts', cts: 'ts' };

/**
 * An ES import (static or dynamic) of a Node built-in makes Node build its ES module namespace, which reads every export:
 * on Node 22 `node:http`'s WebSocket getters load undici (28-50 ms), `node:tls` builds its root
 * certificates, `node:process` opens stdin. Each static import is bundled as a small CommonJS module that
 * returns the built-in's exports object instead, whose properties are only read when used. A dynamic import (the
 * SDK's HTTP handler imports node:http on its first request) is rewritten in its module's source to a promise of a
 * namespace-like view of that object: left to esbuild, it would become a chunk of its own (code splitting) whose
 * namespace has only `default`, and `const { AsyncLocalStorage } = await import('node:async_hooks')` would break.
 */
export const builtinsWithoutNamespace = {
  name: 'builtins-without-namespace',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement'
        ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
    build.onLoad({ filter: /\.[cm]?[jt]s$/, namespace: 'file' }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import(')) return undefined;
      const rewritten = source.replace(DYNAMIC_BUILTIN_IMPORT, (_, _quote, name) => {
        const exports = `process.getBuiltinModule(${JSON.stringify(name.startsWith('node:') ? name : `node:${name}`)})`;
        return `Promise.resolve().then(() => new Proxy(${exports}, { get: (m, key) => (key === "default" ? m : m[key]) }))`;
      });
      if (rewritten === source) return undefined;
      return {
        contents: rewritten,
        loader: LOADERS[args.path.split('.').pop()],
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * Keeps in the source map only what maps to the workspace's own code (not node_modules): Lambda runs with
 * --enable-source-maps, which reads and parses the whole map while the bundle loads, and a stack frame
 * inside the AWS SDK is as useful at its bundle position as at its file's line. A chunk with nothing of the
 * workspace's keeps no map at all, and no output names its map (see below).
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
  // Where the workspace's code gives way to a dependency's, an unmapped segment (a column alone) stays, so that a
  // position inside the dependency finds no source rather than the workspace line before it.
  let afterWorkspace = false;
  const lines = decode(map.mappings).map((segments) =>
    segments.flatMap((segment) => {
      const [column, source, line, sourceColumn, name] = segment;
      if (segment.length === 1 || !isWorkspaceSource(map.sources[source])) {
        const marker = afterWorkspace ? [[column]] : [];
        afterWorkspace = false;
        return marker;
      }
      afterWorkspace = true;
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
    const { sourcemap, absWorkingDir = process.cwd() } = build.initialOptions;
    if (sourcemap !== true) return;
    // The metafile lists every map written: the bundle's, its chunks', or a multi-entry build's (the local cloud).
    build.initialOptions.metafile = true;
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const maps = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.map'));
      for (const map of maps) {
        const file = resolve(absWorkingDir, map);
        const trimmed = trimSourceMap(JSON.parse(await readFile(file, 'utf8')));
        // A chunk of dependencies only keeps no map.
        if (trimmed.sources.length > 0) await writeFile(file, JSON.stringify(trimmed));
        else await rm(file);
        // No file names its map: `--enable-source-maps` would read every map and measure all the lines of the
        // code that names one while it loads (~10 ms of a cold start). libs/platform's stack-traces.ts finds the
        // map beside the file (`<file>.map`) the first time a stack trace goes through it.
        const script = file.slice(0, -'.map'.length);
        const code = await readFile(script, 'utf8');
        await writeFile(script, code.replace(/\n\/\/# sourceMappingURL=\S+\n?$/, '\n'));
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
  // Code reached only through a dynamic import() goes to chunks/ and is read and compiled only when that import runs:
  // the SDK's credential providers past the environment's (with the STS, SSO and sign-in clients they build),
  // bowser, event streams. In one file it was compiled at every cold start (proof-address: 634 KB read at load
  // before, 496 KB in 11 files after, ~12 ms less load CPU, docs/performance.md). Needs an output directory:
  // @nx/esbuild then writes `handler.mjs` there.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
