// Test 4: the 404 pages. A missing path answers 404 with the Vietnamese
// PUBLIC_DIR/404.html; a missing path under /en/ answers 404 with
// PUBLIC_DIR/en/404.html (the server serves the nearest language's 404).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { htmlLang } from './lib/html.mjs';
import { publicDir } from './lib/site.mjs';

let server;

before(async () => {
  server = await startServer(publicDir());
});

after(async () => {
  await server?.close();
});

const CASES = [
  { path: '/khong-co-trang-nay/', file: '404.html', lang: 'vi' },
  { path: '/gioi-thieu/khong-co-trang-nay.html', file: '404.html', lang: 'vi' },
  { path: '/en/missing-page/', file: 'en/404.html', lang: 'en' },
];

for (const c of CASES) {
  test(`404: ${c.path} answers 404 with <html lang="${c.lang}"> (${c.file})`, async () => {
    assert.ok(fs.existsSync(path.join(publicDir(), c.file)), `${c.file} is missing from the site folder`);
    const res = await fetch(new URL(c.path, server.origin), { signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') || '', /^text\/html/);
    assert.equal(htmlLang(body), c.lang, `the 404 page for ${c.path} has <html lang="${htmlLang(body)}">, expected "${c.lang}"`);
  });
}
