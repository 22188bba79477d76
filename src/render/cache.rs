//! What `serve` keeps of rendered documents between rebuilds, so that one saved file
//! re-renders only what it can have changed. `build` passes no cache and pays nothing for it.
//!
//! A document's key joins the model's `shape` signature (`model::signature`) with the
//! signatures of what it shows: a page its own, a list the signatures of the pages on it (their
//! order included). So an edit to one article re-renders the article, its translations and the
//! lists it appears on; a change to a title of a section, a URL or a template re-renders
//! everything.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3Default;

use crate::artifact::Artifact;
use crate::load::front_matter::Date;
use crate::model::Site;
use crate::model::signature::Signatures;
use crate::render::Job;
use crate::render::pagination::listed;

#[derive(Default)]
pub struct RenderCache {
    /// By document key (`document_key`).
    pub(crate) documents: HashMap<u64, Artifact>,
    /// The sitemap files, under the `sitemap_key` signature they were made with.
    pub(crate) sitemaps: Option<(u64, Vec<Artifact>)>,
}

/// The key under which the HTML of `job` is kept: equal keys, equal documents.
pub(crate) fn document_key(signatures: &Signatures, site: &Site, job: &Job) -> u64 {
    let mut hasher = Xxh3Default::new();
    signatures.shape.hash(&mut hasher);
    match *job {
        Job::Page(id) => ("page", signatures.pages[id]).hash(&mut hasher),
        Job::Section { id, number, total } => {
            ("section", signatures.sections[id], number, total).hash(&mut hasher);
            let section = &site.sections[id];
            for page in listed(&section.pages, section.front.paginate_by, number) {
                signatures.pages[*page].hash(&mut hasher);
            }
        }
        Job::TaxonomyList(taxonomy) => {
            ("taxonomy", &taxonomy.name, &taxonomy.lang).hash(&mut hasher);
            for term in taxonomy.terms.values() {
                let last_changed = site.last_changed(term.pages.iter().copied());
                let last_changed = last_changed.map(Date::as_written);
                (&term.slug, term.pages.len(), last_changed).hash(&mut hasher);
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
            let last_changed = site.last_changed(term.pages.iter().copied());
            let last_changed = last_changed.map(Date::as_written);
            (what, number, total, term.pages.len(), last_changed).hash(&mut hasher);
            for page in listed(&term.pages, taxonomy.paginate_by, number) {
                signatures.pages[*page].hash(&mut hasher);
            }
        }
        Job::NotFound(lang) => ("404", lang).hash(&mut hasher),
        // The downloads follow from the records, which `shape` holds.
        Job::Data(lang) => ("data", lang).hash(&mut hasher),
        Job::Search(lang) => {
            let last_changed = site.last_changed(site.pages_in(lang));
            ("search", lang, last_changed.map(Date::as_written)).hash(&mut hasher);
        }
    }
    hasher.finish()
}
