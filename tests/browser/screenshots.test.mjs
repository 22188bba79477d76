// Test 5: full-page PNG screenshots of the home page, a section, an article, the
// festival calendar, the monuments by area and the investment catalogue, in both
// languages at both widths, saved for a developer to look at
// (HUONG_SCREENSHOTS_DIR, default tests/browser/screenshots/, gitignored):
// KIND-LANG-WIDTH.png, e.g. home-vi-375.png, section-en-1280.png, article-vi-1280.png.
// The section and the article are found as in the other tests (lib/site.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, newContext, WIDTHS } from './lib/browser.mjs';
import { discover, HOMES, pathOf, PROMOTION_PATHS, publicDir } from './lib/site.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(process.env.HUONG_SCREENSHOTS_DIR || path.join(HERE, 'screenshots'));

let server;
let browser;

before(async () => {
  server = await startServer(publicDir());
  browser = await launch();
  fs.mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const lang of Object.keys(HOMES)) {
  test(`screenshots: ${lang} home, section and article @${WIDTHS.join(' and ')}px`, { timeout: 300_000 }, async (t) => {
    const context = await newContext(browser, { localOrigin: server.origin });
    let found;
    try {
      found = await discover(await context.newPage(), server.origin, lang);
    } finally {
      await context.close();
    }
    const targets = [['home', found.home]];
    if (found.section) targets.push(['section', found.section]);
    if (found.articles.length) targets.push(['article', found.articles[0].url]);
    for (const kind of ['calendar', 'places', 'catalogue']) {
      targets.push([kind, new URL(PROMOTION_PATHS[lang][kind], server.origin).href]);
    }
    await t.test(`screenshots ${lang}: a section and an article were found`, () => {
      assert.ok(found.section, `no usable link in nav.site-nav on ${found.home}`);
      assert.ok(found.articles.length, `no page linked from "main article a" or "main li a" on ${found.section}`);
    });

    for (const [kind, url] of targets) {
      for (const width of WIDTHS) {
        const file = path.join(OUT, `${kind}-${lang}-${width}.png`);
        const shown = path.relative(HERE, file).startsWith('..') ? file : path.relative(HERE, file);
        await t.test(`screenshot ${lang} ${kind} ${pathOf(url)} @${width}px -> ${shown}`, async () => {
          const context = await newContext(browser, { width, localOrigin: server.origin });
          try {
            const page = await context.newPage();
            const response = await page.goto(url, { waitUntil: 'load' });
            assert.equal(response?.status(), 200);
            await page.evaluate(() => document.fonts && document.fonts.ready);
            await page.screenshot({ path: file, fullPage: true });
          } finally {
            await context.close();
          }
          const png = fs.readFileSync(file);
          assert.ok(png.length > 100 && png.subarray(1, 4).toString() === 'PNG', `${file} is not a PNG`);
        });
      }
    }
  });
}
