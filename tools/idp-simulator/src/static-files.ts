import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The pages and assets of one directory. Only the names listed at start are served, so no request path can
 * reach another file; contents are read on each request, so an edited page shows on reload.
 */
export class StaticFiles {
  private constructor(
    private readonly dir: string,
    private readonly names: ReadonlySet<string>,
  ) {}

  static async from(dir: string): Promise<StaticFiles> {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && extname(e.name) in CONTENT_TYPES).map((e) => e.name);
    return new StaticFiles(dir, new Set(names));
  }

  async read(name: string): Promise<{ body: Buffer; contentType: string } | undefined> {
    if (!this.names.has(name)) return undefined;
    return { body: await readFile(join(this.dir, name)), contentType: CONTENT_TYPES[extname(name)]! };
  }
}
