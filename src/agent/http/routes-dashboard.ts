import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Headers every dashboard page gets: no framing by other sites, scripts and styles from this origin only. */
const pageHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/**
 * The dashboard: `index.html` at `/` (revalidated on every load: `no-cache` with an ETag), and its
 * content-hashed files under `/assets/` (cached for a year, `immutable`). The files are read once,
 * when the routes are made; a missing build answers 503 naming the command that builds it.
 */
export function dashboardRoutes(dir: string): Hono {
  const routes = new Hono();
  const files = new Map<string, { body: Uint8Array; type: string; etag: string }>();
  try {
    const read = (rel: string) => {
      const body = readFileSync(path.join(dir, rel));
      files.set(`/${rel}`, {
        body,
        type: types[path.extname(rel)] ?? 'application/octet-stream',
        etag: `"${body.length.toString(16)}-${hash(body)}"`,
      });
    };
    read('index.html');
    for (const name of readdirSync(path.join(dir, 'assets'))) read(`assets/${name}`);
  } catch {
    files.clear();
  }

  routes.get('/', (c) => {
    const index = files.get('/index.html');
    if (!index) return c.text('the dashboard is not built: run npm run build', 503);
    if (c.req.header('if-none-match') === index.etag) return c.body(null, 304, { ETag: index.etag, 'Cache-Control': 'no-cache' });
    return c.body(index.body as unknown as ArrayBuffer, 200, {
      'Content-Type': index.type,
      'Cache-Control': 'no-cache',
      ETag: index.etag,
      ...pageHeaders,
    });
  });
  routes.get('/assets/:file', (c) => {
    const file = files.get(`/assets/${c.req.param('file')}`);
    if (!file) return c.json({ error: `no route for GET ${c.req.path}` }, 404);
    return c.body(file.body as unknown as ArrayBuffer, 200, {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: file.etag,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return routes;
}

/** FNV-1a over the bytes: an ETag, not a security property. */
function hash(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
