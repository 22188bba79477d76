// Test 3: crawl the whole site with node's fetch (no browser), starting at /
// and /en/, following every same-origin <a href>, <link rel=alternate
// hreflang> and <link rel=canonical> (absolute base_url URLs are mapped to the
// local server), and check that every internal link answers 200. Assets
// (stylesheets, scripts, images, icons) are checked for 200 too, not crawled.
// Ignored: mailto:, tel:, other schemes, other hosts, #fragments.
// Also: /sitemap.xml and /robots.txt answer 200, every sitemap <loc> answers
// 200, and every page follows the language-switcher / alternate contract.
// And, for the strict Content-Security-Policy of csp.test.mjs, a static look
// at every crawled page and every other .html file of the site folder (404
// pages, alias redirects): no inline <script> (JSON-LD data blocks excepted),
// no on*= event-handler attribute, no style= attribute, no <style> element,
// no javascript: URL.
//
// HUONG_CRAWL_LIMIT (default 20000) bounds the number of URLs fetched.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { alternates, canonicalHref, decodeEntities, htmlLang, languageSwitcher, references, startTags } from './lib/html.mjs';
import { baseOriginOf, fetchPage, HOMES, LANGUAGE_NAMES, originOf, pathOf, publicDir, toLocal } from './lib/site.mjs';

const LIMIT = Number(process.env.HUONG_CRAWL_LIMIT || 20000);
const CONCURRENCY = 8;

let server;
let crawl; // promise of the crawl result, shared by the tests

before(async () => {
  server = await startServer(publicDir());
});

after(async () => {
  await server?.close();
});

async function runCrawl(localOrigin) {
  const homeHtml = (await fetchPage(new URL('/', localOrigin).href)).html;
  const siteBaseOrigin = baseOriginOf(homeHtml);
  const results = new Map(); // local url -> { status, contentType, from: [{ page, where, raw }] }
  const pages = new Map(); // local url -> html (every HTML page that answered 200)
  const queue = [];
  let overLimit = false;

  function enqueue(url, kind, from) {
    const key = url.href;
    let r = results.get(key);
    if (!r) {
      if (results.size >= LIMIT) {
        overLimit = true;
        return;
      }
      r = { status: null, kind, from: [], done: false };
      results.set(key, r);
      queue.push(key);
    } else if (kind === 'page' && r.kind === 'asset') {
      r.kind = 'page'; // was only checked as an asset so far: crawl it as well
      if (r.done) {
        r.done = false;
        queue.push(key);
      }
    }
    if (from && r.from.length < 20) r.from.push(from);
  }

  for (const p of Object.values(HOMES)) enqueue(new URL(p, localOrigin), 'page', null);

  async function visit(key) {
    const r = results.get(key);
    const method = r.kind === 'page' ? 'GET' : 'HEAD';
    let res;
    try {
      res = await fetchPage(key, { method });
    } catch (err) {
      r.status = `fetch failed: ${err.message}`;
      r.done = true;
      return;
    }
    r.status = res.status;
    r.contentType = res.contentType;
    if (method === 'HEAD' && r.kind === 'page') {
      queue.push(key); // became a page link while it was being checked
      return;
    }
    r.done = true;
    if (res.status !== 200 || !res.html || r.kind !== 'page' || pages.has(key)) return;
    pages.set(key, res.html);
    const baseOrigin = baseOriginOf(res.html) || siteBaseOrigin;
    for (const ref of references(res.html)) {
      const u = toLocal(ref.url, key, { localOrigin, baseOrigin });
      if (!u) continue;
      enqueue(u, ref.kind, { page: pathOf(key), where: ref.where, raw: ref.url });
    }
  }

  // A small pool of workers draining the queue.
  let active = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) return resolve();
      while (active < CONCURRENCY && queue.length > 0) {
        const key = queue.shift();
        active++;
        visit(key)
          .then(() => {
            active--;
            pump();
          }, reject);
      }
    };
    pump();
  });
  return { results, pages, overLimit, siteBaseOrigin };
}

function getCrawl() {
  crawl ??= runCrawl(server.origin);
  return crawl;
}

test('crawl: every internal link and asset answers 200', { timeout: 600_000 }, async () => {
  const { results, pages, overLimit } = await getCrawl();
  const broken = [];
  for (const [url, r] of results) {
    if (r.status === 200) continue;
    const from = r.from.length
      ? r.from.map((f) => `found on ${f.page} in ${f.where}${f.raw !== pathOf(url) ? ` as "${f.raw}"` : ''}`).join('\n      ')
      : 'start page';
    broken.push(`${r.status} ${pathOf(url)}\n      ${from}`);
  }
  console.log(`crawl: ${pages.size} HTML pages, ${results.size} URLs checked`);
  assert.ok(!overLimit, `the crawl stopped at HUONG_CRAWL_LIMIT=${LIMIT} URLs`);
  if (broken.length) assert.fail(`${broken.length} broken internal link(s):\n  ${broken.join('\n  ')}`);
});

test('crawl: every page has the language switcher, canonical and hreflang alternates', { timeout: 600_000 }, async () => {
  const { pages } = await getCrawl();
  const local = server.origin;
  const problems = [];
  for (const [url, html] of pages) {
    if (/\/404\.html$/.test(new URL(url).pathname)) continue;
    const p = [];
    const lang = htmlLang(html);
    if (!lang) p.push('<html> has no lang attribute');

    const canonical = canonicalHref(html);
    if (!canonical) p.push('no <link rel="canonical">');
    else if (!originOf(canonical)) p.push(`<link rel="canonical" href="${canonical}"> is not an absolute http(s) URL`);
    const baseOrigin = originOf(canonical ?? '');

    const alts = alternates(html);
    const altByLang = new Map();
    for (const a of alts) {
      if (!originOf(a.href)) p.push(`<link rel="alternate" hreflang="${a.hreflang}" href="${a.href}"> is not an absolute http(s) URL`);
      altByLang.set(a.hreflang, a.href);
    }
    const sw = languageSwitcher(html);
    // x-default only means something when there are versions to choose between.
    if (sw && sw.links.length > 0 && !altByLang.has('x-default')) p.push('no <link rel="alternate" hreflang="x-default">');
    if (!sw) {
      p.push('no <nav class="language-switcher">');
    } else {
      const langs = [];
      if (sw.current.length !== 1) p.push(`the switcher has ${sw.current.length} <span aria-current="true">, expected 1`);
      for (const c of sw.current) {
        langs.push(c.lang);
        if (c.lang !== lang) p.push(`the switcher's current language <span aria-current="true" lang="${c.lang}"> differs from <html lang="${lang}">`);
      }
      for (const l of sw.links) {
        langs.push(l.hreflang);
        if (!l.hreflang || l.lang !== l.hreflang) p.push(`switcher link ${l.href}: lang="${l.lang}" and hreflang="${l.hreflang}" must both be set and equal`);
        const name = LANGUAGE_NAMES[l.hreflang];
        if (!l.text) p.push(`switcher link ${l.href} has no text`);
        else if (name && l.text.normalize('NFC') !== name.normalize('NFC')) p.push(`switcher link ${l.href} reads "${l.text}", expected "${name}"`);
        if (!altByLang.has(l.hreflang)) {
          p.push(`switcher links to hreflang="${l.hreflang}" but there is no <link rel="alternate" hreflang="${l.hreflang}">`);
        } else {
          const viaLink = toLocal(l.href ?? '', url, { localOrigin: local, baseOrigin });
          const viaAlt = toLocal(altByLang.get(l.hreflang), url, { localOrigin: local, baseOrigin });
          if (viaLink && viaAlt && pathOf(viaLink) !== pathOf(viaAlt)) {
            p.push(`switcher link hreflang="${l.hreflang}" goes to ${pathOf(viaLink)} but the alternate link to ${pathOf(viaAlt)}`);
          }
        }
      }
      for (const u of sw.unavailable) {
        langs.push(u.lang);
        if (!u.lang) p.push('a <span class="unavailable"> in the switcher has no lang');
        else if (altByLang.has(u.lang)) p.push(`the switcher marks "${u.lang}" unavailable but there is a <link rel="alternate" hreflang="${u.lang}">`);
      }
      const dup = langs.filter((l, i) => langs.indexOf(l) !== i);
      if (dup.length) p.push(`the switcher lists ${[...new Set(dup)].join(', ')} more than once`);
      for (const l of Object.keys(HOMES)) if (!langs.includes(l)) p.push(`the switcher does not mention "${l}" (link, current or unavailable)`);
    }
    if (p.length) problems.push(`${pathOf(url)}:\n      ${p.join('\n      ')}`);
  }
  if (problems.length) assert.fail(`${problems.length} page(s) break the contract:\n  ${problems.join('\n  ')}`);
});

// What `script-src 'self'; style-src 'self'` forbids, found in the markup of one page.
// Returns ["line N: <tag ...>: why"].
function inlineCodeProblems(html) {
  const lineOf = (offset) => html.slice(0, offset).split('\n').length;
  const problems = [];
  for (const tag of startTags(html)) {
    const at = `line ${lineOf(tag.start)}: ${html.slice(tag.start, Math.min(tag.end, tag.start + 120)).replace(/\s+/g, ' ')}`;
    const a = tag.attrs;
    if (tag.name === 'script' && !(a.src ?? '').trim() && (a.type ?? '').trim().toLowerCase() !== 'application/ld+json') {
      problems.push(`${at}: inline <script> (script-src 'self' blocks it; move the code to a .js file loaded with src, or use type="application/ld+json" for data)`);
    }
    if (tag.name === 'style') problems.push(`${at}: <style> element (style-src 'self' blocks it; move the rules to the stylesheet)`);
    for (const name of Object.keys(a)) {
      if (/^on[a-z]/.test(name)) problems.push(`${at}: event-handler attribute ${name}= (script-src 'self' blocks it; use addEventListener in a .js file)`);
    }
    if (Object.hasOwn(a, 'style')) problems.push(`${at}: style= attribute (style-src 'self' blocks it; use a class in the stylesheet)`);
    for (const name of ['href', 'src', 'action', 'formaction']) {
      if (/^\s*javascript:/i.test(a[name] ?? '')) problems.push(`${at}: javascript: URL in ${name}= (script-src 'self' blocks it)`);
    }
  }
  return problems;
}

// Every *.html file under `dir`, as paths relative to it with "/" separators.
function htmlFiles(dir, prefix = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...htmlFiles(dir, rel));
    else if (e.isFile() && /\.html?$/i.test(e.name)) out.push(rel);
  }
  return out;
}

test('crawl: no inline script, event handler, style attribute or <style> on any page (strict CSP)', { timeout: 600_000 }, async () => {
  const { pages } = await getCrawl();
  const problems = [];
  const crawledFiles = new Set();
  for (const [url, html] of pages) {
    let rel = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    crawledFiles.add(rel);
    const p = inlineCodeProblems(html);
    if (p.length) problems.push(`${pathOf(url)}:\n      ${p.join('\n      ')}`);
  }
  // Pages no link leads to (the 404 pages, alias redirects...) are served too: read them from disk.
  const rest = htmlFiles(publicDir()).filter((rel) => !crawledFiles.has(rel));
  for (const rel of rest) {
    const p = inlineCodeProblems(fs.readFileSync(path.join(publicDir(), rel), 'utf8'));
    if (p.length) problems.push(`${rel} (file, not linked):\n      ${p.join('\n      ')}`);
  }
  console.log(`csp markup: ${pages.size} crawled HTML pages and ${rest.length} other .html file(s) checked${rest.length ? `: ${rest.slice(0, 10).join(', ')}${rest.length > 10 ? ', …' : ''}` : ''}`);
  if (problems.length) assert.fail(`${problems.length} page(s) with markup a strict Content-Security-Policy blocks:\n  ${problems.join('\n  ')}`);
});

test('robots.txt and sitemap.xml answer 200 and every sitemap <loc> answers 200', { timeout: 600_000 }, async () => {
  const local = server.origin;
  const { siteBaseOrigin } = await getCrawl();
  const problems = [];

  const robots = await fetch(new URL('/robots.txt', local), { signal: AbortSignal.timeout(30_000) });
  const robotsText = await robots.text();
  if (robots.status !== 200) problems.push(`/robots.txt answered ${robots.status}`);
  const sitemaps = new Set(['/sitemap.xml']);
  if (robots.status === 200) {
    for (const m of robotsText.matchAll(/^\s*sitemap\s*:\s*(\S+)/gim)) {
      const u = toLocal(m[1], local + '/', { localOrigin: local, baseOrigin: originOf(m[1]) });
      if (u) sitemaps.add(pathOf(u));
    }
  }

  const locs = new Map(); // local url -> sitemap it was listed in
  const done = new Set();
  const todo = [...sitemaps];
  while (todo.length) {
    const sm = todo.shift();
    if (done.has(sm)) continue;
    done.add(sm);
    const res = await fetch(new URL(sm, local), { signal: AbortSignal.timeout(30_000) });
    const xml = await res.text();
    if (res.status !== 200) {
      problems.push(`${sm} answered ${res.status}`);
      continue;
    }
    const isIndex = /<sitemapindex[\s>]/.test(xml);
    const found = [...xml.matchAll(/<loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/loc>/g)].map((m) => decodeEntities(m[1].trim()));
    if (found.length === 0 && !isIndex) problems.push(`${sm} lists no <loc>`);
    for (const loc of found) {
      const origin = originOf(loc);
      if (!origin) {
        problems.push(`${sm}: <loc>${loc}</loc> is not an absolute http(s) URL`);
        continue;
      }
      if (siteBaseOrigin && origin !== siteBaseOrigin) problems.push(`${sm}: <loc>${loc}</loc> is not on the site's origin ${siteBaseOrigin}`);
      const u = toLocal(loc, loc, { localOrigin: local, baseOrigin: origin });
      if (isIndex) todo.push(pathOf(u));
      else if (!locs.has(u.href)) locs.set(u.href, { sm, loc });
    }
  }

  const entries = [...locs];
  for (let i = 0; i < entries.length; i += CONCURRENCY) {
    await Promise.all(
      entries.slice(i, i + CONCURRENCY).map(async ([url, { sm, loc }]) => {
        const r = await fetchPage(url, { method: 'HEAD' }).catch((err) => ({ status: `fetch failed: ${err.message}` }));
        if (r.status !== 200) problems.push(`${r.status} ${loc} (listed in ${sm})`);
      }),
    );
  }
  console.log(`sitemap: ${locs.size} <loc> checked`);
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
});
