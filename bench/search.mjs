// Search benchmark (issue 11): on a site built by huong (the generated corpus of bench/run.sh),
// in headless Chromium, for each query: the bytes its first run fetches from the index (a fresh
// page, nothing cached) and the time from typing it to the results shown on a warm page
// (median of RUNS), and the index's total size. Run from the repository:
//
//   node bench/search.mjs PUBLIC_DIR [RUNS]
//
// It uses the browser tests' helpers (tests/browser/run.sh installs what they need).

import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../tests/browser/lib/server.mjs';
import { launch, newContext } from '../tests/browser/lib/browser.mjs';

const publicDir = path.resolve(process.argv[2] || 'public');
const runs = Number(process.argv[3] || 20);
const QUERIES = {
  vi: ['huế', 'hue', 'dai noi', 'Đại Nội', 'quan', 'du lịch', 'phở bốn', 'th'],
  en: ['hue', 'festivals', 'imperial city', 'tomb', 'th'],
};

function folderBytes(dir) {
  let total = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const [bytes, count] = folderBytes(full);
      total += bytes;
      files += count;
    } else {
      total += fs.statSync(full).size;
      files += 1;
    }
  }
  return [total, files];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const server = await startServer(publicDir);
const browser = await launch();
const searchPages = { vi: '/tim-kiem/', en: '/en/search/' };
const rows = [];
try {
  for (const [lang, queries] of Object.entries(QUERIES)) {
    const [bytes, files] = folderBytes(path.join(publicDir, 'search-index', lang));
    console.log(`index ${lang}: ${(bytes / 1048576).toFixed(1)} MiB in ${files} files`);
    for (const query of queries) {
      // First query: a fresh context, so nothing is cached.
      const fresh = await newContext(browser, { localOrigin: server.origin });
      const page = await fresh.newPage();
      let fetched = 0;
      page.on('response', async (response) => {
        if (new URL(response.url()).pathname.startsWith('/search-index/')) {
          fetched += (await response.body()).length;
        }
      });
      await page.goto(`${server.origin}${searchPages[lang]}?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
      await page.waitForFunction(() => {
        const status = document.getElementById('search-status');
        return status.textContent && status.textContent !== status.dataset.loading;
      });
      await page.waitForLoadState('networkidle');
      const shown = await page.textContent('#search-status');
      // Warm: the same page, the query typed again and again.
      const times = [];
      for (let i = 0; i < runs; i++) {
        const ms = await page.evaluate(async (q) => {
          const input = document.getElementById('search-query');
          const status = document.getElementById('search-status');
          input.value = '';
          input.dispatchEvent(new Event('input'));
          await new Promise((r) => setTimeout(r, 200));
          const started = performance.now();
          status.textContent = '';
          input.value = q;
          input.dispatchEvent(new Event('input'));
          while (!status.textContent || status.textContent === status.dataset.loading) {
            await new Promise((r) => setTimeout(r, 1));
          }
          // The input waits 150 ms for the next key before searching.
          return performance.now() - started - 150;
        }, query);
        times.push(ms);
      }
      rows.push({ lang, query, firstKB: fetched / 1024, medianMs: median(times), shown });
      await fresh.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('| language | query | first query fetches | median time (warm) | result |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(`| ${row.lang} | \`${row.query}\` | ${row.firstKB.toFixed(0)} KB | ${row.medianMs.toFixed(1)} ms | ${row.shown} |`);
}
