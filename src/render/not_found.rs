//! The 404 page of each language, which leads to every language's home page.

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::render::renderer::{Document, Renderer};
use crate::render::view::{DocumentView, NothingMore};

impl Renderer<'_> {
    pub(super) fn render_not_found(&self, lang: &str) -> Result<Artifact, Diagnostic> {
        let language = self
            .site
            .config
            .language(lang)
            .unwrap_or_else(|| self.site.config.default_language());
        let url = format!("{}404.html", language.root_path());
        // Every language's 404 leads to the other languages' home pages.
        let homes: Vec<(String, String)> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    if l.code == lang {
                        url.clone()
                    } else {
                        l.root_path()
                    },
                )
            })
            .collect();
        let mut common = self.common(Document {
            lang,
            url: &url,
            title: self.message(lang, "not-found-title").unwrap_or_default(),
            description: None,
            versions: homes,
            breadcrumbs: Vec::new(),
            article: None,
            ..Document::default()
        });
        common.alternates.clear();
        let document = DocumentView {
            common: &common,
            own: NothingMore {},
        };
        self.finish(
            lang,
            "404.html",
            &document,
            &url,
            None,
            format!("404 page ({lang})"),
        )
    }
}
