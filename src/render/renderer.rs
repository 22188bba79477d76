//! What every document shares: the renderer's state (templates, UI strings, date formats, the
//! per-language site view), and the parts each document kind calls: the common context
//! (switcher, alternates, canonical URL, breadcrumbs, JSON-LD), page summaries for lists, and
//! the final template call that turns a context into an artefact or a diagnostic.

use std::collections::HashMap;

use tera::Context;

use crate::artifact::{Artifact, Download, output_path};
use crate::diagnostic::Diagnostic;
use crate::load::content::ContentFile;
use crate::load::front_matter::Date;
use crate::load::locales::Locales;
use crate::load::templates::Templates;
use crate::markdown::Bodies;
use crate::model::Site;
use crate::model::page::{Page, PageId, SectionId};
use crate::model::taxonomy::Taxonomy;
use crate::render::date::DateFormats;
use crate::render::record::RecordFormatter;
use crate::render::structured_data::{Described, render_json_ld};
use crate::render::view::{
    Alternate, Common, DateView, LanguageOption, LinkView, PageSummaryView, SiteView,
};
use crate::render::{Job, Sources};
use crate::text::slug::slugify;

pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    templates: &'a Templates,
    pub(super) bodies: &'a Bodies,
    /// The open-data files, for the data pages.
    pub(super) downloads: &'a [Download],
    locales: &'a Locales,
    dates: &'a DateFormats,
    language_names: HashMap<String, String>,
    pub(super) sites: HashMap<String, SiteView>,
}

/// One document, as `Renderer::common` needs to describe it.
#[derive(Default)]
pub(super) struct Document<'a> {
    pub(super) lang: &'a str,
    pub(super) url: &'a str,
    pub(super) title: String,
    pub(super) description: Option<String>,
    /// `(lang, url)` of every version, its own included (unless it is a stand-in).
    pub(super) versions: Vec<(String, String)>,
    /// `(lang, url)` of stand-ins the switcher may offer, marked as untranslated.
    pub(super) stand_ins: Vec<(String, String)>,
    /// Where search engines should look instead (a stand-in points at its original).
    pub(super) canonical: Option<String>,
    pub(super) breadcrumbs: Vec<LinkView>,
    /// Published and modified dates of an article.
    pub(super) article: Option<(Option<String>, Option<String>)>,
    /// The language of the text when it is not `lang` (a stand-in).
    pub(super) content_lang: Option<&'a str>,
    /// The schema.org nodes of what the document shows: a record, a data catalogue.
    pub(super) nodes: Vec<serde_json::Value>,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(sources: &Sources<'a>) -> Self {
        let &Sources {
            site,
            templates,
            locales,
            bodies,
            downloads,
            dates,
        } = sources;
        Renderer {
            site,
            templates,
            bodies,
            downloads,
            locales,
            dates,
            language_names: site
                .config
                .languages
                .iter()
                .map(|l| {
                    let name = locales
                        .format(&l.code, "language-name", &HashMap::new())
                        .unwrap_or_else(|| l.code.clone());
                    (l.code.clone(), name)
                })
                .collect(),
            sites: site
                .config
                .languages
                .iter()
                .map(|l| {
                    let search = templates
                        .has("search.html")
                        .then(|| search_url(site, locales, &l.code))
                        .flatten();
                    (l.code.clone(), site_view(site, &l.code, search))
                })
                .collect(),
        }
    }
}

impl Renderer<'_> {
    pub(super) fn render(&self, job: &Job) -> Result<Artifact, Diagnostic> {
        match job {
            Job::Page(id) => self.render_page(*id, &self.bodies.pages[*id]),
            Job::Section { id, number, total } => self.render_section(*id, *number, *total),
            Job::TaxonomyList(taxonomy) => self.render_taxonomy(taxonomy),
            Job::Term {
                taxonomy,
                slug,
                number,
                total,
            } => self.render_term(taxonomy, slug, *number, *total),
            Job::NotFound(lang) => self.render_not_found(lang),
            Job::Data(lang) => self.render_data_page(lang),
            Job::Search(lang) => self.render_search_page(lang),
        }
    }

    /// Everything a template gets besides its page, section or term: the switcher, the
    /// alternates, the canonical URL and the structured data.
    pub(super) fn common(&self, doc: Document) -> Common<'_> {
        let config = &self.site.config;
        let lang = doc.lang;
        let alternates = self
            .site
            .alternates(&doc.versions)
            .into_iter()
            .map(|(hreflang, url)| Alternate {
                hreflang,
                href: config.absolute_url(&url),
            })
            .collect();
        let languages = config
            .languages
            .iter()
            .map(|language| {
                let find = |list: &[(String, String)]| {
                    list.iter()
                        .find(|(code, _)| *code == language.code)
                        .map(|(_, url)| url.clone())
                };
                let translated = find(&doc.versions);
                LanguageOption {
                    code: language.code.clone(),
                    name: self.language_names[&language.code].clone(),
                    untranslated: translated.is_none() && find(&doc.stand_ins).is_some(),
                    url: translated.or_else(|| find(&doc.stand_ins)),
                    current: language.code == lang,
                }
            })
            .collect();
        let site = &self.sites[lang];
        let canonical = config.absolute_url(doc.canonical.as_deref().unwrap_or(doc.url));
        let description = doc.description.unwrap_or_else(|| site.description.clone());
        let absolute_crumbs: Vec<LinkView> = doc
            .breadcrumbs
            .iter()
            .map(|crumb| LinkView {
                title: crumb.title.clone(),
                url: config.absolute_url(&crumb.url),
            })
            .collect();
        let json_ld = render_json_ld(Described {
            lang,
            site_title: &site.title,
            home: &config.absolute_url(&site.home_url),
            title: &doc.title,
            description: &description,
            canonical: &canonical,
            breadcrumbs: &absolute_crumbs,
            article: doc.article,
            nodes: doc.nodes,
            content_lang: doc.content_lang,
        });
        Common {
            lang: lang.to_string(),
            title: doc.title,
            description,
            json_ld,
            site,
            canonical,
            alternates,
            languages,
            breadcrumbs: doc.breadcrumbs,
        }
    }

    /// Formats records in any language, with this renderer's UI strings and dates.
    pub(super) fn records(&self) -> RecordFormatter<'_> {
        RecordFormatter {
            site: self.site,
            locales: self.locales,
            dates: self.dates,
        }
    }

    pub(super) fn dates(&self) -> &DateFormats {
        self.dates
    }

    pub(super) fn message(&self, lang: &str, key: &str) -> Option<String> {
        self.locales.format(lang, key, &HashMap::new())
    }

    /// A taxonomy's name for readers: the `taxonomy-NAME` UI string, else its name.
    pub(super) fn taxonomy_title(&self, taxonomy: &Taxonomy) -> String {
        self.message(&taxonomy.lang, &format!("taxonomy-{}", taxonomy.name))
            .unwrap_or_else(|| taxonomy.name.clone())
    }

    pub(super) fn date(&self, lang: &str, date: Option<Date>) -> Option<DateView> {
        date.map(|date| DateView {
            iso: date.ymd(),
            display: self.dates.format(lang, date),
        })
    }

    /// The breadcrumbs of a page of the site's own (search, open data) under a language's home.
    pub(super) fn crumbs_under_home(&self, lang: &str, title: &str, url: &str) -> Vec<LinkView> {
        let mut breadcrumbs = self
            .site
            .home(lang)
            .map(|home| self.ancestors(home))
            .unwrap_or_default();
        breadcrumbs.push(LinkView {
            title: title.to_string(),
            url: url.to_string(),
        });
        breadcrumbs
    }

    pub(super) fn ancestors(&self, section: SectionId) -> Vec<LinkView> {
        let mut chain = Vec::new();
        let mut current = Some(section);
        while let Some(id) = current {
            let section = &self.site.sections[id];
            chain.push(LinkView {
                title: section.title.clone(),
                url: section.url.clone(),
            });
            current = section.parent;
        }
        chain.reverse();
        chain
    }

    pub(super) fn finish(
        &self,
        lang: &str,
        template: &str,
        document: &impl serde::Serialize,
        url: &str,
        file: Option<&ContentFile>,
        origin: String,
    ) -> Result<Artifact, Diagnostic> {
        // Room for a typical page, so that the output is not grown step by step.
        let mut html = Vec::with_capacity(16 * 1024);
        let rendered = Context::from_serialize(document)
            .map_err(|error| error.to_string())
            .and_then(|context| {
                self.templates
                    .render_into(lang, template, &context, &mut html)
            })
            .map(|()| html);
        match rendered {
            Ok(html) => Ok(Artifact::bytes(output_path(url), origin, html)),
            Err(error) => {
                let what = file.map_or(url.to_string(), |f| f.source.path.display().to_string());
                let mut diagnostic = Diagnostic::error(format!(
                    "cannot render `{what}` with the template `{template}`: {error}"
                ))
                .with_help("fix the template, or the value the message names");
                if let Some(file) = file {
                    diagnostic = diagnostic.in_file(&file.source.path);
                }
                Err(diagnostic)
            }
        }
    }

    pub(super) fn template_or_error(
        &self,
        wanted: &str,
        file: &ContentFile,
    ) -> Result<(), Diagnostic> {
        if self.templates.has(wanted) {
            return Ok(());
        }
        Err(
            Diagnostic::error(format!("the template `{wanted}` does not exist"))
                .at(&file.source, file.span_of("template"))
                .with_help(format!("use one of: {}", self.templates.names().join(", "))),
        )
    }

    pub(super) fn summary(&self, id: PageId) -> PageSummaryView<'_> {
        let page: &Page = self.site.page(id);
        PageSummaryView {
            content_lang: (page.file.lang != page.lang).then_some(page.file.lang.as_str()),
            title: &page.title,
            description: page.front.description.as_deref(),
            url: &page.url,
            date: self.date(&page.lang, page.front.date),
            summary: self.bodies.pages[id].summary.as_deref(),
        }
    }
}

/// A language's search page: its home followed by the slug of its `search-title` UI string
/// (`/tim-kiem/`, `/en/search/`).
fn search_url(site: &Site, locales: &Locales, lang: &str) -> Option<String> {
    let title = locales.format(lang, "search-title", &HashMap::new())?;
    let slug = slugify(&title);
    let home = site.config.language(lang)?.root_path();
    (!slug.is_empty()).then(|| format!("{home}{slug}/"))
}

fn site_view(site: &Site, lang: &str, search_url: Option<String>) -> SiteView {
    let language = site
        .config
        .language(lang)
        .unwrap_or_else(|| site.config.default_language());
    let nav = site
        .home(lang)
        .map(|home| {
            site.sections[home]
                .subsections
                .iter()
                .map(|id| LinkView {
                    title: site.sections[*id].title.clone(),
                    url: site.sections[*id].url.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    SiteView {
        title: language.title.clone(),
        description: language.description.clone(),
        base_url: site.config.base_url.clone(),
        default_language: site.config.default_language.clone(),
        home_url: language.root_path(),
        nav,
        search_url,
        data_url: site.data_page(lang),
    }
}
