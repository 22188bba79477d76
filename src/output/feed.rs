//! Atom feeds: `atom.xml` at each language's root, and in each term of a taxonomy with
//! `feed = true`. Entries are the newest dated pages; the feed's own date is its newest entry's.

use crate::artifact::Artifact;
use crate::markdown::Bodies;
use crate::model::Site;
use crate::model::page::PageId;
use crate::text::escape::escape_xml;

const FEED_LENGTH: usize = 20;

/// Every feed of the site. `build_time` (RFC 3339) dates a feed that has no dated entry.
pub fn render_feeds(site: &Site, bodies: &Bodies, build_time: &str) -> Vec<Artifact> {
    let mut feeds = Vec::new();
    for language in &site.config.languages {
        let title = &language.title;
        let pages: Vec<PageId> = site.pages_in(&language.code).collect();
        let root = language.root_path();
        feeds.push(render_feed(
            site,
            bodies,
            title,
            &root,
            &language.code,
            pages,
            build_time,
        ));
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.feed) {
        let site_title = site
            .config
            .language(&taxonomy.lang)
            .map_or("", |l| l.title.as_str());
        for term in taxonomy.terms.values() {
            let title = format!("{} – {}", site_title, term.name);
            feeds.push(render_feed(
                site,
                bodies,
                &title,
                &term.url,
                &taxonomy.lang,
                term.pages.clone(),
                build_time,
            ));
        }
    }
    feeds
}

fn render_feed(
    site: &Site,
    bodies: &Bodies,
    title: &str,
    url: &str,
    lang: &str,
    mut pages: Vec<PageId>,
    build_time: &str,
) -> Artifact {
    pages.retain(|id| site.page(*id).front.date.is_some());
    pages.sort_by(|a, b| {
        let (pa, pb) = (&site.page(*a), &site.page(*b));
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.file.rel.cmp(&pb.file.rel))
    });
    pages.truncate(FEED_LENGTH);
    let feed_url = site.config.absolute_url(&format!("{url}atom.xml"));
    let updated = site
        .last_changed(pages.iter().copied())
        .map_or_else(|| build_time.to_string(), |date| date.to_rfc3339());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(lang)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(title)));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&feed_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&site.config.absolute_url(url))
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape_xml(&feed_url)));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str("  <generator>huong</generator>\n");
    for id in pages {
        let page = &site.page(id);
        let permalink = site.config.absolute_url(&page.url);
        let published = page.front.date.map(|d| d.to_rfc3339()).unwrap_or_default();
        let updated = page
            .last_changed()
            .map(|d| d.to_rfc3339())
            .unwrap_or_default();
        let body = &bodies.pages[id];
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&page.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&permalink)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape_xml(&permalink)));
        xml.push_str(&format!("    <published>{published}</published>\n"));
        xml.push_str(&format!("    <updated>{updated}</updated>\n"));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape_xml(title)
        ));
        if let Some(summary) = body.summary.as_ref().or(page.front.description.as_ref()) {
            xml.push_str(&format!(
                "    <summary type=\"html\">{}</summary>\n",
                escape_xml(summary)
            ));
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape_xml(&body.html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Artifact::bytes(
        format!("{}atom.xml", url.trim_start_matches('/')),
        format!("(feed {url}atom.xml)"),
        xml,
    )
}
