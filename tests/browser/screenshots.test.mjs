// Test 5: PNG screenshots of the home page in both languages at both widths,
// saved for a developer to look at (HUONG_SCREENSHOTS_DIR, default
// tests/browser/screenshots/, which is gitignored).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, newContext, WIDTHS } from './lib/browser.mjs';
import { HOMES, publicDir } from './lib/site.mjs';

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

for (const [lang, home] of Object.entries(HOMES)) {
  for (const width of WIDTHS) {
    const file = path.join(OUT, `home-${lang}-${width}.png`);
    test(`screenshot ${home} @${width}px -> ${path.relative(HERE, file).startsWith('..') ? file : path.relative(HERE, file)}`, { timeout: 120_000 }, async () => {
      const context = await newContext(browser, { width, localOrigin: server.origin });
      try {
        const page = await context.newPage();
        const response = await page.goto(new URL(home, server.origin).href, { waitUntil: 'load' });
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
