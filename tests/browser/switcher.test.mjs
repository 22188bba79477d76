// Test 2: the language switcher takes the reader to the English page and back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, newContext } from './lib/browser.mjs';
import { baseOriginOf, discover, fetchPage, pathOf, publicDir, toLocal } from './lib/site.mjs';

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

async function roundTrip(startUrl) {
  const local = server.origin;
  const start = await fetchPage(startUrl);
  const baseOrigin = baseOriginOf(start.html);
  // Links written as absolute base_url URLs are served from the local server.
  const context = await newContext(browser, { localOrigin: local, baseOrigin, serveBaseOrigin: true });
  try {
    const page = await context.newPage();
    const response = await page.goto(startUrl, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `${startUrl} answered ${response?.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi', `${startUrl} has not <html lang="vi">`);

    const toEn = page.locator('nav.language-switcher a[hreflang="en"]');
    assert.equal(await toEn.count(), 1, `${startUrl}: expected one nav.language-switcher a[hreflang="en"], found ${await toEn.count()}`);
    await Promise.all([page.waitForURL((u) => pathOf(u) !== pathOf(startUrl), { waitUntil: 'load' }), toEn.click()]);

    const enUrl = new URL(page.url());
    assert.equal(await page.getAttribute('html', 'lang'), 'en', `${enUrl.href} (from ${startUrl}) has not <html lang="en">`);
    assert.ok(enUrl.pathname.startsWith('/en/'), `the English page's path ${enUrl.pathname} does not start with /en/`);

    const toVi = page.locator('nav.language-switcher a[hreflang="vi"]');
    assert.equal(await toVi.count(), 1, `${enUrl.href}: expected one nav.language-switcher a[hreflang="vi"], found ${await toVi.count()}`);
    const back = toLocal(await toVi.getAttribute('href'), page.url(), { localOrigin: local, baseOrigin });
    assert.ok(back, `${enUrl.href}: a[hreflang="vi"] href ${await toVi.getAttribute('href')} is not a link to this site`);
    assert.equal(pathOf(back), pathOf(startUrl), `${enUrl.href}: a[hreflang="vi"] leads to ${pathOf(back)}, not back to ${pathOf(startUrl)}`);

    await Promise.all([page.waitForURL((u) => pathOf(u) === pathOf(startUrl), { waitUntil: 'load' }), toVi.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  } finally {
    await context.close();
  }
}

test('switcher: from the Vietnamese home page to English and back', { timeout: 120_000 }, async () => {
  await roundTrip(new URL('/', server.origin).href);
});

test('switcher: from a Vietnamese article to its English translation and back', { timeout: 180_000 }, async () => {
  const context = await newContext(browser, { localOrigin: server.origin });
  let found;
  try {
    found = await discover(await context.newPage(), server.origin, 'vi');
  } finally {
    await context.close();
  }
  assert.ok(found.section, `no section page linked from nav.site-nav on ${found.home}`);
  const translated = found.articles.find((a) => a.isArticle && a.translations.includes('en')) ?? found.articles.find((a) => a.translations.includes('en'));
  assert.ok(
    translated,
    `no page linked from ${found.section} ("main article a" / "main li a") has an English translation in its switcher; candidates: ${JSON.stringify(found.articles)}`,
  );
  await roundTrip(translated.url);
});
