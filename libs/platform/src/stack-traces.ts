import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The map beside each bundle file a stack trace went through (null: it has none), read the first time.
const maps = new Map<string, { map: SourceMap; dir: string } | null>();

const pathOf = (file: string): string => (file.startsWith('file:') ? fileURLToPath(file) : file);

function mapOf(file: string): { map: SourceMap; dir: string } | null {
  let found = maps.get(file);
  if (found === undefined) {
    found = null;
    try {
      const path = pathOf(file);
      if (existsSync(`${path}.map`)) {
        found = { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), dir: dirname(path) };
      }
    } catch {
      // An unreadable map leaves the frames at their bundle positions.
    }
    maps.set(file, found);
  }
  return found;
}

/** One frame as V8 writes it, its bundle position replaced by the TypeScript source's when the map has one. */
function frameText(site: NodeJS.CallSite): string {
  const text = site.toString();
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file || line === null || column === null) return text;
  const found = mapOf(file);
  const entry = found?.map.findEntry(line - 1, column - 1);
  if (!found || !entry || !('originalSource' in entry) || !entry.originalSource) return text;
  const source = resolve(found.dir, entry.originalSource);
  return text.replace(
    `${file}:${line}:${column}`,
    `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`,
  );
}

/** The file this code runs from: a bundle file (`handler.mjs`, a chunk) once built, its TypeScript source in tests. */
function ownFile(): string | undefined {
  const previous = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites: NodeJS.CallSite[]) => sites[0]?.getFileName();
    return new Error().stack as unknown as string | undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/**
 * Stack traces that point at the workspace's TypeScript lines, without Node's `--enable-source-maps` reading the
 * maps: that flag reads every map a file names and measures all the lines of that file while it loads (~10 ms of
 * proof-resolution's cold start, docs/performance.md), for stack traces most invocations never write. The build
 * names no map in its files (tools/release/esbuild.config.mjs); here a bundle file's map beside it is read the first
 * time a stack trace is formatted through it. Installed only when this code runs from a bundle with a map, so a test
 * runner's own formatter stays in place.
 */
export function installSourceMappedStackTraces(): void {
  const file = ownFile();
  // Only whether the map is there: it is read when a stack trace needs it.
  if (file === undefined || !existsSync(`${pathOf(file)}.map`)) return;
  Error.prepareStackTrace = (error: unknown, sites: NodeJS.CallSite[]): string => {
    let header: string;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = 'Error';
    }
    return header + sites.map((site) => `\n    at ${frameText(site)}`).join('');
  };
}
