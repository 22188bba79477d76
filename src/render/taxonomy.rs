//! A taxonomy's documents: the list of its terms, and each term's paginated list of pages,
//! linked to the same term in other languages when the pairing is known.

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::model::taxonomy::{Taxonomy, Term};
use crate::render::pagination::{listed, pager_url, paginator};
use crate::render::renderer::{Document, Renderer};
use crate::render::view::{
    DocumentView, LinkView, PageSummaryView, TaxonomyContext, TaxonomyView, TermContext, TermView,
};

impl Renderer<'_> {
    fn term_view(&self, taxonomy: &Taxonomy, term: &Term) -> TermView {
        TermView {
            name: term.name.clone(),
            url: term.url.clone(),
            count: term.pages.len(),
            updated: self.date(
                &taxonomy.lang,
                self.site.last_changed(term.pages.iter().copied()),
            ),
        }
    }

    pub(super) fn render_taxonomy(&self, taxonomy: &Taxonomy) -> Result<Artifact, Diagnostic> {
        let view = TaxonomyView {
            name: taxonomy.name.clone(),
            url: taxonomy.url.clone(),
            terms: taxonomy
                .terms
                .values()
                .map(|term| self.term_view(taxonomy, term))
                .collect(),
            updated: self.date(&taxonomy.lang, self.site.last_changed(taxonomy.pages())),
        };
        let home = self
            .site
            .home(&taxonomy.lang)
            .map(|home| self.ancestors(home))
            .unwrap_or_default();
        let mut breadcrumbs = home;
        breadcrumbs.push(LinkView {
            title: self.taxonomy_title(taxonomy),
            url: taxonomy.url.clone(),
        });
        let common = self.common(Document {
            lang: &taxonomy.lang,
            url: &taxonomy.url,
            title: self.taxonomy_title(taxonomy),
            description: None,
            versions: self.site.taxonomy_versions(taxonomy),
            breadcrumbs,
            article: None,
            ..Document::default()
        });
        let document = DocumentView {
            common: &common,
            own: TaxonomyContext { taxonomy: &view },
        };
        self.finish(
            &taxonomy.lang,
            "taxonomy_list.html",
            &document,
            &taxonomy.url,
            None,
            format!("taxonomy `{}` ({})", taxonomy.name, taxonomy.lang),
        )
    }

    pub(super) fn render_term(
        &self,
        taxonomy: &Taxonomy,
        slug: &str,
        number: usize,
        total: usize,
    ) -> Result<Artifact, Diagnostic> {
        let term = &taxonomy.terms[slug];
        let pages: Vec<PageSummaryView> = listed(&term.pages, taxonomy.paginate_by, number)
            .iter()
            .map(|id| self.summary(*id))
            .collect();
        let url = pager_url(&term.url, number);
        let mut breadcrumbs = self
            .site
            .home(&taxonomy.lang)
            .map(|home| self.ancestors(home))
            .unwrap_or_default();
        breadcrumbs.push(LinkView {
            title: self.taxonomy_title(taxonomy),
            url: taxonomy.url.clone(),
        });
        breadcrumbs.push(LinkView {
            title: term.name.clone(),
            url: term.url.clone(),
        });
        let common = self.common(Document {
            lang: &taxonomy.lang,
            url: &url,
            title: term.name.clone(),
            description: None,
            versions: if number == 1 {
                self.site.term_versions(taxonomy, term)
            } else {
                vec![(taxonomy.lang.clone(), url.clone())]
            },
            breadcrumbs,
            article: None,
            ..Document::default()
        });
        let term_view = self.term_view(taxonomy, term);
        let pager = paginator(&term.url, number, total);
        let own = TermContext {
            term: &term_view,
            taxonomy_name: &taxonomy.name,
            pages: &pages,
            paginator: &pager,
        };
        let document = DocumentView {
            common: &common,
            own,
        };
        self.finish(
            &taxonomy.lang,
            "taxonomy_term.html",
            &document,
            &url,
            None,
            format!(
                "term `{}` of `{}` ({})",
                term.name, taxonomy.name, taxonomy.lang
            ),
        )
    }
}
