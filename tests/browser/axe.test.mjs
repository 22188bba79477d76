// Accessibility audit with axe-core of the home page in both languages.
//
// Skipped unless HUONG_AXE=1: the audit is switched on for good in a later
// issue (the theme is not styled yet and would fail it today). Run it with
//   HUONG_AXE=1 bash tests/browser/run.sh PUBLIC_DIR
// Violations fail the test, listed with their id, impact, help text and targets.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, newContext } from './lib/browser.mjs';
import { axeViolations, formatViolations } from './lib/axe.mjs';
import { HOMES, publicDir } from './lib/site.mjs';

const ENABLED = process.env.HUONG_AXE === '1';

let server;
let browser;

before(async () => {
  if (!ENABLED) return;
  server = await startServer(publicDir());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('axe: no accessibility violations on the home pages', { skip: ENABLED ? false : 'set HUONG_AXE=1 to run the axe audit', timeout: 180_000 }, async () => {
  const reports = [];
  for (const [lang, home] of Object.entries(HOMES)) {
    const context = await newContext(browser, { width: 1280, localOrigin: server.origin, bypassCSP: true });
    try {
      const page = await context.newPage();
      const response = await page.goto(new URL(home, server.origin).href, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `${home} answered ${response?.status()}`);
      const violations = await axeViolations(page);
      if (violations.length) reports.push(`${home} (${lang}): ${violations.length} violation(s)\n` + formatViolations(violations, '  '));
    } finally {
      await context.close();
    }
  }
  if (reports.length) assert.fail(`axe-core found accessibility violations:\n${reports.join('\n')}`);
});
