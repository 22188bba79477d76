//! A language's search page (`/tim-kiem/`, `/en/search/`: the slug of its `search-title` UI
//! string). The page is a form that works without a script (the query travels in `?q=`); the
//! theme's `search.js` reads the language's index (`output::search`) and lists the results.

use serde::Serialize;

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::render::renderer::{Document, Renderer};
use crate::render::view::{DateView, DocumentView};

#[derive(Serialize)]
struct SearchPageContext {
    /// The URL folder of the language's index.
    index: String,
    /// The newest date (`updated`, else `date`) among the language's pages.
    updated: Option<DateView>,
}

/// The URL folder of a language's search index (written by `output::search`).
pub fn index_url(lang: &str) -> String {
    format!("/search-index/{lang}/")
}

impl Renderer<'_> {
    pub(super) fn render_search_page(&self, lang: &str) -> Result<Artifact, Diagnostic> {
        let url = self.sites[lang].search_url.clone().unwrap_or_default();
        let title = self.message(lang, "search-title").unwrap_or_default();
        let breadcrumbs = self.crumbs_under_home(lang, &title, &url);
        let versions = self
            .site
            .config
            .languages
            .iter()
            .filter_map(|l| Some((l.code.clone(), self.sites[&l.code].search_url.clone()?)))
            .collect();
        let common = self.common(Document {
            lang,
            url: &url,
            title,
            description: self.message(lang, "search-description"),
            versions,
            breadcrumbs,
            ..Document::default()
        });
        let document = DocumentView {
            common: &common,
            own: SearchPageContext {
                index: index_url(lang),
                updated: self.date(lang, self.site.last_changed(self.site.pages_in(lang))),
            },
        };
        self.finish(
            lang,
            "search.html",
            &document,
            &url,
            None,
            format!("search page ({lang})"),
        )
    }
}
