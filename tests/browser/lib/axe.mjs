// axe-core accessibility audit helper. The audit itself is switched on in a
// later issue; see axe.test.mjs (runs only with HUONG_AXE=1).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * Inject axe-core into `page` (already loaded) and run it on the whole
 * document. Returns axe's `violations` array: [{ id, impact, help, helpUrl,
 * nodes: [{ target, failureSummary }] }]. Pages with a strict
 * Content-Security-Policy need a context created with `bypassCSP: true`.
 * @param {import('playwright-core').Page} page
 * @param {object} [options] axe.run options, e.g. { runOnly: ['wcag2a', 'wcag2aa'] }
 */
export async function axeViolations(page, options = {}) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: AXE_SOURCE_PATH });
  const results = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return results.violations;
}

/** Human-readable report of violations: id, impact, help text, targets. */
export function formatViolations(violations, label = '') {
  const lines = [];
  for (const v of violations) {
    lines.push(`${label}${v.id} [${v.impact ?? 'n/a'}]: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) lines.push(`    target: ${JSON.stringify(node.target)}`);
  }
  return lines.join('\n');
}
