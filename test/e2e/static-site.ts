/**
 * A plain static file server for end-to-end tests, like any static host: the
 * built `dist/` under a chosen path, extra pages from strings, optional CORS
 * headers per path. Two of them on two ports are two origins.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export const DIST = join(import.meta.dirname, '..', '..', 'dist');

/** Content types by extension, as a static host sends them. */
export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv',
  '.md': 'text/markdown; charset=utf-8',
  '.zip': 'application/zip',
};

export interface SiteOptions {
  /** URL path prefix → folder served under it (e.g. `{ '/kindling/': DIST }`). */
  folders: Record<string, string>;
  /** URL path → HTML (or other text) served as is, or with headers of its own. */
  pages?: Record<string, string | { body: string; headers: Record<string, string> }>;
  /** Headers sent with every file from `folders` (e.g. caching). */
  fileHeaders?: Record<string, string>;
  /** Paths starting with one of these get `Access-Control-Allow-Origin: *`. */
  corsPrefixes?: string[];
  /** Every request's path, in order (to count fetches). */
  log?: string[];
}

export interface Site {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/**
 * @example
 * const site = await serveSite({ folders: { '/kindling/': DIST }, pages: { '/docs/a.html': '<p>hi</p>' } });
 * await page.goto(`${site.origin}/docs/a.html`);
 */
export async function serveSite(options: SiteOptions): Promise<Site> {
  const server: Server = createServer((request: IncomingMessage, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    options.log?.push(path);
    const headers: Record<string, string> = {};
    if (options.corsPrefixes?.some((prefix) => path.startsWith(prefix))) headers['access-control-allow-origin'] = '*';
    const page = options.pages?.[path];
    if (page !== undefined) {
      const { body, headers: own } = typeof page === 'string' ? { body: page, headers: {} } : page;
      const type = TYPES[extname(path)] ?? 'text/html; charset=utf-8';
      response.writeHead(200, { ...headers, 'content-type': type, ...own });
      response.end(body);
      return;
    }
    const prefix = Object.keys(options.folders).find((p) => path.startsWith(p));
    if (!prefix) {
      response.writeHead(404, headers).end();
      return;
    }
    const root = options.folders[prefix];
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404, headers).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { ...headers, ...options.fileHeaders, 'content-type': type });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
