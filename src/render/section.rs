//! A section's list page (the home page is the root section), paginated.

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::model::page::{Item, Section, SectionId};
use crate::render::pagination::{listed, pager_url, paginator};
use crate::render::renderer::{Document, Renderer};
use crate::render::view::{DocumentView, LinkView, SectionContext, SectionView};

impl Renderer<'_> {
    pub(super) fn render_section(
        &self,
        id: SectionId,
        number: usize,
        total: usize,
    ) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let section: &Section = &site.sections[id];
        let default_template = if section.is_home() {
            "index.html"
        } else {
            "section.html"
        };
        let template = section
            .front
            .template
            .clone()
            .unwrap_or_else(|| default_template.to_string());
        if let Some(file) = &section.file {
            self.template_or_error(&template, file)?;
        }
        let pages = listed(&section.pages, section.front.paginate_by, number)
            .iter()
            .map(|id| self.summary(*id))
            .collect();
        let url = pager_url(&section.url, number);
        let view = SectionView {
            title: &section.title,
            description: section.front.description.as_deref(),
            content: &self.bodies.sections[id].html,
            url: &section.url,
            permalink: site.config.absolute_url(&section.url),
            pages,
            page_count: section.pages.len(),
            updated: self.date(&section.lang, section.front.updated),
            subsections: section
                .subsections
                .iter()
                .map(|sub| LinkView {
                    title: site.sections[*sub].title.clone(),
                    url: site.sections[*sub].url.clone(),
                })
                .collect(),
            extra: &section.front.extra,
        };
        let versions = if number == 1 {
            self.site.versions(Item::Section(id))
        } else {
            vec![(section.lang.clone(), url.clone())]
        };
        let common = self.common(Document {
            lang: &section.lang,
            url: &url,
            title: section.title.clone(),
            description: section.front.description.clone(),
            versions,
            breadcrumbs: self.ancestors(id),
            article: None,
            ..Document::default()
        });
        let pager = paginator(&section.url, number, total);
        let document = DocumentView {
            common: &common,
            own: SectionContext {
                section: &view,
                paginator: &pager,
            },
        };
        let origin = section.file.as_ref().map_or_else(
            || format!("content/{}/", section.dir),
            |f| f.source.path.display().to_string(),
        );
        self.finish(
            &section.lang,
            &template,
            &document,
            &url,
            section.file.as_deref(),
            origin,
        )
    }
}
