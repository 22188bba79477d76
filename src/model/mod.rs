//! The `Site`: sections and pages per language, translation groups, taxonomies and every URL.
//! Built once from loaded content, then only read. Pure data: no disk, no HTML.

pub mod link;
pub mod order;
pub mod page;
pub mod slug;
pub mod taxonomy;
pub mod translation;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, MissingTranslation};
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::load::content::{AssetFile, Content, ContentFile, Front};
use crate::load::front_matter::{SectionFront, key_span};
use crate::model::order::{TitleOrder, sort_pages};
use crate::model::page::{Item, Page, PageId, Section, SectionId};
use crate::model::slug::{is_url_segment, normalize_url_path, slugify};
use crate::model::taxonomy::{Taxonomy, Term, pair_terms};

/// A file copied next to the page or section it belongs to, once for all languages.
#[derive(Debug, Clone)]
pub struct PublishedAsset {
    pub from: PathBuf,
    /// The output path without leading slash: `di-san/dai-noi/photo.jpg`.
    pub to: String,
    /// Its path below `content/`, for resolving links to it.
    pub rel: String,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<PublishedAsset>,
    /// Translation groups, members in language order, and each item's group (looked up for
    /// every document, link and sitemap entry, so by index rather than by key).
    groups: Vec<Vec<Item>>,
    group_of: HashMap<Item, usize>,
    /// Content-relative file key (`di-san/dai-noi`) → the items written from it, per language.
    by_key: HashMap<String, Vec<(String, Item)>>,
    /// Keys of draft pages left out of this build, so a link to one is explained.
    pub drafts: BTreeSet<String>,
    /// Translation stubs (`needs_translation = true`): not published, counted as missing.
    pub stubs: Vec<Arc<ContentFile>>,
    /// With `missing = "notice"`: group → the stand-in pages published for it, with their
    /// language. Looked up for every page rendered, so by `&str`, without building a key.
    stand_ins: HashMap<String, Vec<(String, PageId)>>,
}

impl Site {
    pub fn item_lang(&self, item: Item) -> &str {
        match item {
            Item::Page(id) => &self.pages[id].lang,
            Item::Section(id) => &self.sections[id].lang,
        }
    }

    pub fn item_url(&self, item: Item) -> &str {
        match item {
            Item::Page(id) => &self.pages[id].url,
            Item::Section(id) => &self.sections[id].url,
        }
    }

    /// Every version of `item`, its own included, in language order.
    pub fn translations(&self, item: Item) -> &[Item] {
        self.group_of
            .get(&item)
            .map_or(&[], |group| self.groups[*group].as_slice())
    }

    pub fn translation_in(&self, item: Item, lang: &str) -> Option<Item> {
        self.translations(item)
            .iter()
            .copied()
            .find(|other| self.item_lang(*other) == lang)
    }

    /// The stand-in of `page`'s group in `lang`, when the original is published there under a
    /// notice.
    pub fn stand_in(&self, page: PageId, lang: &str) -> Option<PageId> {
        self.stand_ins
            .get(&self.pages[page].group)?
            .iter()
            .find(|(stand_in_lang, _)| stand_in_lang == lang)
            .map(|(_, id)| *id)
    }

    /// The items written from a content file key, as `(lang, item)`.
    pub fn items_for_key(&self, key: &str) -> &[(String, Item)] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// The sections of one language, home first.
    pub fn home(&self, lang: &str) -> Option<SectionId> {
        self.sections
            .iter()
            .position(|section| section.is_home() && section.lang == lang)
    }

    /// The pages written in one language (stand-ins excluded), in path order.
    pub fn pages_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = PageId> + 'a {
        (0..self.pages.len())
            .filter(move |id| self.pages[*id].lang == lang && !self.pages[*id].stand_in)
    }
}

/// Turns loaded content into the site model; `include_drafts` is `--drafts`.
pub fn build_site(config: Config, content: Content, include_drafts: bool) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut drafts = BTreeSet::new();
    let mut stubs = Vec::new();
    let mut page_files = Vec::new();
    let mut section_files = Vec::new();
    for file in content.files {
        match &file.front {
            Front::Page(front) if front.draft && !include_drafts => {
                drafts.insert(file.key.clone());
            }
            Front::Page(front) if front.needs_translation => stubs.push(file),
            Front::Page(_) => page_files.push(file),
            Front::Section(_) => section_files.push(file),
        }
    }
    page_files.sort_by(|a, b| a.rel.cmp(&b.rel));
    section_files.sort_by(|a, b| a.rel.cmp(&b.rel));

    let mut builder = Builder {
        config: &config,
        sections: Vec::new(),
        section_index: HashMap::new(),
        diagnostics: &mut diagnostics,
    };
    for file in section_files {
        builder.add_section_file(file);
    }
    let mut pages = builder.add_pages(page_files);
    if config.translations.missing == MissingTranslation::Notice {
        builder.add_stand_ins(&mut pages);
    }
    let mut sections = builder.sections;
    borrow_untitled_section_titles(&mut sections, &config);
    inherit_section_fields(&mut sections, &config);

    let groups = group_translations(&pages, &sections, &config);
    inherit_shared_fields(&mut pages, &groups, &config);
    assign_urls(&config, &mut sections, &mut pages, &mut diagnostics);
    let orders: HashMap<String, TitleOrder> = config
        .languages
        .iter()
        .map(|language| (language.code.clone(), TitleOrder::new(&language.code)))
        .collect();
    link_sections(&mut sections, &pages, &orders);
    let mut taxonomies = collect_taxonomies(&config, &pages, &mut diagnostics);
    let page_groups: BTreeMap<String, Vec<PageId>> = groups
        .iter()
        .filter_map(|(key, members)| {
            let group = key.strip_prefix("page:")?;
            let ids = members.iter().filter_map(|item| match item {
                Item::Page(id) => Some(*id),
                Item::Section(_) => None,
            });
            Some((group.to_string(), ids.collect()))
        })
        .collect();
    pair_terms(&mut taxonomies, &pages, &page_groups);

    let mut by_key: HashMap<String, Vec<(String, Item)>> = HashMap::new();
    let mut stand_ins: HashMap<String, Vec<(String, PageId)>> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        if page.stand_in {
            stand_ins
                .entry(page.group.clone())
                .or_default()
                .push((page.lang.clone(), id));
            continue;
        }
        by_key
            .entry(page.file.key.clone())
            .or_default()
            .push((page.lang.clone(), Item::Page(id)));
        // A bundle is linked as `dir/index.md` or as `dir.md`.
        if let Some(dir) = page.file.key.strip_suffix("/index") {
            by_key
                .entry(dir.to_string())
                .or_default()
                .push((page.lang.clone(), Item::Page(id)));
        }
    }
    for (id, section) in sections.iter().enumerate() {
        let key = if section.dir.is_empty() {
            "_index".to_string()
        } else {
            format!("{}/_index", section.dir)
        };
        by_key
            .entry(key)
            .or_default()
            .push((section.lang.clone(), Item::Section(id)));
    }

    let mut group_of: HashMap<Item, usize> = groups
        .values()
        .enumerate()
        .flat_map(|(index, members)| members.iter().map(move |item| (*item, index)))
        .collect();
    // A stand-in belongs to no group, but its translations are its original's.
    for (id, page) in pages.iter().enumerate().filter(|(_, page)| page.stand_in) {
        let original = groups
            .get(&format!("page:{}", page.group))
            .and_then(|members| members.first())
            .and_then(|member| group_of.get(member).copied());
        if let Some(index) = original {
            group_of.insert(Item::Page(id), index);
        }
    }
    let mut site = Site {
        config,
        pages,
        sections,
        taxonomies,
        assets: Vec::new(),
        group_of,
        groups: groups.into_values().collect(),
        by_key,
        drafts,
        stubs,
        stand_ins,
    };
    site.assets = place_assets(&site, content.assets);
    (site, diagnostics)
}

struct Builder<'a> {
    config: &'a Config,
    sections: Vec<Section>,
    section_index: HashMap<(String, String), SectionId>,
    diagnostics: &'a mut Diagnostics,
}

impl Builder<'_> {
    fn add_section_file(&mut self, file: Arc<ContentFile>) {
        let Front::Section(front) = &file.front else {
            return;
        };
        let front = (**front).clone();
        if front.paginate_by == Some(0) {
            self.diagnostics.push(
                Diagnostic::error("`paginate_by` must be at least 1")
                    .at(
                        &file.source,
                        key_span(&file.source, &file.split, "paginate_by"),
                    )
                    .with_help("remove it to list every page on one page"),
            );
        }
        let id = self.ensure_section(&file.dir, &file.lang);
        let section = &mut self.sections[id];
        section.title = front
            .title
            .clone()
            .unwrap_or_else(|| folder_title(&file.dir, self.config));
        section.front = front;
        section.file = Some(file);
    }

    /// The section for a folder and language, created with its ancestors when missing.
    fn ensure_section(&mut self, dir: &str, lang: &str) -> SectionId {
        if let Some(id) = self.section_index.get(&(dir.to_string(), lang.to_string())) {
            return *id;
        }
        let parent = (!dir.is_empty()).then(|| self.ensure_section(parent_of(dir), lang));
        let id = self.sections.len();
        self.sections.push(Section {
            dir: dir.to_string(),
            lang: lang.to_string(),
            file: None,
            front: SectionFront::default(),
            title: folder_title(dir, self.config),
            url: String::new(),
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        self.section_index
            .insert((dir.to_string(), lang.to_string()), id);
        id
    }

    fn add_pages(&mut self, files: Vec<Arc<ContentFile>>) -> Vec<Page> {
        let mut pages: Vec<Page> = Vec::new();
        let mut seen: HashMap<(String, String), PageId> = HashMap::new();
        for file in files {
            let Front::Page(front) = &file.front else {
                continue;
            };
            let front = front.clone();
            let Some(title) = front.title.clone().filter(|t| !t.trim().is_empty()) else {
                self.diagnostics.push(
                    Diagnostic::error(format!("`{}` has no `title`", file.source.path.display()))
                        .at(&file.source, file.split.front_matter.clone())
                        .with_label("add the title to this front matter")
                        .with_help("every page needs a title, e.g. title = \"Đại Nội Huế\""),
                );
                continue;
            };
            let group = front
                .translation_key
                .clone()
                .unwrap_or_else(|| file.key.clone());
            if let Some(other) = seen.get(&(group.clone(), file.lang.clone())) {
                let other = &pages[*other].file;
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` and `{}` are both the `{}` version of `{group}`",
                        other.source.path.display(),
                        file.source.path.display(),
                        file.lang
                    ))
                    .at(&file.source, key_span(&file.source, &file.split, "translation_key"))
                    .with_help("a `translation_key` is shared only by translations of one page, one per language"),
                );
                continue;
            }
            seen.insert((group.clone(), file.lang.clone()), pages.len());
            let section = self.ensure_section(parent_of(&file.dir), &file.lang.clone());
            pages.push(Page {
                group,
                lang: file.lang.clone(),
                title,
                front,
                file,
                section,
                url: String::new(),
                stand_in: false,
            });
        }
        pages
    }

    /// For every original with no version in a language, the original itself published there
    /// (`missing = "notice"`).
    fn add_stand_ins(&mut self, pages: &mut Vec<Page>) {
        let present: BTreeSet<(String, String)> = pages
            .iter()
            .map(|page| (page.group.clone(), page.lang.clone()))
            .collect();
        let originals: Vec<usize> = (0..pages.len())
            .filter(|id| pages[*id].lang == self.config.default_language)
            .collect();
        for original in originals {
            for language in self.config.languages.iter().skip(1) {
                let group = pages[original].group.clone();
                if present.contains(&(group.clone(), language.code.clone())) {
                    continue;
                }
                let mut stand_in = pages[original].clone();
                stand_in.section =
                    self.ensure_section(parent_of(&stand_in.file.dir), &language.code);
                stand_in.lang = language.code.clone();
                stand_in.stand_in = true;
                pages.push(stand_in);
            }
        }
    }
}

/// A section with no `_index` in a language (it exists because pages in that language are in
/// its folder) is titled like its front page in the default language, else any language:
/// better the original name than a made-up one from the folder.
fn borrow_untitled_section_titles(sections: &mut [Section], config: &Config) {
    let titled: HashMap<String, String> = config
        .languages
        .iter()
        .rev()
        .flat_map(|language| sections.iter().filter(move |s| s.lang == language.code))
        .filter(|section| section.file.is_some())
        .map(|section| (section.dir.clone(), section.title.clone()))
        .collect();
    for section in sections.iter_mut().filter(|s| s.file.is_none()) {
        if let Some(title) = titled.get(&section.dir) {
            section.title = title.clone();
        }
    }
}

/// Section front pages share `weight` and `extra` keys with the default-language original,
/// like pages do, so the menu has one order in every language.
fn inherit_section_fields(sections: &mut [Section], config: &Config) {
    let originals: HashMap<String, SectionFront> = sections
        .iter()
        .filter(|s| s.lang == config.default_language)
        .map(|s| (s.dir.clone(), s.front.clone()))
        .collect();
    for section in sections
        .iter_mut()
        .filter(|s| s.lang != config.default_language)
    {
        let Some(original) = originals.get(&section.dir) else {
            continue;
        };
        section.front.weight = section.front.weight.or(original.weight);
        for (key, value) in &original.extra {
            section
                .front
                .extra
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
}

fn parent_of(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

fn last_segment(dir: &str) -> &str {
    dir.rsplit('/').next().unwrap_or(dir)
}

/// A section without `_index` front matter is titled after its folder (or the site, for home).
fn folder_title(dir: &str, config: &Config) -> String {
    if dir.is_empty() {
        return config.default_language().title.clone();
    }
    let name = last_segment(dir).replace(['-', '_'], " ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Pages and sections grouped by translation key, members in language order.
fn group_translations(
    pages: &[Page],
    sections: &[Section],
    config: &Config,
) -> BTreeMap<String, Vec<Item>> {
    let mut groups: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate().filter(|(_, page)| !page.stand_in) {
        groups
            .entry(format!("page:{}", page.group))
            .or_default()
            .push(Item::Page(id));
    }
    for (id, section) in sections.iter().enumerate() {
        groups
            .entry(format!("section:{}", section.dir))
            .or_default()
            .push(Item::Section(id));
    }
    let language_rank = |lang: &str| config.languages.iter().position(|l| l.code == lang);
    for members in groups.values_mut() {
        members.sort_by_key(|item| match item {
            Item::Page(id) => language_rank(&pages[*id].lang),
            Item::Section(id) => language_rank(&sections[*id].lang),
        });
    }
    groups
}

/// A translation that leaves `date`, `updated`, `weight` or an `extra` key out takes it from
/// the default-language original, so coordinates and dates are typed once.
fn inherit_shared_fields(
    pages: &mut [Page],
    groups: &BTreeMap<String, Vec<Item>>,
    config: &Config,
) {
    for members in groups.values() {
        let Some(original) = members.iter().find_map(|item| match item {
            Item::Page(id) if pages[*id].lang == config.default_language => Some(*id),
            _ => None,
        }) else {
            continue;
        };
        let shared = pages[original].front.clone();
        for item in members {
            let Item::Page(id) = *item else { continue };
            if id == original {
                continue;
            }
            // Originals keep sharing their file's front matter; a translation gets its own.
            let front = Arc::make_mut(&mut pages[id].front);
            front.date = front.date.or(shared.date);
            front.updated = front.updated.or(shared.updated);
            front.weight = front.weight.or(shared.weight);
            for (key, value) in &shared.extra {
                front
                    .extra
                    .entry(key.clone())
                    .or_insert_with(|| value.clone());
            }
        }
    }
}

/// Computes every section's and page's URL path from the language prefix and the slugs.
fn assign_urls(
    config: &Config,
    sections: &mut [Section],
    pages: &mut [Page],
    diagnostics: &mut Diagnostics,
) {
    // Parents are created before their children, so one pass in id order sees parents' URLs.
    for id in 0..sections.len() {
        let section = &sections[id];
        let url = match section.parent {
            None => config
                .language(&section.lang)
                .map(|language| language.root_path())
                .unwrap_or_else(|| "/".to_string()),
            Some(parent) => {
                let slug = match (&section.file, &section.front.slug) {
                    (Some(file), Some(slug)) => checked_slug(slug, file, diagnostics),
                    _ => folder_slug(last_segment(&section.dir)),
                };
                format!("{}{}/", sections[parent].url, slug)
            }
        };
        sections[id].url = url;
    }
    for page in pages.iter_mut() {
        let root = config
            .language(&page.lang)
            .map(|language| language.root_path())
            .unwrap_or_else(|| "/".to_string());
        page.url = match &page.front.path {
            Some(path) => match normalize_url_path(path) {
                Some(path) => format!("{}{}", root.trim_end_matches('/'), path),
                None => {
                    diagnostics.push(
                        Diagnostic::error(format!("`path = \"{path}\"` is not a safe URL path"))
                            .at(&page.file.source, key_span(&page.file.source, &page.file.split, "path"))
                            .with_label("here")
                            .with_help("use segments of letters, digits and `-` such as \"/visit/hue/\"; `..` and hidden names are not allowed"),
                    );
                    format!("{root}{}/", folder_slug(&page.file.key))
                }
            },
            None => {
                let slug = match &page.front.slug {
                    Some(slug) => checked_slug(slug, &page.file, diagnostics),
                    None => {
                        let stem = last_segment(&page.file.dir);
                        let slug = slugify(stem);
                        if slug.is_empty() {
                            diagnostics.push(
                                Diagnostic::error(format!(
                                    "the file name of `{}` gives an empty URL",
                                    page.file.source.path.display()
                                ))
                                .in_file(&page.file.source.path)
                                .with_help("rename the file with Latin letters, or set `slug` in its front matter"),
                            );
                        }
                        slug
                    }
                };
                format!("{}{}/", sections[page.section].url, slug)
            }
        };
    }
}

fn folder_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// A `slug` from front matter must already be one URL segment: it is never allowed to add `/`
/// or `..` to a path.
fn checked_slug(slug: &str, file: &ContentFile, diagnostics: &mut Diagnostics) -> String {
    if is_url_segment(slug) && slug != "page" {
        return slug.to_string();
    }
    let suggestion = slugify(slug);
    diagnostics.push(
        Diagnostic::error(format!("`slug = \"{slug}\"` is not a valid URL segment"))
            .at(&file.source, key_span(&file.source, &file.split, "slug"))
            .with_label("here")
            .with_help(if suggestion.is_empty() || suggestion == "page" {
                "use lower-case letters, digits and `-`, e.g. slug = \"imperial-city\"".to_string()
            } else {
                format!("use letters, digits and `-` only, e.g. slug = \"{suggestion}\"")
            }),
    );
    if suggestion.is_empty() {
        "invalid".to_string()
    } else {
        suggestion
    }
}

fn link_sections(sections: &mut [Section], pages: &[Page], orders: &HashMap<String, TitleOrder>) {
    for (id, page) in pages.iter().enumerate() {
        sections[page.section].pages.push(id);
    }
    for id in 0..sections.len() {
        if let Some(parent) = sections[id].parent {
            sections[parent].subsections.push(id);
        }
    }
    let snapshot: Vec<(i64, String, String)> = sections
        .iter()
        .map(|s| {
            (
                s.front.weight.unwrap_or(i64::MAX),
                s.title.clone(),
                s.dir.clone(),
            )
        })
        .collect();
    for section in sections.iter_mut() {
        let order = &orders[&section.lang];
        sort_pages(&mut section.pages, section.front.sort_by, pages, order);
        section.subsections.sort_by(|a, b| {
            let ((wa, ta, da), (wb, tb, db)) = (&snapshot[*a], &snapshot[*b]);
            wa.cmp(wb)
                .then_with(|| order.compare(ta, tb))
                .then_with(|| da.cmp(db))
        });
    }
}

fn collect_taxonomies(
    config: &Config,
    pages: &[Page],
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for page in pages {
        for name in page.front.taxonomies.keys() {
            if !config.taxonomies.iter().any(|t| &t.name == name) {
                let known = config.taxonomies.iter().map(|t| t.name.as_str());
                let help = match closest(name, known) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => {
                        format!("declare it in site.toml with [[taxonomies]] name = \"{name}\"")
                    }
                };
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the taxonomy `{name}` is not declared in site.toml"
                    ))
                    .at(
                        &page.file.source,
                        key_span(&page.file.source, &page.file.split, name),
                    )
                    .with_help(help),
                );
            }
        }
    }
    for taxonomy in &config.taxonomies {
        for language in &config.languages {
            let slug = &taxonomy.slugs[&language.code];
            let url = format!("{}{slug}/", language.root_path());
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            // Thousands of pages carry a handful of terms: each name is slugged once.
            let mut slugs: HashMap<&str, String> = HashMap::new();
            for (id, page) in pages.iter().enumerate() {
                if page.lang != language.code || page.stand_in {
                    continue;
                }
                let Some(names) = page.front.taxonomies.get(&taxonomy.name) else {
                    continue;
                };
                for name in names {
                    let term_slug = slugs
                        .entry(name.as_str())
                        .or_insert_with(|| slugify(name))
                        .clone();
                    if term_slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::error(format!("the term `{name}` gives an empty URL"))
                                .at(
                                    &page.file.source,
                                    key_span(&page.file.source, &page.file.split, &taxonomy.name),
                                )
                                .with_help("write the term with letters or digits"),
                        );
                        continue;
                    }
                    let term = terms.entry(term_slug.clone()).or_insert_with(|| Term {
                        name: name.trim().to_string(),
                        url: format!("{url}{term_slug}/"),
                        slug: term_slug,
                        pages: Vec::new(),
                        counterparts: BTreeMap::new(),
                    });
                    // Pages come in id order, so a page tagged twice is the last one added.
                    if term.pages.last() != Some(&id) {
                        term.pages.push(id);
                    }
                }
            }
            for term in terms.values_mut() {
                term.pages.sort_by(|a, b| {
                    (pages[*b].front.date, &pages[*a].file.rel)
                        .cmp(&(pages[*a].front.date, &pages[*b].file.rel))
                });
            }
            taxonomies.push(Taxonomy {
                name: taxonomy.name.clone(),
                lang: language.code.clone(),
                url,
                paginate_by: taxonomy.paginate_by,
                feed: taxonomy.feed,
                terms,
            });
        }
    }
    taxonomies
}

/// Bundle and section files are published once, beside the default-language version of their
/// page or section (the first language that has one otherwise); every language links there.
fn place_assets(site: &Site, assets: Vec<AssetFile>) -> Vec<PublishedAsset> {
    let owner_url = |dir: &str| -> Option<String> {
        let page_key = format!("{dir}/index");
        let section_key = if dir.is_empty() {
            "_index".to_string()
        } else {
            format!("{dir}/_index")
        };
        [page_key, section_key]
            .iter()
            .find_map(|key| site.items_for_key(key).first().map(|(_, item)| *item))
            .map(|item| {
                let preferred = site
                    .translation_in(item, &site.config.default_language)
                    .unwrap_or(item);
                site.item_url(preferred).to_string()
            })
    };
    assets
        .into_iter()
        .map(|asset| {
            let name = asset.rel.rsplit('/').next().unwrap_or(&asset.rel);
            let base = owner_url(&asset.dir).unwrap_or_else(|| {
                let slugs: Vec<String> = asset
                    .dir
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(folder_slug)
                    .collect();
                format!("/{}/", slugs.join("/")).replace("//", "/")
            });
            PublishedAsset {
                from: asset.path,
                to: format!("{}{name}", base.trim_start_matches('/')),
                rel: asset.rel,
            }
        })
        .collect()
}
