//! `build`'s page pass, the Markdown and render stages of a run without a cache (`build`,
//! `check`). A few hundred pages at a time, each page's body is rendered and its document made
//! and handed to the sink (written, in `build`); then, while the next pages render, the bodies
//! are filed in the search index of their language ([`IndexFiler`]). Once both have read a
//! body, only what later stages read of it stays: its summary, headings and links, and its HTML
//! where a feed shows it. So the bodies are never held all at once (they are half the memory of
//! a large site). The sections' bodies and the documents that list pages come after. The
//! index's files are made later, while the site is checked (see `build`).
//!
//! `serve` keeps every body for its next run, and renders in stages instead (see `build`).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::artifact::{Artifact, Sink};
use crate::diagnostic::{Diagnostic, SourceText};
use crate::load::templates::Templates;
use crate::markdown::html::RenderedMarkdown;
use crate::markdown::{Bodies, FreshBody, render_body};
use crate::model::Site;
use crate::model::markdown_text::{MarkdownTexts, give_back, take_markdown};
use crate::model::page::Item;
use crate::output::feed::feed_pages;
use crate::output::search::IndexFiler;
use crate::render::{Documents, PageDocuments, Which, render_documents};

use super::memory::FreedMemory;
use super::{Rendered, SearchIndex, Tools};

/// Pages rendered at once, while the pages before them are filed in the search index: enough
/// that filing them takes less time than rendering the next, few enough that their bodies take
/// little room.
const PAGES_AT_ONCE: usize = 512;

/// Renders every body and document of `site` and files its search index, each file through
/// `sink` as soon as it is made. The Markdown texts are taken out of the site for the pass (see
/// `model::markdown_text`), and the few that later checks quote are given back.
pub(super) fn render_site(site: &mut Site, tools: &Tools, sink: Sink) -> Rendered {
    let texts = take_markdown(site);
    let (passed, quoted) = pass(site, tools, texts, sink);
    give_back(site, quoted);
    passed
}

/// A page's or section's text taken out of the site, given back for a later check to quote.
type Quoted = Vec<(Item, SourceText)>;

/// Bodies whose documents are made, waiting for the search index.
type ToFile = Vec<(Item, Arc<RenderedMarkdown>)>;

fn pass(site: &Site, tools: &Tools, texts: MarkdownTexts, sink: Sink) -> (Rendered, Quoted) {
    let mut filers: Vec<IndexFiler> = (site.config.languages.iter())
        .map(|language| IndexFiler::new(&language.code))
        .collect();
    let mut gathered = Gathered::new(site.page_ids().len(), feed_pages(site));
    // A page's document reads its own body only, the one it is given.
    let no_bodies = Bodies::default();
    let documents = PageDocuments::new(&tools.sources(site, &no_bodies));
    let mut texts_left = texts.pages.into_iter();
    let mut to_file = ToFile::new();
    let mut freed = FreedMemory::default();
    for start in (0..site.page_ids().len()).step_by(PAGES_AT_ONCE) {
        let taken: Vec<_> = texts_left.by_ref().take(PAGES_AT_ONCE).collect();
        let id_of = |at: usize| start + at;
        freed.texts(&taken);
        // The bodies first, then the documents: each step runs on caches warm with its own work.
        let render = || -> Vec<(FreshBody, Result<Artifact, Diagnostic>)> {
            let bodies: Vec<FreshBody> = (taken.into_par_iter().enumerate())
                .map(|(at, text)| {
                    render_body(site, tools.templates, &site.page(id_of(at)).file, text)
                })
                .collect();
            let documents: Vec<_> = (bodies.par_iter().enumerate())
                .map(|(at, fresh)| documents.render(id_of(at), &fresh.body, sink))
                .collect();
            bodies.into_iter().zip(documents).collect()
        };
        // The last pages' words are filed while these pages render.
        let (done, ()) = rayon::join(render, || file(&mut filers, site, &to_file));
        gathered.filed(std::mem::take(&mut to_file));
        freed.give_back_when_due();
        for (id, (fresh, document)) in (start..).zip(done) {
            to_file.push((Item::Page(id), Arc::new(fresh.body)));
            gathered.rendered(Item::Page(id), fresh.problems, fresh.quoted);
            gathered.documents.push(document);
        }
    }
    let (sections, ()) = rayon::join(
        || section_bodies(site, tools.templates, texts.sections),
        || file(&mut filers, site, &to_file),
    );
    gathered.filed(std::mem::take(&mut to_file));
    for (id, fresh) in sections.into_iter().enumerate() {
        let body = Arc::new(fresh.body);
        to_file.push((Item::Section(id), body.clone()));
        gathered.bodies.sections.push(body);
        gathered.rendered(Item::Section(id), fresh.problems, fresh.quoted);
    }
    let (bodies, body_problems, mut documents, quoted) = gathered.finish();
    // The documents that list pages render while the last bodies are filed.
    let (others, index) = rayon::join(
        || {
            let sources = tools.sources(site, &bodies);
            render_documents(&sources, Which::AllButPages, None, sink)
        },
        || {
            file(&mut filers, site, &to_file);
            drop(to_file);
            SearchIndex::Filed(filers.into_iter().map(IndexFiler::filed).collect())
        },
    );
    documents.rendered += others.rendered;
    documents.artifacts.extend(others.artifacts);
    documents.diagnostics.extend(others.diagnostics);
    let rendered = Rendered {
        bodies,
        documents,
        index,
        body_problems,
    };
    (rendered, quoted)
}

/// Files `bodies` (in the order of their numbers) in the index of their language, each
/// language on a core of its own.
fn file<'a>(filers: &mut [IndexFiler<'a>], site: &'a Site, bodies: &ToFile) {
    filers.par_iter_mut().for_each(|filer| {
        for (item, body) in bodies {
            if site.item_lang(*item) == filer.lang() {
                filer.file(site, *item, body);
            }
        }
    });
}

/// Every section's body (an empty one for a section without an `_index` file).
fn section_bodies(
    site: &Site,
    templates: &Templates,
    texts: Vec<Option<SourceText>>,
) -> Vec<FreshBody> {
    site.sections
        .par_iter()
        .zip(texts)
        .map(|(section, text)| match &section.file {
            Some(file) => render_body(site, templates, file, text),
            None => FreshBody {
                body: RenderedMarkdown::default(),
                problems: Vec::new(),
                quoted: None,
            },
        })
        .collect()
}

/// What the pass gathers, page by page.
struct Gathered {
    bodies: Bodies,
    /// Whether a feed shows each page (by id), and so reads its whole body.
    feeds: Vec<bool>,
    problems: Vec<Diagnostic>,
    documents: Vec<Result<Artifact, Diagnostic>>,
    quoted: Quoted,
}

impl Gathered {
    fn new(pages: usize, feeds: Vec<bool>) -> Gathered {
        Gathered {
            bodies: Bodies {
                pages: Vec::with_capacity(pages),
                sections: Vec::new(),
            },
            feeds,
            problems: Vec::new(),
            documents: Vec::with_capacity(pages),
            quoted: Vec::new(),
        }
    }

    /// The problems of the body of `item`, and its text if a later check quotes it; in the
    /// order of the pages' numbers, then the sections'.
    fn rendered(&mut self, item: Item, problems: Vec<Diagnostic>, quoted: Option<SourceText>) {
        self.problems.extend(problems);
        self.quoted.extend(quoted.map(|text| (item, text)));
    }

    /// Pages' bodies whose documents are made and whose words are filed: only what later
    /// stages read of them is kept.
    fn filed(&mut self, bodies: ToFile) {
        for (item, mut body) in bodies {
            let Item::Page(id) = item else { continue };
            if !self.feeds[id]
                && let Some(body) = Arc::get_mut(&mut body)
            {
                body.html = String::new();
            }
            self.bodies.pages.push(body);
        }
    }

    /// The bodies, their problems, the pages' documents and the texts to give back.
    fn finish(self) -> (Bodies, Vec<Diagnostic>, Documents, Quoted) {
        let mut documents = Documents {
            artifacts: Vec::with_capacity(self.documents.len()),
            diagnostics: Vec::new(),
            kept: HashMap::new(),
            rendered: self.documents.len(),
        };
        for document in self.documents {
            match document {
                Ok(artifact) => documents.artifacts.push(artifact),
                Err(problem) => documents.diagnostics.push(problem),
            }
        }
        (self.bodies, self.problems, documents, self.quoted)
    }
}
