// The test harness's own static server (lib/server.mjs), on a throwaway
// fixture folder: content types, index.html, redirects, nearest 404, and
// refusal of paths that escape the site folder. Does not use PUBLIC_DIR.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, STRICT_CSP } from './lib/server.mjs';

let tmp;
let root;
let server;

const TYPES = {
  'a.html': 'text/html; charset=utf-8',
  'a.css': 'text/css; charset=utf-8',
  'a.js': 'text/javascript; charset=utf-8',
  'a.xml': 'application/xml; charset=utf-8',
  'a.svg': 'image/svg+xml',
  'a.png': 'image/png',
  'a.jpg': 'image/jpeg',
  'a.webp': 'image/webp',
  'a.woff2': 'font/woff2',
  'a.json': 'application/json; charset=utf-8',
  'a.ics': 'text/calendar; charset=utf-8',
  'a.csv': 'text/csv; charset=utf-8',
  'a.txt': 'text/plain; charset=utf-8',
};

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huong-server-test-'));
  root = path.join(tmp, 'public');
  fs.mkdirSync(path.join(root, 'en', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(root, 'tài-liệu'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
  fs.writeFileSync(path.join(root, 'index.html'), '<html lang="vi">home');
  fs.writeFileSync(path.join(root, '404.html'), '<html lang="vi">404 vi');
  fs.writeFileSync(path.join(root, 'en', '404.html'), '<html lang="en">404 en');
  fs.writeFileSync(path.join(root, 'en', 'sub', 'index.html'), 'en sub');
  fs.writeFileSync(path.join(root, 'tài-liệu', 'index.html'), 'unicode');
  for (const f of Object.keys(TYPES)) fs.writeFileSync(path.join(root, f), f);
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link.txt'));
  server = await startServer(root);
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A raw request, so that "..", "%2e%2e" and the like reach the server as written.
function raw(method, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('server: binds to 127.0.0.1', () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('server: Content-Type by extension', async () => {
  for (const [file, type] of Object.entries(TYPES)) {
    const r = await raw('GET', '/' + file);
    assert.equal(r.status, 200, file);
    assert.equal(r.headers['content-type'], type, file);
  }
});

test('server: directory URLs serve index.html, and redirect without the slash', async () => {
  assert.equal((await raw('GET', '/')).body, '<html lang="vi">home');
  assert.equal((await raw('GET', '/en/sub/')).body, 'en sub');
  assert.equal((await raw('GET', '/t%C3%A0i-li%E1%BB%87u/')).body, 'unicode');
  const r = await raw('GET', '/en/sub?x=1');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/en/sub/?x=1');
});

test('server: missing paths get 404 and the nearest 404.html', async () => {
  let r = await raw('GET', '/nope/');
  assert.equal(r.status, 404);
  assert.equal(r.body, '<html lang="vi">404 vi');
  r = await raw('GET', '/en/missing-page/');
  assert.equal(r.status, 404);
  assert.equal(r.body, '<html lang="en">404 en');
  r = await raw('GET', '/en/sub/deeper/missing.html');
  assert.equal(r.status, 404);
  assert.equal(r.body, '<html lang="en">404 en');
  r = await raw('GET', '/en'); // a directory: redirected, not a 404
  assert.equal(r.status, 301);
});

test('server: paths escaping the site folder are refused', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/en/..%2f..%2fsecret.txt', '/%2E%2E%2Fsecret.txt', '/link.txt']) {
    const r = await raw('GET', p);
    assert.notEqual(r.status, 200, p);
    assert.ok(!r.body.includes('SECRET'), p);
  }
  assert.equal((await raw('GET', '/..%2fsecret.txt')).status, 403);
  assert.equal((await raw('GET', '/link.txt')).status, 403);
});

test('server: HEAD has no body, other methods get 405', async () => {
  const h = await raw('HEAD', '/a.css');
  assert.equal(h.status, 200);
  assert.equal(h.body, '');
  assert.equal((await raw('POST', '/')).status, 405);
});

test('server: the headers option is sent with every response (200, 301, 404)', async () => {
  const s = await startServer(root, { headers: { 'Content-Security-Policy': STRICT_CSP } });
  try {
    for (const [p, status] of [['/', 200], ['/a.css', 200], ['/en', 301], ['/nope/', 404]]) {
      const r = await new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: s.port, path: p }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        }).on('error', reject);
      });
      assert.equal(r.statusCode, status, p);
      assert.equal(r.headers['content-security-policy'], STRICT_CSP, p);
    }
    assert.equal((await raw('GET', '/')).headers['content-security-policy'], undefined, 'the default server sends no CSP');
  } finally {
    await s.close();
  }
});
