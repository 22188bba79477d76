//! The state of every translation: current, out of date, a stub, or missing. A translation
//! records the fingerprint of the original it was made from (`translated_from`); the original's
//! fingerprint changes only when its words change, not its spacing, line endings or Unicode
//! normalisation, so a fresh clone in CI gives the same answer as the editor's machine.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::Site;
use crate::model::page::{Item, Page, PageId};
use crate::model::translation::translation_group;

pub fn page_fingerprint(page: &Page) -> String {
    page.file.fingerprint().to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    /// Made from the current original.
    Current,
    /// Made from an older original; `changed` is the original's `updated` date, if it has one.
    OutOfDate {
        changed: Option<String>,
    },
    /// A translation that records no `translated_from`: nobody has confirmed which version it
    /// follows.
    Unverified,
    /// A stub from `huong new`, not yet translated.
    Stub,
    Missing,
}

/// One original and the state of its translation into one language.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The original, as a path below the site root.
    pub original: PathBuf,
    pub title: String,
    /// The translation's file, when one exists.
    pub translation: Option<PathBuf>,
    #[serde(flatten)]
    pub state: State,
}

/// Per top-level section and per language: every original and its translation's state.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Section folder (`""` for pages at the root) → language → entries.
    pub sections: BTreeMap<String, BTreeMap<String, Vec<Entry>>>,
}

impl Report {
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &Entry)> {
        self.sections.iter().flat_map(|(section, languages)| {
            languages.iter().flat_map(move |(lang, entries)| {
                entries
                    .iter()
                    .map(move |e| (section.as_str(), lang.as_str(), e))
            })
        })
    }
}

/// The top-level section a content path belongs to.
pub fn top_section(key: &str) -> &str {
    key.split_once('/').map_or("", |(first, _)| first)
}

pub fn translation_report(site: &Site) -> Report {
    let config = &site.config;
    let mut report = Report::default();
    let originals = site
        .pages()
        .iter()
        .enumerate()
        .filter(|(_, page)| page.lang == config.default_language);
    for (id, original) in originals {
        for language in config.languages.iter().skip(1) {
            let translation = site
                .translation_in(Item::Page(id), &language.code)
                .and_then(|item| match item {
                    Item::Page(t) => Some(site.page(t)),
                    Item::Section(_) => None,
                });
            let stub = site.stubs.iter().find(|stub| {
                stub.lang == language.code && translation_group(stub) == original.group
            });
            let (state, path) = match (translation, stub) {
                (Some(t), _) => (
                    translation_state(t, original),
                    Some(t.file.source.path.clone()),
                ),
                (None, Some(stub)) => (State::Stub, Some(stub.source.path.clone())),
                (None, None) => (State::Missing, None),
            };
            report
                .sections
                .entry(top_section(&original.file.key).to_string())
                .or_default()
                .entry(language.code.clone())
                .or_default()
                .push(Entry {
                    original: original.file.source.path.clone(),
                    title: original.title.clone(),
                    translation: path,
                    state,
                });
        }
    }
    report
}

/// Whether `check` compares a translation with the fingerprint of page `id`: the page is an
/// original (in the default language) with a translation that records `translated_from`.
pub fn fingerprint_compared(site: &Site, id: PageId) -> bool {
    let config = &site.config;
    site.page(id).lang == config.default_language
        && config.languages.iter().skip(1).any(|language| {
            matches!(
                site.translation_in(Item::Page(id), &language.code),
                Some(Item::Page(t)) if site.page(t).front.translated_from.is_some()
            )
        })
}

fn translation_state(translation: &Page, original: &Page) -> State {
    match translation.front.translated_from.as_deref() {
        None => State::Unverified,
        Some(recorded) if recorded == original.file.fingerprint() => State::Current,
        Some(_) => State::OutOfDate {
            changed: original.front.updated.map(|d| d.ymd()),
        },
    }
}

/// A `text` field of a record that the original has and its translation lacks: it shows
/// nothing on the translated page.
#[derive(Debug, Clone, Serialize)]
pub struct FieldGap {
    pub translation: PathBuf,
    pub original: PathBuf,
    pub lang: String,
    pub kind: String,
    pub field: String,
}

pub fn untranslated_fields(site: &Site) -> Vec<FieldGap> {
    let config = &site.config;
    let mut gaps = Vec::new();
    for (id, page) in site.pages().iter().enumerate() {
        let Some(record) = page.record.as_deref() else {
            continue;
        };
        if page.lang == config.default_language {
            continue;
        }
        let original = site
            .translation_in(Item::Page(id), &config.default_language)
            .and_then(|item| match item {
                Item::Page(original) => Some(site.page(original)),
                Item::Section(_) => None,
            });
        let Some(original) = original else { continue };
        let Some(source) = original.record.as_deref() else {
            continue;
        };
        let kind = &config.kinds[record.kind];
        for field in kind.fields.iter().filter(|f| !f.ty.is_language_neutral()) {
            if source.values.contains_key(&field.name) && !record.values.contains_key(&field.name) {
                gaps.push(FieldGap {
                    translation: page.file.source.path.clone(),
                    original: original.file.source.path.clone(),
                    lang: page.lang.clone(),
                    kind: kind.name.clone(),
                    field: field.name.clone(),
                });
            }
        }
    }
    gaps
}
