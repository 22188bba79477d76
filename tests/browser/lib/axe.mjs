// axe-core accessibility audit helper (see axe.test.mjs).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');

/** The conformance level the site must meet: WCAG 2.1 AA (rules tagged with one of these fail the test). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Reported as information only. */
export const INFO_TAGS = ['best-practice'];

async function injectAxe(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: AXE_SOURCE_PATH });
}

/**
 * Inject axe-core into `page` (already loaded) and run it on the whole
 * document. Returns axe's `violations` array: [{ id, impact, tags, help,
 * helpUrl, nodes: [{ target, failureSummary }] }]. Pages with a strict
 * Content-Security-Policy need a context created with `bypassCSP: true`.
 * @param {import('playwright-core').Page} page
 * @param {object} [options] axe.run options, e.g. { runOnly: ['wcag2a', 'wcag2aa'] }
 */
export async function axeViolations(page, options = {}) {
  await injectAxe(page);
  const results = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return results.violations;
}

/**
 * One axe run with the rules tagged WCAG_TAGS or INFO_TAGS, split in two:
 * { failures: violations of a WCAG 2.1 A/AA rule, info: the other violations
 * (best practices), incomplete: results axe could not decide (needs review) }.
 */
export async function axeAudit(page) {
  await injectAxe(page);
  const results = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations', 'incomplete'] }),
    [...WCAG_TAGS, ...INFO_TAGS],
  );
  const isWcag = (r) => r.tags.some((tag) => WCAG_TAGS.includes(tag));
  return {
    failures: results.violations.filter(isWcag),
    info: results.violations.filter((r) => !isWcag(r)),
    incomplete: results.incomplete,
    version: results.testEngine?.version,
  };
}

/** Human-readable report of violations: id, impact, WCAG tags, help text, targets and axe's summary. */
export function formatViolations(violations, label = '') {
  const lines = [];
  for (const v of violations) {
    const tags = (v.tags || []).filter((t) => /^wcag\d|^best-practice$/.test(t));
    lines.push(`${label}${v.id} [${v.impact ?? 'n/a'}] {${tags.join(', ')}}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`${label}    target: ${JSON.stringify(node.target)}${node.html ? `  ${node.html.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
      if (node.failureSummary) lines.push(`${label}      ${node.failureSummary.replace(/\s*\n\s*/g, ' / ')}`);
    }
  }
  return lines.join('\n');
}
