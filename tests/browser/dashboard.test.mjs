// The translation dashboard written by `huong i18n status --format html -o FILE`:
// a standalone page with an inline <style>, not part of the published site (so
// the site's CSP rules of csp.test.mjs and crawl.test.mjs do not apply to it).
//
// Runs only when HUONG_DASHBOARD names that file (scripts/test.sh generates it
// as target/translation-status.html); skipped otherwise. Its folder is served
// with lib/server.mjs and the file is opened in Chromium at 375 and 1280 px:
// status 200, <html lang> set, an <h1>, a table with a <caption> and exactly
// one <progress> per row of its <tbody>, each with an accessible name (as
// Chromium's accessibility tree computes it), no console error, no uncaught
// page error, no request to another host, and no axe-core violation of a
// WCAG 2.1 AA rule (best-practice results are printed as information).
// Full-page screenshots: dashboard-375.png, dashboard-1280.png in
// HUONG_SCREENSHOTS_DIR (default tests/browser/screenshots/).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, newContext, watch, WIDTHS } from './lib/browser.mjs';
import { axeAudit, formatViolations, WCAG_TAGS } from './lib/axe.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(process.env.HUONG_SCREENSHOTS_DIR || path.join(HERE, 'screenshots'));
const DASHBOARD = process.env.HUONG_DASHBOARD ? path.resolve(process.env.HUONG_DASHBOARD) : null;
const SKIP = DASHBOARD
  ? false
  : 'HUONG_DASHBOARD is not set: write the dashboard with `huong i18n status --format html -o FILE` and run with HUONG_DASHBOARD=FILE (scripts/test.sh does)';

let server;
let browser;
let url;
const info = []; // best-practice violations and incomplete results, printed at the end

before(async () => {
  if (!DASHBOARD) return;
  if (!fs.existsSync(DASHBOARD) || !fs.statSync(DASHBOARD).isFile()) {
    throw new Error(`HUONG_DASHBOARD=${process.env.HUONG_DASHBOARD} is not a file (resolved to ${DASHBOARD})`);
  }
  server = await startServer(path.dirname(DASHBOARD));
  url = new URL('/' + encodeURIComponent(path.basename(DASHBOARD)), server.origin).href;
  browser = await launch();
  fs.mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The accessible name of every <progress> of every row of every table body,
 * from Chromium's accessibility tree (what assistive technology gets).
 * Returns [{ row: index, header: text of the row's first cell, names: [name] }].
 */
async function progressNamesPerRow(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds: rowIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'table > tbody > tr' });
    const headers = await page.$$eval('table > tbody > tr', (rows) =>
      rows.map((r) => (r.cells[0] ? r.cells[0].textContent.replace(/\s+/g, ' ').trim() : '')),
    );
    const rows = [];
    for (const [i, rowId] of rowIds.entries()) {
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: rowId, selector: 'progress' });
      const names = [];
      for (const nodeId of nodeIds) {
        const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
        const node = nodes.find((n) => !n.ignored) || nodes[0];
        names.push(String(node?.name?.value ?? '').trim());
      }
      rows.push({ row: i + 1, header: headers[i] ?? '', names });
    }
    return rows;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

for (const width of WIDTHS) {
  test(`dashboard @${width}px: renders, structure, axe (WCAG 2.1 AA), screenshot`, { skip: SKIP, timeout: 120_000 }, async (t) => {
    const context = await newContext(browser, { width, localOrigin: server.origin });
    try {
      const page = await context.newPage();
      const seen = watch(page, server.origin);
      const response = await page.goto(url, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      await page.evaluate(() => document.fonts && document.fonts.ready);
      const label = `${path.basename(DASHBOARD)} @${width}px`;

      await t.test(`dashboard @${width}px: HTTP status 200`, () => {
        assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
      });

      const file = path.join(OUT, `dashboard-${width}.png`);
      const shown = path.relative(HERE, file).startsWith('..') ? file : path.relative(HERE, file);
      await t.test(`dashboard @${width}px: screenshot -> ${shown}`, async () => {
        await page.screenshot({ path: file, fullPage: true });
        const png = fs.readFileSync(file);
        assert.ok(png.length > 100 && png.subarray(1, 4).toString() === 'PNG', `${file} is not a PNG`);
      });

      await t.test(`dashboard @${width}px: <html lang>, <h1>, a table with a caption, one named <progress> per body row`, async () => {
        const doc = await page.evaluate(() => ({
          lang: document.documentElement.getAttribute('lang'),
          h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
          tables: [...document.querySelectorAll('table')].map((tb) => ({
            caption: tb.caption ? tb.caption.textContent.replace(/\s+/g, ' ').trim() : null,
            bodyRows: tb.querySelectorAll(':scope > tbody > tr').length,
          })),
        }));
        const problems = [];
        if (!doc.lang || !doc.lang.trim()) problems.push(`<html> has no lang attribute (lang=${JSON.stringify(doc.lang)})`);
        if (doc.h1.length === 0) problems.push('no <h1>');
        else if (!doc.h1.some(Boolean)) problems.push('the <h1> is empty');
        if (doc.tables.length === 0) problems.push('no <table>');
        for (const [i, tb] of doc.tables.entries()) {
          if (!tb.caption) problems.push(`table ${i + 1} has no (or an empty) <caption>`);
        }
        const rows = await progressNamesPerRow(page);
        if (doc.tables.length && rows.length === 0) problems.push('no row in the table body (<tbody><tr>)');
        for (const r of rows) {
          const where = `row ${r.row} (${JSON.stringify(r.header)})`;
          if (r.names.length !== 1) problems.push(`${where} has ${r.names.length} <progress> elements, expected 1`);
          for (const name of r.names) if (!name) problems.push(`${where}: its <progress> has no accessible name (aria-label, aria-labelledby or <label>)`);
        }
        if (problems.length) assert.fail(`${label}:\n  ${problems.join('\n  ')}`);
        t.diagnostic(`lang=${doc.lang}, ${rows.length} body rows, progress names: ${rows.map((r) => JSON.stringify(r.names[0])).join(', ')}`);
      });

      await t.test(`dashboard @${width}px: axe-core, no WCAG 2.1 AA violation (${WCAG_TAGS.join(', ')})`, async () => {
        const result = await axeAudit(page);
        if (result.info.length) info.push(`best practice, ${label}:\n${formatViolations(result.info, '    ')}`);
        for (const r of result.incomplete) {
          info.push(`needs review (axe incomplete), ${label}: ${r.id}: ${r.help} — ${r.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
        }
        if (result.failures.length) {
          assert.fail(`axe-core ${result.version}: ${result.failures.length} WCAG 2.1 AA violation(s) on ${label}:\n${formatViolations(result.failures, '  ')}`);
        }
      });

      // Last, so it covers everything done to the page above.
      await t.test(`dashboard @${width}px: no console error, no page error, no request to another host`, () => {
        const problems = [];
        for (const e of seen.consoleErrors) problems.push(`console error: ${e}`);
        for (const e of seen.pageErrors) problems.push(`page error: ${e}`);
        for (const e of seen.external) problems.push(`request to another host: ${e}`);
        if (problems.length) assert.fail(`${label}:\n  ${problems.join('\n  ')}`);
      });
    } finally {
      await context.close();
    }
  });
}

test('dashboard: axe best-practice results (information only, never fails)', { skip: SKIP }, () => {
  if (info.length === 0) {
    console.log('dashboard axe best practice: no violation, nothing to review');
    return;
  }
  console.log(`dashboard axe best practice and needs-review results (information, not failures):\n  ${info.join('\n  ')}`);
});
