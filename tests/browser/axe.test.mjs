// Accessibility audit with axe-core, at widths 375 and 1280, of the pages of
// issue 3 in each language: home, a section, an article, the taxonomy list,
// its first term page, the 404 page, and the promotion pages of issue 10 (the
// festival calendar, the monuments by area, the investment catalogue, the open-data
// page and a record of each kind; see auditTargets in lib/site.mjs).
//
// Fails on any violation of a rule tagged wcag2a, wcag2aa, wcag21a or wcag21aa
// (WCAG 2.1 level AA), listed with rule id, impact, help, targets and axe's
// summary. Best-practice violations and the results axe could not decide
// ("incomplete", to review by hand) are printed as information, not failures.
// Always runs (there is no switch to skip it; run other files by naming them).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { findTargets, launch, newContext, WIDTHS } from './lib/browser.mjs';
import { axeAudit, formatViolations, WCAG_TAGS } from './lib/axe.mjs';
import { HOMES, publicDir } from './lib/site.mjs';

let server;
let browser;
const info = []; // best-practice violations and incomplete results, printed at the end

before(async () => {
  server = await startServer(publicDir());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const lang of Object.keys(HOMES)) {
  test(`axe: no WCAG 2.1 AA violation (${WCAG_TAGS.join(', ')}) on the ${lang} pages at ${WIDTHS.join(' and ')}px`, { timeout: 600_000 }, async (t) => {
    const local = server.origin;
    const targets = await findTargets(t, browser, local, lang, `axe ${lang}`);

    for (const target of targets) {
      for (const width of WIDTHS) {
        await t.test(`axe ${lang} ${target.kind} ${target.path} @${width}px`, async () => {
          // bypassCSP: axe is injected as a script tag (the site itself is tested under CSP in csp.test.mjs).
          const context = await newContext(browser, { width, localOrigin: local, bypassCSP: true });
          try {
            const page = await context.newPage();
            const response = await page.goto(target.url, { waitUntil: 'load' });
            assert.equal(response?.status(), target.status, `${target.path} answered ${response?.status()}, expected ${target.status}`);
            await page.evaluate(() => document.fonts && document.fonts.ready);
            const result = await axeAudit(page);
            const label = `${target.path} @${width}px`;
            if (result.info.length) info.push(`best practice, ${label}:\n${formatViolations(result.info, '    ')}`);
            for (const r of result.incomplete) {
              info.push(`needs review (axe incomplete), ${label}: ${r.id}: ${r.help} — ${r.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
            }
            if (result.failures.length) {
              assert.fail(`axe-core ${result.version}: ${result.failures.length} WCAG 2.1 AA violation(s) on ${label}:\n${formatViolations(result.failures, '  ')}`);
            }
          } finally {
            await context.close();
          }
        });
      }
    }
  });
}

test('axe: best-practice results (information only, never fails)', () => {
  if (info.length === 0) {
    console.log('axe best practice: no violation, nothing to review');
    return;
  }
  console.log(`axe best practice and needs-review results (information, not failures):\n  ${info.join('\n  ')}`);
});
