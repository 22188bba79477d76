// Test 1: the pages of issue 3 in each language — home, a section, an article,
// the taxonomy list (/chu-de/, /en/topics/), its first term page and the 404
// page (reached through a missing path), and the promotion pages of issue 10
// (PROMOTION_PATHS in lib/site.mjs) — at widths 375 and 1280: the expected
// HTTP status (200, or 404 for the 404 page), no console error, no uncaught
// page error, no request to a host other than the local server, and an icon
// that answers (else browsers ask for /favicon.ico and get a 404).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { findTargets, launch, newContext, watch, WIDTHS } from './lib/browser.mjs';
import { publicDir, HOMES } from './lib/site.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(publicDir());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const lang of Object.keys(HOMES)) {
  test(`${lang}: home, section, article, taxonomy list, term and 404 pages load cleanly at ${WIDTHS.join(' and ')}px`, { timeout: 400_000 }, async (t) => {
    const local = server.origin;
    const targets = await findTargets(t, browser, local, lang, `${lang}`);

    for (const target of targets) {
      for (const width of WIDTHS) {
        await t.test(`${lang} ${target.kind} ${target.path} @${width}px`, async () => {
          const context = await newContext(browser, { width, localOrigin: local });
          try {
            const page = await context.newPage();
            const seen = watch(page, local, { documentUrl: target.url, documentStatus: target.status });
            const response = await page.goto(target.url, { waitUntil: 'load' });
            await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
            const problems = [];
            if (!response) problems.push('no response');
            else if (response.status() !== target.status) problems.push(`HTTP status ${response.status()}, expected ${target.status}`);
            for (const e of seen.consoleErrors) problems.push(`console error: ${e}`);
            for (const e of seen.pageErrors) problems.push(`page error: ${e}`);
            for (const e of seen.external) problems.push(`request to another host: ${e}`);
            // Without a declared icon every browser asks for /favicon.ico and gets a 404.
            const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
            if (!icon) problems.push('no <link rel="icon">');
            else {
              const answer = await context.request.get(icon);
              if (answer.status() !== 200 || !/^image\//.test(answer.headers()['content-type'] ?? '')) {
                problems.push(`the icon ${icon} answered ${answer.status()} ${answer.headers()['content-type']}`);
              }
            }
            if (problems.length) assert.fail(`${target.url} @${width}px:\n  ${problems.join('\n  ')}`);
          } finally {
            await context.close();
          }
        });
      }
    }
  });
}
