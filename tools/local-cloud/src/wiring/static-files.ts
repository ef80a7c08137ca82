import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * A service's static pages, served under a path prefix of the HTTP API's base URL, as CloudFront serves them from
 * their bucket in front of the API in AWS (same origin, so the pages call the API without CORS). GET and HEAD
 * only; `index.html` for a directory; nothing outside the directory is reachable.
 */
export interface StaticSite {
  /** `/pages`: the URL prefix. */
  readonly prefix: string;
  /** Absolute directory the files come from. */
  readonly directory: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file a request path names inside the site, or undefined when it is not this site's or escapes it. */
function fileOf(site: StaticSite, pathname: string): string | undefined {
  if (pathname !== site.prefix && !pathname.startsWith(`${site.prefix}/`)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(site.prefix.length));
  } catch {
    return undefined;
  }
  if (relative.includes('\0')) return undefined;
  const root = resolve(site.directory);
  const file = resolve(join(root, relative));
  return file === root || file.startsWith(`${root}${sep}`) ? file : undefined;
}

/** Serves the request from the first site whose prefix it has; false when no site claims it. */
export async function serveStatic(
  sites: readonly StaticSite[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const pathname = new URL(req.url ?? '/', 'http://local').pathname;
  const site = sites.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
  if (site === undefined) return false;
  let file = fileOf(site, pathname);
  let info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file !== undefined && info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (file === undefined || info === undefined || !info.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
    return true;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else await pipeline(createReadStream(file), res);
  return true;
}
