//! A page's document: its body, dates, terms, and for a stand-in (`notice` policy) the notice,
//! the original's language on its content and a canonical link to the original.

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::markdown::html::RenderedMarkdown;
use crate::model::page::{Item, Page, PageId};
use crate::model::url::event_calendar_url;
use crate::render::renderer::{Document, Renderer};
use crate::render::view::{DocumentView, LinkView, PageContext, PageView, TermGroupView};

impl Renderer<'_> {
    pub(super) fn render_page(
        &self,
        id: PageId,
        body: &RenderedMarkdown,
    ) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let page = &site.page(id);
        let section = &site.sections[page.section];
        // A stand-in's canonical URL is its original's, in the default language.
        let original_url: Option<String> = site
            .translations(Item::Page(id))
            .iter()
            .find(|item| site.item_lang(**item) == site.config.default_language)
            .map(|item| site.item_url(*item).to_string());
        let template = page
            .front
            .template
            .clone()
            .or_else(|| section.front.page_template.clone())
            .unwrap_or_else(|| "page.html".to_string());
        self.template_or_error(&template, &page.file)?;
        let taxonomies = self.page_terms(page);
        let record = page.record.as_ref().map(|record| {
            let mut view = self.records().view(record, &page.lang);
            let key = page.file.key.trim_end_matches("/index");
            view.nearby = self.records().nearby(record, key, &page.lang, 3);
            view.calendar_url =
                event_calendar_url(record, &site.config.kinds[record.kind], &page.url);
            view
        });
        let kind_values = record
            .iter()
            .map(|view| {
                (
                    view.kind.clone(),
                    serde_json::Value::Object(view.values.clone()),
                )
            })
            .collect();
        let view = PageView {
            notice: page.stand_in,
            content_lang: &page.file.lang,
            title: &page.title,
            description: page.front.description.as_deref(),
            content: &body.html,
            summary: body.summary.as_deref(),
            toc: &body.toc,
            url: page.url.clone(),
            permalink: site.config.absolute_url(&page.url),
            date: self.date(&page.lang, page.front.date),
            updated: self.date(&page.lang, page.front.updated),
            taxonomies,
            extra: &page.front.extra,
            record,
            kind_values,
        };
        let mut breadcrumbs = self.ancestors(page.section);
        breadcrumbs.push(LinkView {
            title: page.title.clone(),
            url: page.url.clone(),
        });
        let common = self.common(Document {
            lang: &page.lang,
            url: &page.url,
            title: page.title.clone(),
            description: page.front.description.clone(),
            versions: self.site.versions(Item::Page(id)),
            breadcrumbs,
            article: Some((
                page.front.date.map(|d| d.ymd()),
                page.front.updated.map(|d| d.ymd()),
            )),
            stand_ins: site
                .config
                .languages
                .iter()
                .filter_map(|l| {
                    site.stand_in(id, &l.code)
                        .map(|s| (l.code.clone(), site.page(s).url.clone()))
                })
                .collect(),
            canonical: original_url.filter(|_| page.stand_in),
            content_lang: page.stand_in.then_some(page.file.lang.as_str()),
            nodes: page
                .record
                .as_ref()
                .and_then(|record| {
                    self.records().json_ld(
                        record,
                        &page.title,
                        &site.config.absolute_url(&page.url),
                        &page.file.lang,
                    )
                })
                .into_iter()
                .collect(),
        });
        let document = DocumentView {
            common: &common,
            own: PageContext { page: &view },
        };
        self.finish(
            &page.lang,
            &template,
            &document,
            &page.url,
            Some(&page.file),
            page.file.source.path.display().to_string(),
        )
    }

    /// The page's terms in the order the editor wrote them, each once; groups without a term
    /// in the page's language are left out.
    fn page_terms(&self, page: &Page) -> Vec<TermGroupView> {
        let site = self.site;
        page.front
            .taxonomies
            .iter()
            .filter_map(|(name, written)| {
                let taxonomy = site
                    .taxonomies
                    .iter()
                    .find(|t| &t.name == name && t.lang == page.lang)?;
                let mut terms: Vec<LinkView> = Vec::new();
                for term in written
                    .iter()
                    .filter_map(|written| taxonomy.term_named(written))
                {
                    if !terms.iter().any(|t| t.url == term.url) {
                        terms.push(LinkView {
                            title: term.name.clone(),
                            url: term.url.clone(),
                        });
                    }
                }
                // A stand-in's terms are its original language's, which this one lacks: no
                // empty "Topics:" line.
                (!terms.is_empty()).then(|| TermGroupView {
                    taxonomy: name.clone(),
                    terms,
                })
            })
            .collect()
    }
}
