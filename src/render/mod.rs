//! Rendering: Markdown bodies, then one HTML document per output path through the theme's
//! templates, in parallel. Pure functions of the site model; the results are artefacts.

pub mod cache;
pub mod date;
pub mod i18n;
pub mod markdown;
pub mod shortcode;
pub mod structured_data;
pub mod templates;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::load::content::ContentFile;
use crate::model::Site;
use crate::model::page::{Item, Page, PageId, Section, SectionId};
use crate::model::slug::slugify;
use crate::model::taxonomy::Taxonomy;
use crate::output::{Artifact, ArtifactContent, output_path};
use crate::render::cache::{CachedBody, RenderCache, Signatures};
use crate::render::date::DateFormats;
use crate::render::i18n::Locales;
use crate::render::markdown::{RenderedMarkdown, render_markdown};
use crate::render::shortcode::ShortcodeCall;
use crate::render::structured_data::{Described, render_json_ld};
use crate::render::templates::Templates;
use crate::render::view::*;

/// The rendered Markdown of every page and section, by id.
pub struct Bodies {
    pub pages: Vec<Arc<RenderedMarkdown>>,
    pub sections: Vec<Arc<RenderedMarkdown>>,
}

/// Renders every Markdown body in parallel. With a cache (`serve`), a body is reused while its
/// file and the site's `links` signature are unchanged; returns the bodies to keep for the next
/// run (rendered under `signatures.links`).
pub fn render_bodies(
    site: &Site,
    templates: &Templates,
    cache: Option<(&RenderCache, &Signatures)>,
) -> (Bodies, Vec<Diagnostic>, HashMap<String, CachedBody>) {
    let kept = cache
        .filter(|(cache, signatures)| cache.links == signatures.links)
        .map(|(cache, _)| &cache.bodies);
    let render = |file: &ContentFile| {
        let hit = kept
            .and_then(|bodies| bodies.get(&file.rel))
            .filter(|c| c.digest == file.digest);
        if let Some(hit) = hit {
            return (hit.body.clone(), hit.problems.clone());
        }
        let shortcode = |call: &ShortcodeCall| render_shortcode(templates, &file.lang, call);
        let (body, problems) = render_markdown(site, file, &file.lang, &shortcode);
        (Arc::new(body), problems)
    };
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|page| render(&page.file))
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|section| {
            section
                .file
                .as_ref()
                .map_or_else(|| (Arc::default(), Vec::new()), |file| render(file))
        })
        .collect();

    let mut next = HashMap::new();
    if cache.is_some() {
        let files = site.pages.iter().map(|page| Some(&page.file));
        let files = files.chain(site.sections.iter().map(|section| section.file.as_ref()));
        for (file, (body, problems)) in files.zip(pages.iter().chain(&sections)) {
            let Some(file) = file else { continue };
            let kept = CachedBody {
                digest: file.digest,
                body: body.clone(),
                problems: problems.clone(),
            };
            next.insert(file.rel.clone(), kept);
        }
    }
    let mut diagnostics = Vec::new();
    let mut unzip = |results: Vec<(Arc<RenderedMarkdown>, Vec<Diagnostic>)>| {
        results
            .into_iter()
            .map(|(body, problems)| {
                diagnostics.extend(problems);
                body
            })
            .collect()
    };
    let bodies = Bodies {
        pages: unzip(pages),
        sections: unzip(sections),
    };
    (bodies, diagnostics, next)
}

fn render_shortcode(
    templates: &Templates,
    lang: &str,
    call: &ShortcodeCall,
) -> Result<String, String> {
    let name = format!("shortcodes/{}.html", call.name);
    if !templates.has(&name) {
        let known: Vec<String> = templates
            .names()
            .iter()
            .filter_map(|n| {
                n.strip_prefix("shortcodes/")?
                    .strip_suffix(".html")
                    .map(str::to_string)
            })
            .collect();
        return Err(format!(
            "unknown shortcode `{}` (the theme has: {})",
            call.name,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    let mut context = Context::new();
    for (key, value) in &call.args {
        context.insert(key.as_str(), value);
    }
    if let Some(body) = &call.body {
        context.insert("body", body);
    }
    context.insert("lang", lang);
    templates
        .render(lang, &name, &context)
        .map_err(|error| format!("the shortcode `{}` failed: {error}", call.name))
}

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

/// Every HTML document of the site. With a cache (`serve`), a document is reused while its key
/// (`Signatures::document_key`) is unchanged.
pub fn render_documents(
    site: &Site,
    templates: &Templates,
    locales: &Locales,
    bodies: &Bodies,
    cache: Option<(&RenderCache, &Signatures)>,
) -> Documents {
    let renderer = Renderer {
        site,
        templates,
        bodies,
        locales,
        dates: DateFormats::new(&site.config, locales),
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
            .map(|l| (l.code.clone(), site_view(site, &l.code)))
            .collect(),
    };
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
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

    let render = |job: &Job| {
        let key = cache.map(|(_, signatures)| signatures.document_key(site, job));
        let kept = cache
            .zip(key)
            .and_then(|((cache, _), key)| cache.documents.get(&key));
        match kept {
            Some(artifact) => (key, false, Ok(artifact.clone())),
            None => (key, true, renderer.render(job)),
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

/// The pages on page `number` of a list of `per_page` (all of them when it is not paginated).
pub(crate) fn listed(pages: &[PageId], per_page: Option<usize>, number: usize) -> &[PageId] {
    let per_page = per_page.unwrap_or(usize::MAX).max(1);
    let start = number
        .saturating_sub(1)
        .saturating_mul(per_page)
        .min(pages.len());
    let end = start.saturating_add(per_page).min(pages.len());
    &pages[start..end]
}

fn page_count(items: usize, per_page: Option<usize>) -> usize {
    match per_page {
        Some(per_page) if per_page > 0 => items.div_ceil(per_page).max(1),
        _ => 1,
    }
}

/// The URL of page `number` of a paginated list.
pub fn pager_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

fn site_view(site: &Site, lang: &str) -> SiteView {
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
    }
}

struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    bodies: &'a Bodies,
    locales: &'a Locales,
    dates: DateFormats,
    language_names: HashMap<String, String>,
    sites: HashMap<String, SiteView>,
}

/// One document, as `Renderer::common` needs to describe it.
struct Document<'a> {
    lang: &'a str,
    url: &'a str,
    title: String,
    description: Option<String>,
    /// `(lang, url)` of every version, its own included (unless it is a stand-in).
    versions: Vec<(String, String)>,
    /// `(lang, url)` of stand-ins the switcher may offer, marked as untranslated.
    stand_ins: Vec<(String, String)>,
    /// Where search engines should look instead (a stand-in points at its original).
    canonical: Option<String>,
    breadcrumbs: Vec<LinkView>,
    /// Published and modified dates of an article.
    article: Option<(Option<String>, Option<String>)>,
}

impl Renderer<'_> {
    fn render(&self, job: &Job) -> Result<Artifact, Diagnostic> {
        match job {
            Job::Page(id) => self.render_page(*id),
            Job::Section { id, number, total } => self.render_section(*id, *number, *total),
            Job::TaxonomyList(taxonomy) => self.render_taxonomy(taxonomy),
            Job::Term {
                taxonomy,
                slug,
                number,
                total,
            } => self.render_term(taxonomy, slug, *number, *total),
            Job::NotFound(lang) => self.render_not_found(lang),
        }
    }

    /// Everything a template gets besides its page, section or term: the switcher, the
    /// alternates, the canonical URL and the structured data.
    fn common(&self, doc: Document) -> Common {
        let config = &self.site.config;
        let lang = doc.lang;
        let mut alternates: Vec<Alternate> = doc
            .versions
            .iter()
            .map(|(code, url)| Alternate {
                hreflang: code.clone(),
                href: config.absolute_url(url),
            })
            .collect();
        let default_version = doc
            .versions
            .iter()
            .find(|(code, _)| *code == config.default_language);
        if let (true, Some((_, url))) = (doc.versions.len() > 1, default_version) {
            alternates.push(Alternate {
                hreflang: "x-default".to_string(),
                href: config.absolute_url(url),
            });
        }
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
        let json_ld = render_json_ld(&Described {
            lang,
            site_title: &site.title,
            home: &config.absolute_url(&site.home_url),
            title: &doc.title,
            description: &description,
            canonical: &canonical,
            breadcrumbs: &absolute_crumbs,
            article: doc.article,
        });
        Common {
            lang: lang.to_string(),
            title: doc.title,
            description,
            json_ld,
            site: site.clone(),
            canonical,
            alternates,
            languages,
            breadcrumbs: doc.breadcrumbs,
        }
    }

    fn message(&self, lang: &str, key: &str) -> Option<String> {
        self.locales.format(lang, key, &HashMap::new())
    }

    /// A taxonomy's name for readers: the `taxonomy-NAME` UI string, else its name.
    fn taxonomy_title(&self, taxonomy: &Taxonomy) -> String {
        self.message(&taxonomy.lang, &format!("taxonomy-{}", taxonomy.name))
            .unwrap_or_else(|| taxonomy.name.clone())
    }

    fn date(&self, lang: &str, date: Option<crate::load::front_matter::Date>) -> Option<DateView> {
        date.map(|date| DateView {
            iso: date.ymd(),
            display: self.dates.format(lang, date),
        })
    }

    fn versions(&self, item: Item) -> Vec<(String, String)> {
        self.site
            .translations(item)
            .iter()
            .map(|other| {
                (
                    self.site.item_lang(*other).to_string(),
                    self.site.item_url(*other).to_string(),
                )
            })
            .collect()
    }

    fn ancestors(&self, section: SectionId) -> Vec<LinkView> {
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

    fn finish(
        &self,
        lang: &str,
        template: &str,
        document: &impl serde::Serialize,
        url: &str,
        file: Option<&ContentFile>,
        origin: String,
    ) -> Result<Artifact, Diagnostic> {
        let rendered = Context::from_serialize(document)
            .map_err(|error| error.to_string())
            .and_then(|context| self.templates.render(lang, template, &context))
            .map(|html| Arc::<[u8]>::from(html.into_bytes()));
        match rendered {
            Ok(html) => Ok(Artifact {
                path: output_path(url),
                origin,
                content: ArtifactContent::Bytes(html),
            }),
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

    fn template_or_error(&self, wanted: &str, file: &ContentFile) -> Result<(), Diagnostic> {
        if self.templates.has(wanted) {
            return Ok(());
        }
        Err(
            Diagnostic::error(format!("the template `{wanted}` does not exist"))
                .at(
                    &file.source,
                    crate::load::front_matter::key_span(&file.source, &file.split, "template"),
                )
                .with_help(format!("use one of: {}", self.templates.names().join(", "))),
        )
    }

    fn summary(&self, id: PageId) -> PageSummaryView<'_> {
        let page: &Page = &self.site.pages[id];
        PageSummaryView {
            title: &page.title,
            description: page.front.description.as_deref(),
            url: &page.url,
            date: self.date(&page.lang, page.front.date),
            summary: self.bodies.pages[id].summary.as_deref(),
        }
    }

    fn render_page(&self, id: PageId) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
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
        let body = &self.bodies.pages[id];
        // The page's terms in the order the editor wrote them, looked up by slug.
        let taxonomies = page
            .front
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
                    .filter_map(|w| taxonomy.terms.get(&slugify(w)))
                {
                    if !terms.iter().any(|t| t.url == term.url) {
                        terms.push(LinkView {
                            title: term.name.clone(),
                            url: term.url.clone(),
                        });
                    }
                }
                Some(TermGroupView {
                    taxonomy: name.clone(),
                    terms,
                })
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
            versions: self.versions(Item::Page(id)),
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
                        .map(|s| (l.code.clone(), site.pages[s].url.clone()))
                })
                .collect(),
            canonical: original_url.filter(|_| page.stand_in),
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

    fn render_section(
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
            self.versions(Item::Section(id))
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
            stand_ins: Vec::new(),
            canonical: None,
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

    fn taxonomy_versions(&self, taxonomy: &Taxonomy) -> Vec<(String, String)> {
        self.site
            .taxonomies
            .iter()
            .filter(|t| t.name == taxonomy.name)
            .map(|t| (t.lang.clone(), t.url.clone()))
            .collect()
    }

    fn render_taxonomy(&self, taxonomy: &Taxonomy) -> Result<Artifact, Diagnostic> {
        let view = TaxonomyView {
            name: taxonomy.name.clone(),
            url: taxonomy.url.clone(),
            terms: taxonomy
                .terms
                .values()
                .map(|term| TermView {
                    name: term.name.clone(),
                    url: term.url.clone(),
                    count: term.pages.len(),
                })
                .collect(),
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
            versions: self.taxonomy_versions(taxonomy),
            breadcrumbs,
            article: None,
            stand_ins: Vec::new(),
            canonical: None,
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

    fn render_term(
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
                term_versions(self.site, taxonomy, term)
            } else {
                vec![(taxonomy.lang.clone(), url.clone())]
            },
            breadcrumbs,
            article: None,
            stand_ins: Vec::new(),
            canonical: None,
        });
        let term_view = TermView {
            name: term.name.clone(),
            url: term.url.clone(),
            count: term.pages.len(),
        };
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

    fn render_not_found(&self, lang: &str) -> Result<Artifact, Diagnostic> {
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
            stand_ins: Vec::new(),
            canonical: None,
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

/// A term page's versions: itself and its counterparts in other languages, as `(lang, url)`.
pub fn term_versions(
    site: &Site,
    taxonomy: &Taxonomy,
    term: &crate::model::taxonomy::Term,
) -> Vec<(String, String)> {
    let mut versions = vec![(taxonomy.lang.clone(), term.url.clone())];
    for (lang, slug) in &term.counterparts {
        let other = site
            .taxonomies
            .iter()
            .find(|t| t.name == taxonomy.name && &t.lang == lang)
            .and_then(|t| t.terms.get(slug));
        if let Some(other) = other {
            versions.push((lang.clone(), other.url.clone()));
        }
    }
    let rank = |lang: &str| site.config.languages.iter().position(|l| l.code == lang);
    versions.sort_by_key(|(lang, _)| rank(lang));
    versions
}

fn paginator(base: &str, current: usize, total: usize) -> PaginatorView {
    PaginatorView {
        current,
        total,
        previous: (current > 1).then(|| pager_url(base, current - 1)),
        next: (current < total).then(|| pager_url(base, current + 1)),
        pages: (1..=total)
            .map(|number| PagerLink {
                number,
                url: pager_url(base, number),
            })
            .collect(),
    }
}
