//! What `serve` keeps between rebuilds, so that one saved file re-renders only what it can have
//! changed. `build` passes no cache and pays nothing for it.
//!
//! Reuse is decided from small signatures of the model, computed in a few milliseconds for the
//! whole site, never by building a document's context to compare it:
//! - `links`: templates, UI strings, configuration, and every URL, translation group, stand-in
//!   and draft. A Markdown body depends on these and on its own text only.
//! - `shape`: `links` and what many documents show: section titles and menu order, the page
//!   template of each section, taxonomy terms and their counterparts in other languages.
//! - per page: its URL and the texts of its translation group (a translation inherits dates,
//!   weight and `extra` from its original); per section: the same with its `_index` files.
//!
//! A document's key joins `shape` with the signatures of what it shows: a page its own, a list
//! the signatures of the pages on it (their order included). So an edit to one article
//! re-renders the article, its translations and the lists it appears on; a change to a title
//! of a section, a URL or a template re-renders everything. `tests/incremental.rs` checks, over
//! random sequences of edits, that a cached rebuild always equals a clean build.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3Default;

use crate::diagnostic::Diagnostic;
use crate::load::content::ContentFile;
use crate::load::theme::Theme;
use crate::model::Site;
use crate::model::page::Item;
use crate::output::Artifact;
use crate::render::markdown::RenderedMarkdown;
use crate::render::{Job, listed};

/// A rendered body, with the digest of the file it was rendered from.
#[derive(Clone)]
pub struct CachedBody {
    pub(crate) digest: u64,
    pub(crate) body: Arc<RenderedMarkdown>,
    pub(crate) problems: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct RenderCache {
    /// The `links` signature the bodies were rendered under.
    pub(crate) links: u64,
    /// By path below `content/` (which tells the language too).
    pub(crate) bodies: HashMap<String, CachedBody>,
    /// By document key (`Signatures::document_key`).
    pub(crate) documents: HashMap<u64, Artifact>,
}

impl RenderCache {
    /// The artefact kept under `key` by the previous run, else `make()`; kept in `next` either
    /// way. Without a key (no cache), just `make()`.
    pub(crate) fn reuse(
        previous: Option<&RenderCache>,
        next: &mut HashMap<u64, Artifact>,
        key: Option<u64>,
        make: impl FnOnce() -> Artifact,
    ) -> Artifact {
        let Some(key) = key else { return make() };
        let artifact = previous
            .and_then(|cache| cache.documents.get(&key).cloned())
            .unwrap_or_else(make);
        next.insert(key, artifact.clone());
        artifact
    }
}

/// See the module documentation.
pub struct Signatures {
    pub links: u64,
    shape: u64,
    pages: Vec<u64>,
    sections: Vec<u64>,
}

impl Signatures {
    pub fn new(site: &Site, theme: &Theme) -> Signatures {
        let mut links = Xxh3Default::new();
        for template in &theme.templates {
            (&template.name, &*template.source.text).hash(&mut links);
        }
        for locale in &theme.locales {
            (&locale.lang, &*locale.source.text).hash(&mut links);
        }
        format!("{:?}", site.config).hash(&mut links);
        for page in &site.pages {
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
        let shape = shape.finish();

        // The texts an item's values come from: its own and its translations'.
        let group = |item: Item, url: &str, own: Option<&ContentFile>| {
            let mut hasher = Xxh3Default::new();
            (url, own.map(|f| f.digest)).hash(&mut hasher);
            for other in site.translations(item) {
                match *other {
                    Item::Page(id) => Some(site.pages[id].file.digest),
                    Item::Section(id) => site.sections[id].file.as_ref().map(|f| f.digest),
                }
                .hash(&mut hasher);
            }
            hasher.finish()
        };
        Signatures {
            links,
            shape,
            pages: (0..site.pages.len())
                .map(|id| {
                    let page = &site.pages[id];
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

    /// The key under which the sitemap is kept: it shows every URL and translation (`shape`)
    /// and every page's dates.
    pub(crate) fn sitemap_key(&self, site: &Site) -> u64 {
        let mut hasher = Xxh3Default::new();
        (self.shape, "sitemap").hash(&mut hasher);
        for page in &site.pages {
            (page.front.date, page.front.updated).hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The key under which the HTML of `job` is kept: equal keys, equal documents.
    pub(crate) fn document_key(&self, site: &Site, job: &Job) -> u64 {
        let mut hasher = Xxh3Default::new();
        self.shape.hash(&mut hasher);
        match *job {
            Job::Page(id) => ("page", self.pages[id]).hash(&mut hasher),
            Job::Section { id, number, total } => {
                ("section", self.sections[id], number, total).hash(&mut hasher);
                let section = &site.sections[id];
                for page in listed(&section.pages, section.front.paginate_by, number) {
                    self.pages[*page].hash(&mut hasher);
                }
            }
            Job::TaxonomyList(taxonomy) => {
                ("taxonomy", &taxonomy.name, &taxonomy.lang).hash(&mut hasher);
                for term in taxonomy.terms.values() {
                    (&term.slug, term.pages.len()).hash(&mut hasher);
                }
            }
            Job::Term {
                taxonomy,
                slug,
                number,
                total,
            } => {
                let term = &taxonomy.terms[slug];
                let what = ("term", &taxonomy.name, &taxonomy.lang, slug);
                (what, number, total, term.pages.len()).hash(&mut hasher);
                for page in listed(&term.pages, taxonomy.paginate_by, number) {
                    self.pages[*page].hash(&mut hasher);
                }
            }
            Job::NotFound(lang) => ("404", lang).hash(&mut hasher),
        }
        hasher.finish()
    }
}
