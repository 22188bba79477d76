// The site works under a strict Content-Security-Policy (issue 3): the local
// server sends, with every response,
//   Content-Security-Policy: default-src 'self'; img-src 'self' data:;
//     style-src 'self'; script-src 'self'; object-src 'none';
//     base-uri 'self'; frame-ancestors 'none'
// and Chromium must report no violation on the pages of issue 3 (home, a
// section, an article, the taxonomy list, a term page, the 404 page; each
// language, widths 375 and 1280): no console message mentioning "Content
// Security Policy" and no `securitypolicyviolation` event.
//
// Chromium reports an inline event handler (onclick=...) only when it runs,
// so crawl.test.mjs also checks the markup of every page statically.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, STRICT_CSP } from './lib/server.mjs';
import { findTargets, launch, newContext, watchCsp, WIDTHS } from './lib/browser.mjs';
import { HOMES, publicDir } from './lib/site.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(publicDir(), { headers: { 'Content-Security-Policy': STRICT_CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('csp: the server sends the strict Content-Security-Policy header', async () => {
  const res = await fetch(new URL('/', server.origin), { signal: AbortSignal.timeout(30_000) });
  await res.body?.cancel();
  assert.equal(res.headers.get('content-security-policy'), STRICT_CSP);
});

for (const lang of Object.keys(HOMES)) {
  test(`csp: no Content-Security-Policy violation on the ${lang} pages at ${WIDTHS.join(' and ')}px`, { timeout: 400_000 }, async (t) => {
    const local = server.origin;
    const targets = await findTargets(t, browser, local, lang, `csp ${lang}`);

    for (const target of targets) {
      for (const width of WIDTHS) {
        await t.test(`csp ${lang} ${target.kind} ${target.path} @${width}px`, async () => {
          const context = await newContext(browser, { width, localOrigin: local });
          try {
            const page = await context.newPage();
            const csp = await watchCsp(page);
            const response = await page.goto(target.url, { waitUntil: 'load' });
            await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
            assert.equal(response?.status(), target.status, `${target.path} answered ${response?.status()}, expected ${target.status}`);
            assert.equal(response.headers()['content-security-policy'], STRICT_CSP, `${target.path} was not served with the CSP header`);
            const violations = [...csp.console, ...(await csp.events())];
            if (violations.length) assert.fail(`${violations.length} CSP violation report(s) on ${target.path} @${width}px:\n  ${violations.join('\n  ')}`);
          } finally {
            await context.close();
          }
        });
      }
    }
  });
}
