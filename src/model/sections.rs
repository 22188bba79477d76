//! Sections and pages as they are built from files: each folder a section per language (its
//! ancestors created as needed), each page filed under its section, stand-ins added for the
//! `notice` policy, then each section's lists put in order.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::content::{ContentFile, Front};
use crate::load::front_matter::SectionFront;
use crate::model::order::{TitleOrder, sort_pages};
use crate::model::page::{Page, PageId, Section, SectionId};
use crate::model::translation::translation_group;

pub(super) struct Builder<'a> {
    config: &'a Config,
    sections: Vec<Section>,
    /// By language, then folder: looked up for every page without copying either.
    section_index: HashMap<String, HashMap<String, SectionId>>,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> Builder<'a> {
    pub(super) fn new(config: &'a Config, diagnostics: &'a mut Diagnostics) -> Self {
        Builder {
            config,
            sections: Vec::new(),
            section_index: HashMap::new(),
            diagnostics,
        }
    }

    /// The sections, parents before their children.
    pub(super) fn finish(self) -> Vec<Section> {
        self.sections
    }

    pub(super) fn add_section_file(&mut self, file: Arc<ContentFile>) {
        let Front::Section(front) = &file.front else {
            return;
        };
        let front = (**front).clone();
        if front.paginate_by == Some(0) {
            self.diagnostics.push(
                Diagnostic::error("`paginate_by` must be at least 1")
                    .at(&file.source, file.span_of("paginate_by"))
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
        if let Some(id) = self.section_index.get(lang).and_then(|dirs| dirs.get(dir)) {
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
            .entry(lang.to_string())
            .or_default()
            .insert(dir.to_string(), id);
        id
    }

    pub(super) fn add_pages(&mut self, files: Vec<Arc<ContentFile>>) -> Vec<Page> {
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
            let group = translation_group(&file).to_string();
            if let Some(other) = seen.get(&(group.clone(), file.lang.clone())) {
                let other = &pages[*other].file;
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` and `{}` are both the `{}` version of `{group}`",
                        other.source.path.display(),
                        file.source.path.display(),
                        file.lang
                    ))
                    .at(&file.source, file.span_of("translation_key"))
                    .with_help("a `translation_key` is shared only by translations of one page, one per language"),
                );
                continue;
            }
            seen.insert((group.clone(), file.lang.clone()), pages.len());
            let section = self.ensure_section(parent_of(&file.dir), &file.lang);
            pages.push(Page {
                group,
                lang: file.lang.clone(),
                title,
                front,
                file,
                section,
                url: String::new(),
                stand_in: false,
                record: None,
            });
        }
        pages
    }

    /// For every original with no version in a language, the original itself published there
    /// (`missing = "notice"`).
    pub(super) fn add_stand_ins(&mut self, pages: &mut Vec<Page>) {
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

/// Lists each section's pages (stand-ins included) and subsections, in their order.
pub(super) fn link_sections(
    sections: &mut [Section],
    pages: &[Page],
    config: &Config,
    today: NaiveDate,
) {
    let orders: HashMap<&str, TitleOrder> = config
        .languages
        .iter()
        .map(|language| (language.code.as_str(), TitleOrder::new(&language.code)))
        .collect();
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
        let order = &orders[section.lang.as_str()];
        let sort_by = section.front.sort_by;
        sort_pages(
            &mut section.pages,
            sort_by,
            pages,
            order,
            today,
            &config.kinds,
        );
        section.subsections.sort_by(|a, b| {
            let ((wa, ta, da), (wb, tb, db)) = (&snapshot[*a], &snapshot[*b]);
            wa.cmp(wb)
                .then_with(|| order.compare(ta, tb))
                .then_with(|| da.cmp(db))
        });
    }
}

pub(super) fn parent_of(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

pub(super) fn last_segment(dir: &str) -> &str {
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
