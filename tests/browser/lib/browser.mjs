// Debian's Chromium, driven by playwright-core (which never downloads a browser).

import { chromium } from 'playwright-core';
import { toLocal } from './site.mjs';

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
 */
export function watch(page, localOrigin) {
  const seen = { consoleErrors: [], pageErrors: [], external: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    // Our own blocking of other hosts (see newContext): reported as external requests instead.
    if (/ERR_BLOCKED_BY_CLIENT/.test(msg.text()) && loc && loc.url && !loc.url.startsWith(localOrigin + '/')) return;
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
