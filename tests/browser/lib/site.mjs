// Shared helpers: where the site is, how its URLs map to the local server,
// and how the tests find a section page and an article to look at.

import fs from 'node:fs';
import path from 'node:path';
import { alternates, canonicalHref, htmlLang, languageSwitcher } from './html.mjs';

export const HOMES = { vi: '/', en: '/en/' };
export const LANGUAGE_NAMES = { vi: 'Tiếng Việt', en: 'English' };

/** The site folder under test, from HUONG_PUBLIC_DIR (set by run.sh). */
export function publicDir() {
  const dir = process.env.HUONG_PUBLIC_DIR;
  if (!dir) throw new Error('HUONG_PUBLIC_DIR is not set: run the tests with `bash tests/browser/run.sh PUBLIC_DIR`');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html does not exist: is HUONG_PUBLIC_DIR a built site?`);
  return dir;
}

/** Schemes and forms of href that are never followed. Returns a reason or null. */
export function ignoredHref(raw) {
  const href = (raw ?? '').trim();
  if (href === '') return 'empty';
  if (href.startsWith('#')) return 'fragment';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href);
  if (scheme && !['http', 'https'].includes(scheme[1].toLowerCase())) return scheme[1].toLowerCase();
  return null;
}

/** The origin of an absolute URL, or null. */
export function originOf(href) {
  try {
    const u = new URL(href);
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Resolve `raw` (an href found on the page at `pageUrl`) and map it to the
 * local server. The site's own absolute URLs start with its base_url, whose
 * origin is `baseOrigin` (read from the page's canonical link): that origin is
 * replaced by `localOrigin`. Returns a URL without fragment, or null when the
 * href is ignored (mailto:, tel:, #fragment...) or points to another host.
 */
export function toLocal(raw, pageUrl, { localOrigin, baseOrigin }) {
  if (ignoredHref(raw)) return null;
  let u;
  try {
    u = new URL(raw.trim(), pageUrl);
  } catch {
    return null;
  }
  if (u.origin !== localOrigin) {
    if (!baseOrigin || u.origin !== baseOrigin) return null;
    u = new URL(u.pathname + u.search, localOrigin);
  }
  u.hash = '';
  return u;
}

/** pathname + search of a URL, the part that identifies a page on the local server. */
export function pathOf(u) {
  const url = typeof u === 'string' ? new URL(u) : u;
  return url.pathname + url.search;
}

/** GET with node's fetch; returns { status, contentType, html (only for HTML), url }. */
export async function fetchPage(url, { method = 'GET' } = {}) {
  const res = await fetch(url, { method, redirect: 'follow', signal: AbortSignal.timeout(30_000) });
  const contentType = res.headers.get('content-type') || '';
  const isHtml = /^text\/html\b/i.test(contentType);
  let html = null;
  if (method === 'GET' && isHtml) html = await res.text();
  else await res.body?.cancel();
  return { status: res.status, contentType, isHtml, html, url: res.url };
}

/** The site's base_url origin as written in a page's <link rel=canonical>, or null. */
export function baseOriginOf(html) {
  const c = html && canonicalHref(html);
  return c ? originOf(c) : null;
}

/**
 * Find, for the home page of `lang`, a section page (first link of
 * `nav.site-nav` that stays in that language and is not the home page) and
 * ranked article candidates (links inside `main article` or `main li` of the
 * section page). Uses the browser for the DOM (`page`, with routing already
 * set up) and node's fetch to look at candidates.
 *
 * Returns { lang, home, section, articles: [{ url, isArticle, translations }] }
 * with local absolute URLs (strings); section may be null, articles may be [].
 */
export async function discover(page, localOrigin, lang) {
  const home = new URL(HOMES[lang], localOrigin).href;
  const homeRes = await fetchPage(home);
  if (homeRes.status !== 200 || !homeRes.html) throw new Error(`${home} answered ${homeRes.status} (${homeRes.contentType})`);
  const baseOrigin = baseOriginOf(homeRes.html);
  const map = (raw, at) => toLocal(raw, at, { localOrigin, baseOrigin });

  // Home paths of every language, to tell which language a path belongs to:
  // the longest home path that prefixes it.
  const homes = { [lang]: HOMES[lang] };
  for (const alt of alternates(homeRes.html)) {
    const u = alt.hreflang !== 'x-default' && map(alt.href, home);
    if (u) homes[alt.hreflang] = u.pathname;
  }
  for (const [l, p] of Object.entries(HOMES)) homes[l] ??= p;
  const langOfPath = (p) => {
    let best = null;
    for (const [l, h] of Object.entries(homes)) if (p.startsWith(h) && (!best || h.length > homes[best].length)) best = l;
    return best;
  };
  const ownPage = (u) => u && langOfPath(u.pathname) === lang;

  await page.goto(home, { waitUntil: 'load' });
  const navHrefs = await page.$$eval('nav.site-nav a[href]', (as) => as.map((a) => a.getAttribute('href')));
  let section = null;
  for (const raw of navHrefs) {
    const u = map(raw, home);
    if (!ownPage(u) || u.pathname === new URL(home).pathname) continue;
    const r = await fetchPage(u.href);
    if (r.status === 200 && r.isHtml) {
      section = u.href;
      break;
    }
  }
  if (!section) return { lang, home, section: null, articles: [], navHrefs };

  await page.goto(section, { waitUntil: 'load' });
  const hrefs = await page.$$eval('main article a[href], main li a[href]', (as) =>
    as.filter((a) => !a.closest('nav.language-switcher')).map((a) => a.getAttribute('href')),
  );
  const sectionPath = new URL(section).pathname;
  const seen = new Set([new URL(home).pathname, sectionPath]);
  const under = [];
  const others = [];
  for (const raw of hrefs) {
    const u = map(raw, section);
    if (!ownPage(u) || seen.has(pathOf(u))) continue;
    seen.add(pathOf(u));
    (u.pathname.startsWith(sectionPath) ? under : others).push(u.href);
  }
  const articles = [];
  for (const url of [...under, ...others].slice(0, 20)) {
    const r = await fetchPage(url);
    if (r.status !== 200 || !r.html) continue;
    const isArticle = /<article[\s>]/i.test(r.html) || /property=["']?og:type["']?\s+content=["']?article/i.test(r.html);
    const sw = languageSwitcher(r.html);
    articles.push({ url, isArticle, lang: htmlLang(r.html), translations: sw ? sw.links.map((l) => l.hreflang) : [] });
  }
  // Pages that look like articles first, keeping the page order otherwise.
  articles.sort((a, b) => Number(b.isArticle) - Number(a.isArticle));
  return { lang, home, section, articles, navHrefs };
}

/** The taxonomy list page (the tag list) of each language. */
export const TAXONOMY_LISTS = { vi: '/chu-de/', en: '/en/topics/' };
/** A path that does not exist, per language: it must answer that language's 404 page. */
export const MISSING_PATHS = { vi: '/khong-co-trang-nay/', en: '/en/missing-page/' };

// The portal's promotion pages (issue 10): the festival calendar, the monuments by area, the
// investment catalogue, the open-data page, and a record of each kind.
export const PROMOTION_PATHS = {
  vi: {
    calendar: '/le-hoi/',
    places: '/di-san/di-tich/',
    catalogue: '/dau-tu/khu/',
    data: '/data/',
    festival: '/le-hoi/le-hoi-dien-hue-nam/',
    place: '/di-san/di-tich/lang-minh-mang/',
    zone: '/dau-tu/khu/khu-kinh-te-chan-may-lang-co/',
  },
  en: {
    calendar: '/en/festivals/',
    places: '/en/heritage/monuments/',
    catalogue: '/en/investment/zones/',
    data: '/en/data/',
    festival: '/en/festivals/hue-nam-palace-festival/',
    place: '/en/heritage/monuments/tomb-of-minh-mang/',
    zone: '/en/investment/zones/chan-may-lang-co-economic-zone/',
  },
};

/**
 * The taxonomy list of `lang` (TAXONOMY_LISTS) and its first term page: the
 * first link inside <main> of the list page that leads below the list's path.
 * Returns { list, term, problems } (list/term: local URL strings or null).
 */
export async function discoverTaxonomy(page, localOrigin, lang) {
  const list = new URL(TAXONOMY_LISTS[lang], localOrigin).href;
  const problems = [];
  const r = await fetchPage(list);
  if (r.status !== 200 || !r.html) {
    problems.push(`the taxonomy list ${TAXONOMY_LISTS[lang]} answered ${r.status} (${r.contentType})`);
    return { list: null, term: null, problems };
  }
  const baseOrigin = baseOriginOf(r.html);
  await page.goto(list, { waitUntil: 'load' });
  const hrefs = await page.$$eval('main a[href]', (as) =>
    as.filter((a) => !a.closest('nav.language-switcher')).map((a) => a.getAttribute('href')),
  );
  const listPath = new URL(list).pathname;
  let term = null;
  for (const raw of hrefs) {
    const u = toLocal(raw, list, { localOrigin, baseOrigin });
    if (!u || !u.pathname.startsWith(listPath) || u.pathname === listPath) continue;
    term = u.href;
    break;
  }
  if (!term) problems.push(`no term link (a link below ${listPath}) inside <main> of ${listPath} (hrefs: ${JSON.stringify(hrefs.slice(0, 20))})`);
  return { list, term, problems };
}

/**
 * The pages issue 3 audits, for every language: home, a section, an article,
 * the taxonomy list, its first term page and the 404 page (reached through a
 * missing path, so it answers 404). Discovery is derived from the site (see
 * discover() and discoverTaxonomy()).
 *
 * Returns { targets: [{ lang, kind, url, path, status }], problems: [string] }
 * — `problems` says what could not be found (a test should fail on it).
 * @param {import('playwright-core').Page} page a page of a context made with newContext()
 */
export async function auditTargets(page, localOrigin, langs = Object.keys(HOMES)) {
  const targets = [];
  const problems = [];
  const add = (lang, kind, url, status = 200) => targets.push({ lang, kind, url, path: pathOf(url), status });
  for (const lang of langs) {
    const found = await discover(page, localOrigin, lang);
    add(lang, 'home', found.home);
    if (found.section) add(lang, 'section', found.section);
    else problems.push(`${lang}: no usable link in nav.site-nav on ${found.home} (hrefs: ${JSON.stringify(found.navHrefs)})`);
    if (found.articles.length > 0) add(lang, 'article', found.articles[0].url);
    else if (found.section) problems.push(`${lang}: no page linked from "main article a" or "main li a" on ${found.section}`);
    const tax = await discoverTaxonomy(page, localOrigin, lang);
    if (tax.list) add(lang, 'taxonomy', tax.list);
    if (tax.term) add(lang, 'term', tax.term);
    for (const p of tax.problems) problems.push(`${lang}: ${p}`);
    for (const [kind, path] of Object.entries(PROMOTION_PATHS[lang] || {})) {
      add(lang, kind, new URL(path, localOrigin).href);
    }
    add(lang, '404', new URL(MISSING_PATHS[lang], localOrigin).href, 404);
  }
  return { targets, problems };
}
