// Test 1: the home page, one section page and one article of each language,
// at widths 375 and 1280: HTTP 200, no console error, no uncaught page error,
// no request to a host other than the local server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, newContext, watch, WIDTHS } from './lib/browser.mjs';
import { discover, publicDir, HOMES } from './lib/site.mjs';

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
  test(`${lang}: home, section and article pages load cleanly at ${WIDTHS.join(' and ')}px`, { timeout: 300_000 }, async (t) => {
    const local = server.origin;
    const context = await newContext(browser, { localOrigin: local });
    let found;
    try {
      found = await discover(await context.newPage(), local, lang);
    } finally {
      await context.close();
    }

    const targets = [['home', found.home]];
    await t.test(`${lang}: a section page is linked from nav.site-nav`, () => {
      assert.ok(found.section, `no usable link in nav.site-nav on ${found.home} (hrefs: ${JSON.stringify(found.navHrefs)})`);
    });
    if (found.section) targets.push(['section', found.section]);
    await t.test(`${lang}: an article is linked from the section page (main article a / main li a)`, () => {
      assert.ok(found.section && found.articles.length > 0, `no page linked from "main article a" or "main li a" on ${found.section}`);
    });
    if (found.articles.length > 0) targets.push(['article', found.articles[0].url]);

    for (const [kind, url] of targets) {
      for (const width of WIDTHS) {
        const path = new URL(url).pathname;
        await t.test(`${lang} ${kind} ${path} @${width}px`, async () => {
          const context = await newContext(browser, { width, localOrigin: local });
          try {
            const page = await context.newPage();
            const seen = watch(page, local);
            const response = await page.goto(url, { waitUntil: 'load' });
            await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
            const problems = [];
            if (!response) problems.push('no response');
            else if (response.status() !== 200) problems.push(`HTTP status ${response.status()}, expected 200`);
            for (const e of seen.consoleErrors) problems.push(`console error: ${e}`);
            for (const e of seen.pageErrors) problems.push(`page error: ${e}`);
            for (const e of seen.external) problems.push(`request to another host: ${e}`);
            if (problems.length) assert.fail(`${url} @${width}px:\n  ${problems.join('\n  ')}`);
          } finally {
            await context.close();
          }
        });
      }
    }
  });
}
