//! Atom feeds: `atom.xml` at each language's root, and in each term of a taxonomy with
//! `feed = true`. Entries are the newest dated pages; the feed's own date is its newest entry's.

use crate::artifact::Artifact;
use crate::markdown::Bodies;
use crate::model::Site;
use crate::model::page::PageId;
use crate::text::escape::escape_xml;

const FEED_LENGTH: usize = 20;

/// One feed: its title, the URL it lists, its language and the pages it may show.
struct Feed<'a> {
    title: String,
    url: String,
    lang: &'a str,
    pages: Vec<PageId>,
}

/// The site's feeds, each with every page it may show.
fn feeds(site: &Site) -> Vec<Feed<'_>> {
    let mut feeds = Vec::new();
    for language in &site.config.languages {
        feeds.push(Feed {
            title: language.title.clone(),
            url: language.root_path(),
            lang: &language.code,
            pages: site.pages_in(&language.code).collect(),
        });
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.feed) {
        let site_title = site
            .config
            .language(&taxonomy.lang)
            .map_or("", |l| l.title.as_str());
        for term in taxonomy.terms.values() {
            feeds.push(Feed {
                title: format!("{} – {}", site_title, term.name),
                url: term.url.clone(),
                lang: &taxonomy.lang,
                pages: term.pages.clone(),
            });
        }
    }
    feeds
}

/// Every feed of the site. `build_time` (RFC 3339) dates a feed that has no dated entry.
pub fn render_feeds(site: &Site, bodies: &Bodies, build_time: &str) -> Vec<Artifact> {
    feeds(site)
        .into_iter()
        .map(|feed| render_feed(site, bodies, feed, build_time))
        .collect()
}

/// Whether a feed shows each page (by id), and so reads its whole body.
pub fn feed_pages(site: &Site) -> Vec<bool> {
    let mut shown = vec![false; site.page_ids().len()];
    for feed in feeds(site) {
        for id in newest(site, feed.pages) {
            shown[id] = true;
        }
    }
    shown
}

/// The newest dated pages of `pages`, as many as a feed shows.
fn newest(site: &Site, mut pages: Vec<PageId>) -> Vec<PageId> {
    pages.retain(|id| site.page(*id).front.date.is_some());
    pages.sort_by(|a, b| {
        let (pa, pb) = (&site.page(*a), &site.page(*b));
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.file.rel.cmp(&pb.file.rel))
    });
    pages.truncate(FEED_LENGTH);
    pages
}

fn render_feed(site: &Site, bodies: &Bodies, feed: Feed, build_time: &str) -> Artifact {
    let Feed {
        title,
        url,
        lang,
        pages,
    } = feed;
    let pages = newest(site, pages);
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
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&title)));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&feed_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&site.config.absolute_url(&url))
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
            escape_xml(&title)
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
