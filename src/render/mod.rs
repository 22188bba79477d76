//! The render stage: one HTML document per output path, through the theme's Tera templates, in
//! parallel. This file is the driver: it lists the documents ([`Job`]) and collects what they
//! give. [`renderer`] holds what every document shares (switcher, alternates, breadcrumbs,
//! JSON-LD); each kind of document has its own file ([`page`], [`section`], [`taxonomy`],
//! [`not_found`]). Pure functions of the site model; the results are artefacts. `build`'s page
//! pass renders each page's document as soon as its body is made ([`PageDocuments`]), and the
//! others here ([`Which::AllButPages`]).

pub mod cache;
mod data_page;
pub mod date;
mod not_found;
mod page;
pub mod pagination;
pub mod record;
mod renderer;
pub mod search_page;
mod section;
pub mod structured_data;
mod taxonomy;
pub mod view;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::artifact::{Artifact, Download, Sink, through};
use crate::diagnostic::Diagnostic;
use crate::load::locales::Locales;
use crate::load::templates::Templates;
use crate::markdown::Bodies;
use crate::markdown::html::RenderedMarkdown;
use crate::model::Site;
use crate::model::page::{PageId, SectionId};
use crate::model::signature::Signatures;
use crate::model::taxonomy::Taxonomy;
use crate::render::cache::{RenderCache, document_key};
use crate::render::date::DateFormats;
use crate::render::pagination::page_count;
use crate::render::renderer::Renderer;

/// A document to render: which template, for which item, with which extra values.
pub(crate) enum Job<'a> {
    Page(PageId),
    Section {
        id: SectionId,
        number: usize,
        total: usize,
    },
    TaxonomyList(&'a Taxonomy),
    Term {
        taxonomy: &'a Taxonomy,
        slug: &'a str,
        number: usize,
        total: usize,
    },
    NotFound(&'a str),
    /// A language's open-data page.
    Data(&'a str),
    /// A language's search page.
    Search(&'a str),
}

/// The HTML documents of a site, and what `serve` keeps of them.
pub struct Documents {
    pub artifacts: Vec<Artifact>,
    pub diagnostics: Vec<Diagnostic>,
    /// By key, for the next run (empty without a cache).
    pub kept: HashMap<u64, Artifact>,
    /// How many were rendered rather than reused.
    pub rendered: usize,
}

/// What every document is made from.
pub struct Sources<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub locales: &'a Locales,
    pub bodies: &'a Bodies,
    /// The open-data files, for the data pages.
    pub downloads: &'a [Download],
    pub dates: &'a DateFormats,
}

/// Which documents [`render_documents`] renders.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Every,
    /// All but the pages': `build`'s page pass renders those with their bodies
    /// ([`PageDocuments`]).
    AllButPages,
}

/// Every HTML document of the site (or all but the pages', as `which` says), each handed to
/// `sink` as soon as it is rendered. With a cache (`serve`), a document is reused while its key
/// (`cache::document_key`) is unchanged.
pub fn render_documents(
    sources: &Sources,
    which: Which,
    cache: Option<(&RenderCache, &Signatures)>,
    sink: Sink,
) -> Documents {
    let site = sources.site;
    let renderer = Renderer::new(sources);
    let jobs = jobs(&renderer, which);
    let render = |job: &Job| {
        let key = cache.map(|(_, signatures)| document_key(signatures, site, job));
        let kept = cache
            .zip(key)
            .and_then(|((cache, _), key)| cache.documents.get(&key));
        match kept {
            Some(artifact) => (key, false, Ok(artifact.clone())),
            None => {
                let rendered = renderer.render(job);
                (key, true, rendered.map(|artifact| through(sink, artifact)))
            }
        }
    };
    let results: Vec<_> = jobs.par_iter().map(render).collect();
    let mut documents = Documents {
        artifacts: Vec::with_capacity(results.len()),
        diagnostics: Vec::new(),
        kept: HashMap::new(),
        rendered: 0,
    };
    for (key, rendered, result) in results {
        documents.rendered += usize::from(rendered);
        match result {
            Ok(artifact) => {
                if let Some(key) = key {
                    documents.kept.insert(key, artifact.clone());
                }
                documents.artifacts.push(artifact);
            }
            Err(diagnostic) => documents.diagnostics.push(diagnostic),
        }
    }
    documents
}

/// The documents to render, pages first.
fn jobs<'a>(renderer: &Renderer<'a>, which: Which) -> Vec<Job<'a>> {
    let site = renderer.site;
    let mut jobs: Vec<Job> = match which {
        Which::Every => site.page_ids().map(Job::Page).collect(),
        Which::AllButPages => Vec::new(),
    };
    for (id, section) in site.sections.iter().enumerate() {
        let total = page_count(section.pages.len(), section.front.paginate_by);
        jobs.extend((1..=total).map(|number| Job::Section { id, number, total }));
    }
    for taxonomy in &site.taxonomies {
        jobs.push(Job::TaxonomyList(taxonomy));
        for (slug, term) in &taxonomy.terms {
            let total = page_count(term.pages.len(), taxonomy.paginate_by);
            jobs.extend((1..=total).map(|number| Job::Term {
                taxonomy,
                slug,
                number,
                total,
            }));
        }
    }
    jobs.extend(site.config.languages.iter().map(|l| Job::NotFound(&l.code)));
    let with_data = site
        .config
        .languages
        .iter()
        .filter(|l| site.data_page(&l.code).is_some());
    jobs.extend(with_data.map(|l| Job::Data(&l.code)));
    let with_search = site.config.languages.iter();
    jobs.extend(
        with_search
            .filter(|l| renderer.sites[&l.code].search_url.is_some())
            .map(|l| Job::Search(&l.code)),
    );
    jobs
}

/// Pages' documents one at a time, each from the body it is given: what `build`'s page pass
/// renders as soon as a body is made, before the other bodies exist.
pub struct PageDocuments<'a>(Renderer<'a>);

impl<'a> PageDocuments<'a> {
    /// `sources.bodies` is not read: a page's document reads only its own body.
    pub fn new(sources: &Sources<'a>) -> Self {
        PageDocuments(Renderer::new(sources))
    }

    /// The document of page `id`, through `sink`.
    pub fn render(
        &self,
        id: PageId,
        body: &RenderedMarkdown,
        sink: Sink,
    ) -> Result<Artifact, Diagnostic> {
        self.0
            .render_page(id, body)
            .map(|artifact| through(sink, artifact))
    }
}
