//! Translation groups: which pages and sections are versions of one another. The one place
//! that decides a file's group (its `translation_key`, else its path without language) and the
//! order of a group's members (the order of `[languages]`).

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::load::content::{ContentFile, Front};
use crate::model::page::{Item, Page, PageId, Section};

/// The translation group of a content file: `translation_key`, else its path without language
/// and extension (`di-san/dai-noi`). Stubs, pages and the `i18n` commands all ask this.
pub fn translation_group(file: &ContentFile) -> &str {
    match &file.front {
        Front::Page(front) => front.translation_key.as_deref().unwrap_or(&file.key),
        Front::Section(_) => &file.key,
    }
}

/// Every group with its members in language order, and each item's group (looked up for every
/// document, link and sitemap entry, so by index rather than by key).
#[derive(Debug, Default)]
pub struct Groups {
    members: Vec<Vec<Item>>,
    group_of: HashMap<Item, usize>,
    /// With `missing = "notice"`: page group → the stand-ins published for it, with their
    /// language. Looked up for every page rendered, so by `&str`, without building a key.
    stand_ins: HashMap<String, Vec<(String, PageId)>>,
}

impl Groups {
    /// Groups the pages (stand-ins included, from `stand_ins_from` on) and sections.
    pub fn new(
        pages: &[Page],
        stand_ins_from: PageId,
        sections: &[Section],
        config: &Config,
    ) -> Groups {
        let mut by_key: BTreeMap<(bool, &str), Vec<Item>> = BTreeMap::new();
        for (id, page) in pages[..stand_ins_from].iter().enumerate() {
            by_key
                .entry((true, &page.group))
                .or_default()
                .push(Item::Page(id));
        }
        for (id, section) in sections.iter().enumerate() {
            by_key
                .entry((false, &section.dir))
                .or_default()
                .push(Item::Section(id));
        }
        for members in by_key.values_mut() {
            members.sort_by_key(|item| {
                config.language_rank(match item {
                    Item::Page(id) => &pages[*id].lang,
                    Item::Section(id) => &sections[*id].lang,
                })
            });
        }
        let mut group_of: HashMap<Item, usize> = HashMap::new();
        let mut page_groups: HashMap<&str, usize> = HashMap::new();
        for (index, ((is_page, key), members)) in by_key.iter().enumerate() {
            group_of.extend(members.iter().map(|item| (*item, index)));
            if *is_page {
                page_groups.insert(key, index);
            }
        }
        let mut stand_ins: HashMap<String, Vec<(String, PageId)>> = HashMap::new();
        for (id, page) in pages.iter().enumerate().skip(stand_ins_from) {
            // A stand-in belongs to no group, but its translations are its original's.
            if let Some(index) = page_groups.get(page.group.as_str()) {
                group_of.insert(Item::Page(id), *index);
            }
            stand_ins
                .entry(page.group.clone())
                .or_default()
                .push((page.lang.clone(), id));
        }
        Groups {
            members: by_key.into_values().collect(),
            group_of,
            stand_ins,
        }
    }

    /// The versions of `item`, its own included, in language order.
    pub fn members(&self, item: Item) -> &[Item] {
        self.group_of
            .get(&item)
            .map_or(&[], |group| self.members[*group].as_slice())
    }

    /// Every page group, members in language order (for inheritance and term pairing).
    pub fn page_groups(&self) -> impl Iterator<Item = &[Item]> {
        self.members
            .iter()
            .filter(|members| matches!(members.first(), Some(Item::Page(_))))
            .map(Vec::as_slice)
    }

    pub fn stand_in(&self, group: &str, lang: &str) -> Option<PageId> {
        self.stand_ins
            .get(group)?
            .iter()
            .find(|(stand_in_lang, _)| stand_in_lang == lang)
            .map(|(_, id)| *id)
    }
}
