// A tiny static file server for an already-built site folder (the output of
// `huong build`), for the browser tests only.
//
// - binds to 127.0.0.1 on a free port (port 0);
// - GET and HEAD only;
// - a directory URL ending in "/" serves its index.html; a directory URL
//   without the trailing slash is redirected (301) to the slashed URL, as
//   static hosts do, so relative links inside the page resolve correctly;
// - a missing file gets status 404 and the nearest 404.html: walking up from
//   the requested path, e.g. /en/missing-page/ -> PUBLIC_DIR/en/404.html,
//   /missing -> PUBLIC_DIR/404.html;
// - paths that escape the site folder (.., encoded .., symlinks pointing out)
//   are refused with 403;
// - `headers` (an option) are sent with every response, e.g. a
//   Content-Security-Policy (see STRICT_CSP).
//
// Usable alone for a manual look: node lib/server.mjs PUBLIC_DIR [PORT]

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function inside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

async function statOrNull(p) {
  try {
    return await fs.stat(p);
  } catch {
    return null;
  }
}

/**
 * The strict Content-Security-Policy the site must work under (issue 3):
 * no inline script, no inline style, no eval, nothing from other hosts.
 */
export const STRICT_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/**
 * Start the server. Resolves to { origin, port, close() }.
 * @param {string} publicDir the site folder
 * @param {{port?: number, headers?: Record<string, string>}} [options] port 0
 *   (the default) picks a free one; `headers` are added to every response
 *   (e.g. { 'Content-Security-Policy': STRICT_CSP })
 */
export async function startServer(publicDir, { port: wantedPort = 0, headers: extra = {} } = {}) {
  const root = await fs.realpath(path.resolve(publicDir));

  // Nearest 404.html at or above the directory of `urlPath`, never above root.
  async function notFoundPage(urlPath) {
    const segments = urlPath.split('/').filter(Boolean);
    for (let n = segments.length; n >= 0; n--) {
      const candidate = path.join(root, ...segments.slice(0, n), '404.html');
      if (!inside(root, candidate)) continue;
      const st = await statOrNull(candidate);
      if (st && st.isFile()) return candidate;
    }
    return null;
  }

  async function send(req, res, status, file, extraHeaders = {}) {
    const body = await fs.readFile(file);
    res.writeHead(status, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      ...extra,
      ...extraHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function plain(req, res, status, text, extraHeaders = {}) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra, ...extraHeaders });
    res.end(req.method === 'HEAD' ? undefined : text + '\n');
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(req, res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return plain(req, res, 400, 'bad request');
    }
    if (urlPath.includes('\0') || urlPath.includes('\\')) return plain(req, res, 400, 'bad request');

    // Refuse anything that escapes the site folder, lexically first...
    const target = path.resolve(root, '.' + path.posix.normalize('/' + urlPath));
    const raw = path.resolve(root, '.' + '/' + urlPath);
    if (!inside(root, raw) || !inside(root, target)) return plain(req, res, 403, 'forbidden');

    let file = null;
    const st = await statOrNull(target);
    if (st && st.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        const u = new URL(req.url, 'http://127.0.0.1');
        return plain(req, res, 301, 'moved', { Location: u.pathname + '/' + u.search });
      }
      const index = path.join(target, 'index.html');
      const ist = await statOrNull(index);
      if (ist && ist.isFile()) file = index;
    } else if (st && st.isFile()) {
      file = target;
    }

    if (file) {
      // ...then after following symlinks.
      const real = await fs.realpath(file);
      if (!inside(root, real)) return plain(req, res, 403, 'forbidden');
      return send(req, res, 200, real);
    }

    const page404 = await notFoundPage(urlPath);
    if (page404) return send(req, res, 404, page404);
    return plain(req, res, 404, `not found (and no 404.html in ${publicDir})`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) plain(req, res, 500, String(err && err.stack || err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    root,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Manual use: node lib/server.mjs PUBLIC_DIR
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node lib/server.mjs PUBLIC_DIR [PORT]');
    process.exit(2);
  }
  const s = await startServer(dir, { port: Number(process.argv[3] || 0) });
  console.log(`serving ${s.root} at ${s.origin}/ (Ctrl-C to stop)`);
}
