// Search (issue 11) on the built portal, in headless Chromium under the strict
// Content-Security-Policy: the search page of each language finds the
// Imperial City first however its name is typed (with or without diacritics,
// in capitals, with the tones misplaced), `hue` finds what only says `Huế`,
// the two placements of a tone give the same results, English plurals find
// the singular, an unknown word says so, the page works from the keyboard
// alone, axe-core finds no WCAG 2.1 AA violation with results shown, and no
// console error or request to another host happens. Without JavaScript the
// page says that search needs it and links to the sections.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, STRICT_CSP } from './lib/server.mjs';
import { launch, newContext, watch, WIDTHS } from './lib/browser.mjs';
import { axeAudit, formatViolations } from './lib/axe.mjs';
import { publicDir } from './lib/site.mjs';

const SEARCH = { vi: '/tim-kiem/', en: '/en/search/' };
const IMPERIAL_CITY = { vi: '/di-san/di-tich/dai-noi/', en: '/en/heritage/monuments/imperial-city/' };

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

/** Opens the search page of `lang` with `query` in the URL; returns its results once shown. */
async function searchFor(page, lang, query) {
  const url = new URL(SEARCH[lang], server.origin);
  url.searchParams.set('q', query);
  await page.goto(url.href, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const status = document.getElementById('search-status');
    return status && status.textContent && status.textContent !== status.dataset.loading;
  });
  return {
    status: await page.textContent('#search-status'),
    links: await page.$$eval('#search-results li > a', (as) => as.map((a) => new URL(a.href).pathname)),
  };
}

async function withPage(fn, options = {}) {
  const context = await newContext(browser, { localOrigin: server.origin, ...options });
  try {
    const page = await context.newPage();
    const seen = watch(page, server.origin);
    await fn(page);
    assert.deepEqual(seen.consoleErrors, [], 'console errors');
    assert.deepEqual(seen.pageErrors, [], 'page errors');
    assert.deepEqual(seen.external, [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

for (const lang of Object.keys(SEARCH)) {
  test(`search ${lang}: the Imperial City comes first however its name is typed`, { timeout: 120_000 }, async () => {
    await withPage(async (page) => {
      for (const query of ['dai noi', 'Đại Nội', 'DAI NOI', 'dại nọi', 'Dai Noi']) {
        const { links, status } = await searchFor(page, lang, query);
        assert.equal(links[0], IMPERIAL_CITY[lang], `"${query}" (${status}): first result ${links[0]}, all: ${links.join(' ')}`);
      }
    });
  });

  test(`search ${lang}: hue finds the pages that write Huế, and an unknown word says so`, { timeout: 120_000 }, async () => {
    await withPage(async (page) => {
      const plain = await searchFor(page, lang, 'hue');
      const marked = await searchFor(page, lang, 'Huế');
      assert.ok(plain.links.length >= 5, `hue: ${plain.status}`);
      assert.deepEqual([...plain.links].sort(), [...marked.links].sort(), 'hue and Huế find the same pages');
      const snippets = await page.$$eval('#search-results mark', (marks) => marks.map((m) => m.textContent));
      assert.ok(snippets.some((m) => m === 'Huế'), `the matched words are marked: ${snippets.slice(0, 5)}`);
      const none = await searchFor(page, lang, 'xyzzyqw');
      assert.deepEqual(none.links, []);
      assert.ok(none.status.includes('xyzzyqw'), `the status names the query: ${none.status}`);
    });
  });
}

test('search vi: hoà and hòa give the same results; a query with tones ranks its exact form first', { timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    const old = await searchFor(page, 'vi', 'hoà');
    const modern = await searchFor(page, 'vi', 'hòa');
    assert.ok(old.links.length > 0, old.status);
    assert.deepEqual(old.links, modern.links);
    const thuy = await searchFor(page, 'vi', 'thuỷ');
    assert.deepEqual(thuy.links, (await searchFor(page, 'vi', 'thủy')).links);
  });
});

test('search en: a plural finds the singular', { timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    const plural = await searchFor(page, 'en', 'festivals');
    const singular = await searchFor(page, 'en', 'festival');
    assert.ok(plural.links.length > 0, plural.status);
    assert.deepEqual(plural.links, singular.links);
  });
});

test('search: from the header box to the results with the keyboard alone', { timeout: 120_000 }, async () => {
  await withPage(async (page) => {
    await page.goto(new URL('/en/', server.origin).href, { waitUntil: 'load' });
    let focused = '';
    for (let i = 0; i < 30 && focused !== 'site-search-query'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    }
    assert.equal(focused, 'site-search-query', 'Tab reaches the search box in the header');
    await page.keyboard.type('imperial city');
    await Promise.all([page.waitForURL((u) => u.pathname === SEARCH.en, { waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'imperial city', 'the query travels in ?q=');
    await page.waitForSelector('#search-results li > a');
    assert.equal(await page.inputValue('#search-query'), 'imperial city');
    // Tab from the box: the button, then the first result.
    await page.focus('#search-query');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
    assert.equal(href, IMPERIAL_CITY.en);
    // Typing updates the results and the address without a reload.
    await page.focus('#search-query');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('thien mu');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'thien mu');
    await page.waitForFunction(() => document.querySelector('#search-results a')?.getAttribute('href') === '/en/heritage/monuments/thien-mu-pagoda/');
  });
});

for (const width of WIDTHS) {
  test(`search: axe-core finds no WCAG 2.1 AA violation with results shown @${width}px`, { timeout: 120_000 }, async () => {
    for (const lang of Object.keys(SEARCH)) {
      const context = await newContext(browser, { width, localOrigin: server.origin, bypassCSP: true });
      try {
        const page = await context.newPage();
        const { links } = await searchFor(page, lang, lang === 'vi' ? 'lăng' : 'tomb');
        assert.ok(links.length > 1);
        const result = await axeAudit(page);
        if (result.failures.length) {
          assert.fail(`${lang} @${width}px:\n${formatViolations(result.failures, '  ')}`);
        }
      } finally {
        await context.close();
      }
    }
  });
}

test('search: without JavaScript the page says so and links to the sections', { timeout: 60_000 }, async () => {
  await withPage(async (page) => {
    await page.goto(new URL('/tim-kiem/?q=hue', server.origin).href, { waitUntil: 'load' });
    assert.ok(await page.isVisible('#search-no-script'));
    assert.ok((await page.$$('#search-no-script a')).length >= 3);
    assert.equal(await page.inputValue('#search-query'), '');
  }, { javaScriptEnabled: false });
  await withPage(async (page) => {
    await page.goto(new URL('/tim-kiem/', server.origin).href, { waitUntil: 'load' });
    assert.ok(!(await page.isVisible('#search-no-script')), 'the notice hides when the script runs');
  });
});
