//! `/sitemap.xml`: every page, section and taxonomy page of every language, each with
//! `xhtml:link` alternates for its translations and `x-default` (the default language's version).
//! The sitemaps protocol allows 50,000 URLs a file: a larger site gets `sitemap1.xml`,
//! `sitemap2.xml`... and `/sitemap.xml` becomes their index, as Zola does.

use std::borrow::Cow;

use crate::artifact::Artifact;
use crate::model::Site;
use crate::model::page::Item;
use crate::text::escape::escape_xml;

/// The most URLs one sitemap file may list (the sitemaps protocol's limit).
pub const URLS_PER_FILE: usize = 50_000;

/// One `<url>`: its path, `<lastmod>`, and every language version as `(lang, path)`.
struct Entry<'a> {
    /// Borrowed from the site, but for the data pages' URLs, made here.
    url: Cow<'a, str>,
    lastmod: Option<String>,
    versions: Vec<(String, String)>,
}

/// The sitemap files: `sitemap.xml` alone, or with more than `urls_per_file` URLs (in `build`,
/// [`URLS_PER_FILE`]), `sitemap1.xml`, `sitemap2.xml`... and `sitemap.xml` listing them.
pub fn render_sitemaps(site: &Site, urls_per_file: usize) -> Vec<Artifact> {
    let entries = entries(site);
    if entries.len() <= urls_per_file {
        return vec![urlset(site, "sitemap.xml", entries)];
    }
    let mut parts = Vec::new();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let name = format!("sitemap{}.xml", parts.len() + 1);
        parts.push(urlset(
            site,
            &name,
            entries.by_ref().take(urls_per_file).collect(),
        ));
    }
    let index = sitemap_index(site, parts.len());
    parts.push(index);
    parts
}

/// `sitemap.xml` as the index of `parts` files `sitemap1.xml`, `sitemap2.xml`...
fn sitemap_index(site: &Site, parts: usize) -> Artifact {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for number in 1..=parts {
        let url = site.config.absolute_url(&format!("/sitemap{number}.xml"));
        xml.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            escape_xml(&url)
        ));
    }
    xml.push_str("</sitemapindex>\n");
    Artifact::bytes("sitemap.xml", "(generated sitemap.xml)", xml)
}

/// Every URL of the site, sorted, once each.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let config = &site.config;
    let mut entries: Vec<Entry> = Vec::new();
    // Stand-ins are left out: their canonical URL is the original's.
    let items = (0..site.sections.len())
        .map(Item::Section)
        .chain((0..site.pages().len()).map(Item::Page));
    for item in items {
        let versions = site.versions(item);
        let lastmod = match item {
            Item::Page(id) => site.page(id).last_changed().map(|d| d.ymd()),
            Item::Section(_) => None,
        };
        entries.push(Entry {
            url: Cow::Borrowed(site.item_url(item)),
            lastmod,
            versions,
        });
    }
    for taxonomy in &site.taxonomies {
        entries.push(Entry {
            url: Cow::Borrowed(&taxonomy.url),
            lastmod: site.last_changed(taxonomy.pages()).map(|d| d.ymd()),
            versions: site.taxonomy_versions(taxonomy),
        });
        for term in taxonomy.terms.values() {
            entries.push(Entry {
                url: Cow::Borrowed(&term.url),
                lastmod: site
                    .last_changed(term.pages.iter().copied())
                    .map(|d| d.ymd()),
                versions: site.term_versions(taxonomy, term),
            });
        }
    }
    let data_pages: Vec<(String, String)> = config
        .languages
        .iter()
        .filter_map(|l| Some((l.code.clone(), site.data_page(&l.code)?)))
        .collect();
    for (_, url) in &data_pages {
        entries.push(Entry {
            url: Cow::Owned(url.clone()),
            lastmod: None,
            versions: data_pages.clone(),
        });
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    entries.dedup_by(|a, b| a.url == b.url);
    entries
}

/// A sitemap file `name` listing `entries`.
fn urlset(site: &Site, name: &str, entries: Vec<Entry>) -> Artifact {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for Entry {
        url,
        lastmod,
        versions,
    } in entries
    {
        xml.push_str("  <url>\n");
        xml.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape_xml(&config.absolute_url(&url))
        ));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        // A page in one language has no alternates to list.
        let alternates = if versions.len() > 1 {
            site.alternates(&versions)
        } else {
            Vec::new()
        };
        for (lang, href) in alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&lang),
                escape_xml(&config.absolute_url(&href))
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    Artifact::bytes(name, format!("(generated {name})"), xml)
}
