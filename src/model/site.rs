//! The `Site` value and how the rest of huong reads it. Its fields are filled once, in order,
//! by `model::build_site`; after that it is only read, but for the files `serve` puts in place
//! of theirs when only their bodies changed (`model::kept`).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::calendar::Window;
use crate::config::Config;
use crate::load::content::ContentFile;
use crate::load::front_matter::Date;
use crate::model::assets::PublishedAsset;
use crate::model::page::{Item, Page, PageId, Section, SectionId};
use crate::model::taxonomy::Taxonomy;
use crate::model::translation::Groups;

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Every page, stand-ins last (ids from `stand_ins_from` on). Private, so that code that
    /// lists pages gets the ones written in their own language unless it asks for stand-ins.
    pub(super) pages: Vec<Page>,
    pub(super) stand_ins_from: PageId,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<PublishedAsset>,
    /// Asset index by path below `content/`, for links to bundle files.
    pub(super) asset_by_rel: HashMap<String, usize>,
    pub(super) groups: Groups,
    /// Content-relative file key (`di-san/dai-noi`) → the items written from it, per language.
    pub(super) by_key: HashMap<String, Vec<(String, Item)>>,
    /// Keys of draft pages left out of this build, so a link to one is explained.
    pub drafts: BTreeSet<String>,
    /// Translation stubs (`needs_translation = true`): not published, counted as missing.
    pub stubs: Vec<Arc<ContentFile>>,
    /// The years whose occurrences of schedules are shown and exported.
    pub window: Window,
    /// The build's day: what "next" means for a schedule.
    pub today: NaiveDate,
}

impl Site {
    /// Puts each of `replaced`'s files in place of the file at its key's address: in pages
    /// (a stand-in shares its original's file), sections and stubs.
    pub(super) fn replace_files(
        &mut self,
        replaced: &HashMap<*const ContentFile, Arc<ContentFile>>,
    ) {
        let replace = |file: &mut Arc<ContentFile>| {
            if let Some(new) = replaced.get(&Arc::as_ptr(file)) {
                *file = new.clone();
            }
        };
        if replaced.is_empty() {
            return;
        }
        self.pages
            .iter_mut()
            .for_each(|page| replace(&mut page.file));
        self.sections
            .iter_mut()
            .filter_map(|section| section.file.as_mut())
            .for_each(replace);
        self.stubs.iter_mut().for_each(replace);
    }

    /// The pages written in their own language, by id (stand-ins excluded).
    pub fn pages(&self) -> &[Page] {
        &self.pages[..self.stand_ins_from]
    }

    /// Any page, stand-ins included: ids come from `pages()`, `stand_ins()` and from section
    /// lists, which show stand-ins under the `notice` policy.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id]
    }

    /// With `missing = "notice"`: the originals published in a language that has no
    /// translation of them. Only documents and section lists show these.
    pub fn stand_ins(&self) -> impl Iterator<Item = PageId> + use<> {
        self.stand_ins_from..self.pages.len()
    }

    /// Every page id, stand-ins included: the documents to render.
    pub fn page_ids(&self) -> std::ops::Range<PageId> {
        0..self.pages.len()
    }

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

    /// Every version of `item`, its own included, in language order. A stand-in has its
    /// original's translations.
    pub fn translations(&self, item: Item) -> &[Item] {
        self.groups.members(item)
    }

    pub fn translation_in(&self, item: Item, lang: &str) -> Option<Item> {
        self.translations(item)
            .iter()
            .copied()
            .find(|other| self.item_lang(*other) == lang)
    }

    /// `(lang, url)` of every version of `item`, in language order: the switcher's and the
    /// alternates' source, in documents and in the sitemap alike.
    pub fn versions(&self, item: Item) -> Vec<(String, String)> {
        self.translations(item)
            .iter()
            .map(|other| {
                (
                    self.item_lang(*other).to_string(),
                    self.item_url(*other).to_string(),
                )
            })
            .collect()
    }

    /// The `hreflang` alternates of a document with these versions: every version, then
    /// `x-default` (the default language's) when there is more than one.
    pub fn alternates(&self, versions: &[(String, String)]) -> Vec<(String, String)> {
        let mut alternates = versions.to_vec();
        if versions.len() < 2 {
            return alternates;
        }
        let default = versions
            .iter()
            .find(|(lang, _)| *lang == self.config.default_language);
        if let Some((_, url)) = default {
            alternates.push(("x-default".to_string(), url.clone()));
        }
        alternates
    }

    /// The stand-in of `page`'s group in `lang`, when the original is published there under a
    /// notice.
    pub fn stand_in(&self, page: PageId, lang: &str) -> Option<PageId> {
        self.groups.stand_in(&self.pages[page].group, lang)
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

    /// When a list of pages last changed: the newest [`Page::last_changed`] among them. Lists
    /// the site makes (a tag's pages, the search of a language) show it as their own.
    pub fn last_changed(&self, pages: impl IntoIterator<Item = PageId>) -> Option<Date> {
        pages
            .into_iter()
            .filter_map(|id| self.pages[id].last_changed())
            .max()
    }

    /// The pages written in one language (stand-ins excluded), in path order.
    pub fn pages_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = PageId> + 'a {
        (0..self.stand_ins_from).filter(move |id| self.pages[*id].lang == lang)
    }

    /// The URL of a language's open-data page (`/data/`, `/en/data/`), when the site has data.
    pub fn data_page(&self, lang: &str) -> Option<String> {
        let any = self
            .config
            .kinds
            .iter()
            .any(|kind| !kind.formats().is_empty());
        let language = self.config.language(lang)?;
        any.then(|| format!("{}data/", language.root_path()))
    }

    /// The published asset at a path below `content/`.
    pub fn asset(&self, rel: &str) -> Option<&PublishedAsset> {
        self.asset_by_rel.get(rel).map(|index| &self.assets[*index])
    }

    /// The versions of a taxonomy's own page (`/chu-de/`, `/en/topics/`), as `(lang, url)`.
    pub fn taxonomy_versions(&self, taxonomy: &Taxonomy) -> Vec<(String, String)> {
        self.taxonomies
            .iter()
            .filter(|t| t.name == taxonomy.name)
            .map(|t| (t.lang.clone(), t.url.clone()))
            .collect()
    }

    /// A term page's versions: itself and its counterparts in other languages, as `(lang, url)`.
    pub fn term_versions(
        &self,
        taxonomy: &Taxonomy,
        term: &crate::model::taxonomy::Term,
    ) -> Vec<(String, String)> {
        let mut versions = vec![(taxonomy.lang.clone(), term.url.clone())];
        for (lang, slug) in &term.counterparts {
            let other = self
                .taxonomies
                .iter()
                .find(|t| t.name == taxonomy.name && &t.lang == lang)
                .and_then(|t| t.terms.get(slug));
            if let Some(other) = other {
                versions.push((lang.clone(), other.url.clone()));
            }
        }
        versions.sort_by_key(|(lang, _)| self.config.language_rank(lang));
        versions
    }
}
