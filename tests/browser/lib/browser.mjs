// Debian's Chromium, driven by playwright-core (which never downloads a browser).

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { auditTargets, toLocal } from './site.mjs';

export const CHROMIUM = process.env.HUONG_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
export const WIDTHS = [375, 1280];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:']);

/**
 * A browser context of the given width. Requests to hosts other than the
 * local server are aborted (there is no network anyway; aborting keeps the
 * tests fast) — the tests record them with watch(). With `baseOrigin` and
 * `serveBaseOrigin: true`, requests to the site's own base_url origin (links
 * written as absolute URLs) are answered from the local server instead, so a
 * click on such a link works.
 */
export async function newContext(browser, { width = 1280, localOrigin, baseOrigin = null, serveBaseOrigin = false, ...rest }) {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 812 : 900 },
    ...rest,
  });
  await context.route(
    () => true,
    async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === localOrigin || LOCAL_SCHEMES.has(url.protocol)) return route.continue();
      if (serveBaseOrigin && baseOrigin && url.origin === baseOrigin) {
        const local = toLocal(url.href, url.href, { localOrigin, baseOrigin });
        const response = await route.fetch({ url: local.href });
        return route.fulfill({ response });
      }
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

/**
 * Record what the tests forbid on a page: console errors, uncaught page
 * errors, requests to any host other than the local server.
 *
 * A page that is meant to answer with an error status (the 404 page, reached
 * through a missing path) makes Chromium log "Failed to load resource: the
 * server responded with a status of 404" for the document itself: pass
 * { documentUrl, documentStatus } to accept that one message (and only it).
 */
export function watch(page, localOrigin, { documentUrl = null, documentStatus = 200 } = {}) {
  const seen = { consoleErrors: [], pageErrors: [], external: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    // Our own blocking of other hosts (see newContext): reported as external requests instead.
    if (/ERR_BLOCKED_BY_CLIENT/.test(msg.text()) && loc && loc.url && !loc.url.startsWith(localOrigin + '/')) return;
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text());
    if (status && documentUrl && documentStatus !== 200 && Number(status[1]) === documentStatus && loc && loc.url === documentUrl) return;
    const where = loc && loc.url ? ` (${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : '';
    seen.consoleErrors.push(msg.text() + where);
  });
  page.on('pageerror', (err) => seen.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on('request', (req) => {
    let u;
    try {
      u = new URL(req.url());
    } catch {
      return;
    }
    if (u.origin !== localOrigin && !LOCAL_SCHEMES.has(u.protocol)) seen.external.push(`${req.resourceType()} ${req.url()}`);
  });
  return seen;
}

/**
 * Record Content-Security-Policy violations on `page` (call before goto):
 * console messages that mention "Content Security Policy" (Chromium's
 * "Refused to apply inline style because it violates the following Content
 * Security Policy directive: ...") and `securitypolicyviolation` events,
 * caught by a listener that an init script adds before any page script runs
 * (init scripts are injected by the browser and not subject to the page's CSP).
 * Returns { console: [string], events(): Promise<[string]> } — call events()
 * once the page has loaded.
 */
export async function watchCsp(page) {
  const consoleMessages = [];
  page.on('console', (msg) => {
    if (!/content[\s-]security[\s-]policy/i.test(msg.text())) return;
    const loc = msg.location();
    const where = loc && loc.url ? ` (${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : '';
    consoleMessages.push(`console ${msg.type()}: ${msg.text()}${where}`);
  });
  await page.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, '__huongCspViolations', { value: seen });
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const el = e.target && e.target.nodeType === 1 ? e.target.outerHTML.slice(0, 160) : '';
        seen.push(
          `securitypolicyviolation: ${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
            (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '') +
            (e.sample ? ` sample ${JSON.stringify(e.sample)}` : '') +
            (el ? ` on ${el}` : ''),
        );
      },
      true,
    );
  });
  return {
    console: consoleMessages,
    events: () => page.evaluate(() => (window.__huongCspViolations ? [...window.__huongCspViolations] : ['(the securitypolicyviolation listener was not installed)'])),
  };
}

// The pages of one language to check (home, section, article, tag list, term, 404), found from
// the site itself in a throwaway context; a subtest fails when one of them cannot be found.
export async function findTargets(t, browser, localOrigin, lang, label) {
  const context = await newContext(browser, { localOrigin });
  let found;
  try {
    found = await auditTargets(await context.newPage(), localOrigin, [lang]);
  } finally {
    await context.close();
  }
  await t.test(`${label}: every page to check was found`, () => {
    if (found.problems.length) assert.fail(found.problems.join('\n'));
  });
  return found.targets;
}
