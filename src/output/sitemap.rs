//! `/sitemap.xml`: every page, section and taxonomy page of every language, each with
//! `xhtml:link` alternates for its translations and `x-default` (the default language's version).

use crate::artifact::Artifact;
use crate::model::Site;
use crate::model::page::Item;
use crate::text::escape::escape_xml;

/// One `<url>`: its path, `<lastmod>`, and every language version as `(lang, path)`.
struct Entry<'a> {
    url: &'a str,
    lastmod: Option<String>,
    versions: Vec<(String, String)>,
}

pub fn render_sitemap(site: &Site) -> Artifact {
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
            url: site.item_url(item),
            lastmod,
            versions,
        });
    }
    for taxonomy in &site.taxonomies {
        entries.push(Entry {
            url: &taxonomy.url,
            lastmod: site.last_changed(taxonomy.pages()).map(|d| d.ymd()),
            versions: site.taxonomy_versions(taxonomy),
        });
        for term in taxonomy.terms.values() {
            entries.push(Entry {
                url: &term.url,
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
            url,
            lastmod: None,
            versions: data_pages.clone(),
        });
    }
    entries.sort_by(|a, b| a.url.cmp(b.url));
    entries.dedup_by(|a, b| a.url == b.url);

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
            escape_xml(&config.absolute_url(url))
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
    Artifact::bytes("sitemap.xml", "(generated sitemap.xml)", xml)
}
