//! Small signatures of the model, computed in a few milliseconds for the whole site, by which
//! `serve` decides what it can reuse from the previous rebuild (never by building a document's
//! context to compare it). `build` computes none.
//! - `links`: templates, UI strings, configuration, and every URL, translation group, stand-in
//!   and draft. A Markdown body depends on these and on its own text only.
//! - `shape`: `links` and what many documents show: section titles and menu order, the page
//!   template of each section, taxonomy terms and their counterparts in other languages, every
//!   record (templates list them), and the day (a schedule's next date).
//! - per page: its URL and the texts of its translation group (a translation inherits dates,
//!   weight and `extra` from its original); per section: the same with its `_index` files.
//!
//! How documents are keyed from these is `render::cache`'s business; `tests/incremental.rs`
//! checks, over random sequences of edits, that a cached rebuild always equals a clean build.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3Default;

use crate::load::content::ContentFile;
use crate::load::front_matter::Date;
use crate::load::templates::Templates;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::model::page::Item;

/// See the module documentation.
pub struct Signatures {
    pub links: u64,
    pub(crate) shape: u64,
    pub(crate) pages: Vec<u64>,
    pub(crate) sections: Vec<u64>,
}

impl Signatures {
    pub fn new(site: &Site, theme: &Theme, templates: &Templates) -> Signatures {
        let mut links = Xxh3Default::new();
        for template in &theme.templates {
            (&template.name, &*template.source.text).hash(&mut links);
        }
        // A page links to the static files its templates name by their bytes' hashes.
        templates.asset_urls().sorted().hash(&mut links);
        for locale in &theme.locales {
            (&locale.lang, &*locale.source.text).hash(&mut links);
        }
        format!("{:?}", site.config).hash(&mut links);
        for page in site.page_ids().map(|id| site.page(id)) {
            let page_fields = (&page.file.key, &page.lang, &page.url, &page.group);
            (page_fields, page.stand_in).hash(&mut links);
        }
        for section in &site.sections {
            (&section.dir, &section.lang, &section.url).hash(&mut links);
        }
        for asset in &site.assets {
            (&asset.rel, &asset.to).hash(&mut links);
        }
        site.drafts.hash(&mut links);
        let links = links.finish();

        let mut shape = Xxh3Default::new();
        links.hash(&mut shape);
        for section in &site.sections {
            let menu = (&section.title, section.parent, &section.subsections);
            (menu, &section.front.page_template).hash(&mut shape);
        }
        for taxonomy in &site.taxonomies {
            (&taxonomy.name, &taxonomy.lang, &taxonomy.url).hash(&mut shape);
            for term in taxonomy.terms.values() {
                (&term.slug, &term.name, &term.url, &term.counterparts).hash(&mut shape);
            }
        }
        // Any document may list records (`records()`, `occurrences()`) or show the ones a
        // record refers to, and "next" depends on the day: a record's edit re-renders all.
        (site.today, site.window).hash(&mut shape);
        for page in site.page_ids().map(|id| site.page(id)) {
            if let Some(record) = page.record.as_deref() {
                (&page.title, &page.url, format!("{record:?}")).hash(&mut shape);
            }
        }
        let shape = shape.finish();

        // The texts an item's values come from: its own and its translations'.
        let group = |item: Item, url: &str, own: Option<&ContentFile>| {
            let mut hasher = Xxh3Default::new();
            (url, own.map(|f| f.digest)).hash(&mut hasher);
            for other in site.translations(item) {
                match *other {
                    Item::Page(id) => Some(site.page(id).file.digest),
                    Item::Section(id) => site.sections[id].file.as_ref().map(|f| f.digest),
                }
                .hash(&mut hasher);
            }
            hasher.finish()
        };
        Signatures {
            links,
            shape,
            pages: site
                .page_ids()
                .map(|id| {
                    let page = &site.page(id);
                    group(Item::Page(id), &page.url, Some(&page.file))
                })
                .collect(),
            sections: (0..site.sections.len())
                .map(|id| {
                    let section = &site.sections[id];
                    group(Item::Section(id), &section.url, section.file.as_deref())
                })
                .collect(),
        }
    }

    /// The key under which the sitemap is kept: it shows every URL and translation (`shape`),
    /// every page's dates, and for each tag page the newest of its pages'.
    pub(crate) fn sitemap_key(&self, site: &Site) -> u64 {
        let mut hasher = Xxh3Default::new();
        (self.shape, "sitemap").hash(&mut hasher);
        for page in site.page_ids().map(|id| site.page(id)) {
            let (date, updated) = (page.front.date, page.front.updated);
            (date.map(Date::as_written), updated.map(Date::as_written)).hash(&mut hasher);
        }
        for term in site.taxonomies.iter().flat_map(|t| t.terms.values()) {
            site.last_changed(term.pages.iter().copied())
                .map(Date::as_written)
                .hash(&mut hasher);
        }
        hasher.finish()
    }
}
