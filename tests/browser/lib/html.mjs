// A deliberately tiny HTML reader for the crawl: start tags, their attributes,
// the text of simple elements. It is not a full parser; it is good enough for
// the markup a static site generator writes (quoted or bare attribute values,
// comments, <script>/<style> bodies that must not be mistaken for markup).

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch {
        return m;
      }
    }
    return Object.hasOwn(NAMED, e.toLowerCase()) ? NAMED[e.toLowerCase()] : m;
  });
}

/** Blank out comments and the bodies of script/style/template, keeping offsets. */
export function stripNonMarkup(html) {
  const blank = (m) => m.replace(/[^\n]/g, ' ');
  return html
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(<(script|style|template)\b[^>]*>)([\s\S]*?)(<\/\2\s*>)/gi, (m, open, _n, body, close) => open + blank(body) + close);
}

const TAG_RE = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR_RE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function parseAttrs(s) {
  const attrs = {};
  for (const m of (s || '').matchAll(ATTR_RE)) {
    const name = m[1].toLowerCase();
    if (Object.hasOwn(attrs, name)) continue; // first one wins, as in browsers
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** All start tags: [{ name, attrs, start, end }] (end = offset after the ">"). */
export function startTags(html) {
  const src = stripNonMarkup(html);
  const tags = [];
  for (const m of src.matchAll(TAG_RE)) {
    tags.push({ name: m[1].toLowerCase(), attrs: parseAttrs(m[2]), start: m.index, end: m.index + m[0].length });
  }
  return tags;
}

/** Plain text between `fromOffset` and the next closing tag `</name>`. */
export function textUntilClose(html, name, fromOffset) {
  const re = new RegExp(`</${name}\\s*>`, 'gi');
  re.lastIndex = fromOffset;
  const m = re.exec(html);
  const inner = html.slice(fromOffset, m ? m.index : html.length);
  return decodeEntities(inner.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

export function hasClass(tag, cls) {
  return (tag.attrs.class || '').split(/\s+/).includes(cls);
}

/** The lang attribute of <html>, or null. */
export function htmlLang(html) {
  const tag = startTags(html).find((t) => t.name === 'html');
  return tag && Object.hasOwn(tag.attrs, 'lang') ? tag.attrs.lang : null;
}

function relTokens(tag) {
  return (tag.attrs.rel || '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** <link rel="canonical" href> (raw value) or null. */
export function canonicalHref(html) {
  const tag = startTags(html).find((t) => t.name === 'link' && relTokens(t).includes('canonical'));
  return tag ? tag.attrs.href ?? null : null;
}

/** [{ hreflang, href }] of <link rel="alternate" hreflang>. */
export function alternates(html) {
  return startTags(html)
    .filter((t) => t.name === 'link' && relTokens(t).includes('alternate') && t.attrs.hreflang !== undefined)
    .map((t) => ({ hreflang: t.attrs.hreflang, href: t.attrs.href ?? '' }));
}

function srcsetUrls(srcset) {
  return srcset
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0])
    .filter(Boolean);
}

/**
 * Every URL the page refers to, raw (unresolved):
 *   kind 'page'  : <a href>, <area href>, <link rel=alternate hreflang href>, <link rel=canonical href>
 *                  (these are crawled further when they are HTML)
 *   kind 'asset' : <link href> of other rels (stylesheet, icon, preload, manifest...),
 *                  src of img/script/source/iframe/video/audio/track/embed, srcset, <video poster>
 *                  (only checked for status 200)
 * [{ kind, url, where }]   where = a short description of the tag, for reports.
 */
export function references(html) {
  const out = [];
  for (const t of startTags(html)) {
    const a = t.attrs;
    if ((t.name === 'a' || t.name === 'area') && a.href !== undefined) {
      out.push({ kind: 'page', url: a.href, where: `<${t.name} href>` });
    } else if (t.name === 'link' && a.href !== undefined) {
      const rel = relTokens(t);
      if (rel.includes('alternate') && a.hreflang !== undefined) {
        out.push({ kind: 'page', url: a.href, where: `<link rel=alternate hreflang=${a.hreflang}>` });
      } else if (rel.includes('canonical')) {
        out.push({ kind: 'page', url: a.href, where: '<link rel=canonical>' });
      } else if (rel.some((r) => ['stylesheet', 'icon', 'apple-touch-icon', 'preload', 'modulepreload', 'manifest', 'mask-icon'].includes(r))) {
        out.push({ kind: 'asset', url: a.href, where: `<link rel=${rel.join(' ')}>` });
      }
    } else if (['img', 'script', 'source', 'iframe', 'video', 'audio', 'track', 'embed'].includes(t.name)) {
      if (a.src) out.push({ kind: 'asset', url: a.src, where: `<${t.name} src>` });
      if (a.srcset) for (const u of srcsetUrls(a.srcset)) out.push({ kind: 'asset', url: u, where: `<${t.name} srcset>` });
      if (t.name === 'video' && a.poster) out.push({ kind: 'asset', url: a.poster, where: '<video poster>' });
    }
  }
  return out;
}

/**
 * The language switcher: the first <nav class="... language-switcher ...">.
 * Returns null when there is none, else
 *   { links: [{ href, lang, hreflang, text }],
 *     current: [{ lang, text }]       (<span aria-current="true">),
 *     unavailable: [{ lang, text }] } (<span class="unavailable">)
 */
export function languageSwitcher(html) {
  const src = stripNonMarkup(html);
  const tags = startTags(html);
  const nav = tags.find((t) => t.name === 'nav' && hasClass(t, 'language-switcher'));
  if (!nav) return null;
  const closeRe = /<\/nav\s*>/gi;
  closeRe.lastIndex = nav.end;
  const close = closeRe.exec(src);
  const stop = close ? close.index : src.length;
  const inside = tags.filter((t) => t.start >= nav.end && t.start < stop);
  const result = { links: [], current: [], unavailable: [] };
  for (const t of inside) {
    if (t.name === 'a') {
      result.links.push({ href: t.attrs.href, lang: t.attrs.lang, hreflang: t.attrs.hreflang, text: textUntilClose(src, 'a', t.end) });
    } else if (t.name === 'span' && t.attrs['aria-current'] === 'true') {
      result.current.push({ lang: t.attrs.lang, text: textUntilClose(src, 'span', t.end) });
    } else if (t.name === 'span' && hasClass(t, 'unavailable')) {
      result.unavailable.push({ lang: t.attrs.lang, text: textUntilClose(src, 'span', t.end) });
    }
  }
  return result;
}
