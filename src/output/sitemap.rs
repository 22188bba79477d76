//! `/sitemap.xml`: every page, section and taxonomy page of every language, each with
//! `xhtml:link` alternates for its translations and `x-default` (the default language's version).

use crate::model::Site;
use crate::model::page::Item;
use crate::output::{Artifact, escape_xml};
use crate::render::term_versions;

/// One `<url>`: its path, `<lastmod>`, and every language version as `(lang, path)`.
struct Entry {
    url: String,
    lastmod: Option<String>,
    versions: Vec<(String, String)>,
}

pub fn render_sitemap(site: &Site) -> Artifact {
    let config = &site.config;
    let mut entries: Vec<Entry> = Vec::new();
    // Stand-ins are left out: their canonical URL is the original's.
    let items = (0..site.sections.len()).map(Item::Section).chain(
        (0..site.pages.len())
            .filter(|id| !site.pages[*id].stand_in)
            .map(Item::Page),
    );
    for item in items {
        let versions: Vec<(String, String)> = site
            .translations(item)
            .iter()
            .map(|other| {
                (
                    site.item_lang(*other).to_string(),
                    site.item_url(*other).to_string(),
                )
            })
            .collect();
        let lastmod = match item {
            Item::Page(id) => {
                let front = &site.pages[id].front;
                front.updated.or(front.date).map(|d| d.ymd())
            }
            Item::Section(_) => None,
        };
        entries.push(Entry {
            url: site.item_url(item).to_string(),
            lastmod,
            versions,
        });
    }
    for taxonomy in &site.taxonomies {
        let versions: Vec<(String, String)> = site
            .taxonomies
            .iter()
            .filter(|t| t.name == taxonomy.name)
            .map(|t| (t.lang.clone(), t.url.clone()))
            .collect();
        entries.push(Entry {
            url: taxonomy.url.clone(),
            lastmod: None,
            versions,
        });
        for term in taxonomy.terms.values() {
            entries.push(Entry {
                url: term.url.clone(),
                lastmod: None,
                versions: term_versions(site, taxonomy, term),
            });
        }
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
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
            escape_xml(&config.absolute_url(&url))
        ));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        if versions.len() > 1 {
            let mut alternates = versions.clone();
            if let Some((_, default_url)) = versions
                .iter()
                .find(|(lang, _)| *lang == config.default_language)
            {
                alternates.push(("x-default".to_string(), default_url.clone()));
            }
            for (lang, href) in alternates {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape_xml(&lang),
                    escape_xml(&config.absolute_url(&href))
                ));
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    Artifact::bytes("sitemap.xml", "(generated sitemap.xml)", xml)
}
