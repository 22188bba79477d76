//! The `Site`: sections and pages per language, translation groups, taxonomies, every URL and
//! every published asset. Built once from loaded content by [`build_site`], a flat list of
//! steps in the order they depend on each other; then only read. Pure data: no disk, no HTML.

pub mod assets;
mod inherit;
pub mod kept;
pub mod link;
pub mod markdown_text;
pub mod order;
pub mod page;
pub mod record;
mod records;
mod sections;
pub mod signature;
mod site;
pub mod taxonomy;
pub mod translation;
pub mod translation_state;
pub mod url;

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::calendar::Window;
use crate::config::{Config, MissingTranslation};
use crate::diagnostic::Diagnostics;
use crate::load::content::{Content, Front};
use crate::model::assets::place_assets;
use crate::model::page::Item;
use crate::model::sections::Builder;
use crate::model::translation::Groups;

pub use crate::model::site::Site;

/// Turns loaded content into the site model; `include_drafts` is `--drafts`, `today` the
/// build's day (the calendar window starts in its year unless `site.toml` says otherwise).
pub fn build_site(
    config: Config,
    content: Content,
    include_drafts: bool,
    today: NaiveDate,
) -> (Site, Diagnostics) {
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

    let mut builder = Builder::new(&config, &mut diagnostics);
    for file in section_files {
        builder.add_section_file(file);
    }
    let mut pages = builder.add_pages(page_files);
    let stand_ins_from = pages.len();
    if config.translations.missing == MissingTranslation::Notice {
        builder.add_stand_ins(&mut pages);
    }
    let mut sections = builder.finish();
    inherit::borrow_untitled_section_titles(&mut sections, &config);
    inherit::inherit_section_fields(&mut sections, &config);

    let groups = Groups::new(&pages, stand_ins_from, &sections, &config);
    inherit::inherit_shared_fields(&mut pages, &groups, &config);
    let by_key = index_by_key(&pages[..stand_ins_from], &sections);
    let window = Window {
        first_year: config.calendar.from.unwrap_or(today.year()),
        years: config.calendar.years,
    };
    let context = records::Context {
        config: &config,
        sections: &sections,
        groups: &groups,
        by_key: &by_key,
        window,
    };
    records::attach_records(&context, &mut pages, stand_ins_from, &mut diagnostics);
    url::assign_urls(&config, &mut sections, &mut pages, &mut diagnostics);
    sections::link_sections(&mut sections, &pages, &config, today);
    let mut taxonomies =
        taxonomy::collect_taxonomies(&config, &pages[..stand_ins_from], &mut diagnostics);
    taxonomy::pair_terms(&mut taxonomies, &pages, &groups);

    // A bundle's files are published beside the default-language version of its page or
    // section (the first language that has one otherwise).
    let owner_url = |dir: &str| {
        let section_key = match dir {
            "" => "_index".to_string(),
            dir => format!("{dir}/_index"),
        };
        let (_, item) = [format!("{dir}/index"), section_key]
            .iter()
            .find_map(|key| by_key.get(key).and_then(|items| items.first()))?;
        let preferred = groups
            .members(*item)
            .iter()
            .find(|member| item_lang(&pages, &sections, **member) == config.default_language)
            .unwrap_or(item);
        Some(match *preferred {
            Item::Page(id) => pages[id].url.clone(),
            Item::Section(id) => sections[id].url.clone(),
        })
    };
    let assets = place_assets(content.assets, owner_url);
    let asset_by_rel = assets
        .iter()
        .enumerate()
        .map(|(index, asset)| (asset.rel.clone(), index))
        .collect();

    let site = Site {
        config,
        pages,
        stand_ins_from,
        sections,
        taxonomies,
        assets,
        asset_by_rel,
        groups,
        by_key,
        drafts,
        stubs,
        window,
        today,
    };
    (site, diagnostics)
}

fn item_lang<'a>(pages: &'a [page::Page], sections: &'a [page::Section], item: Item) -> &'a str {
    match item {
        Item::Page(id) => &pages[id].lang,
        Item::Section(id) => &sections[id].lang,
    }
}

/// Content-relative file key (`di-san/dai-noi`) → the items written from it, for links.
fn index_by_key(
    pages: &[page::Page],
    sections: &[page::Section],
) -> HashMap<String, Vec<(String, Item)>> {
    let mut by_key: HashMap<String, Vec<(String, Item)>> = HashMap::new();
    let mut file_key = |key: &str, entry: (String, Item)| match by_key.get_mut(key) {
        // Translations share their key: it is copied once.
        Some(entries) => entries.push(entry),
        None => {
            by_key.insert(key.to_string(), vec![entry]);
        }
    };
    for (id, page) in pages.iter().enumerate() {
        let entry = (page.lang.clone(), Item::Page(id));
        // A bundle is linked as `dir/index.md` or as `dir.md`.
        if let Some(dir) = page.file.key.strip_suffix("/index") {
            file_key(dir, entry.clone());
        }
        file_key(&page.file.key, entry);
    }
    for (id, section) in sections.iter().enumerate() {
        let key = match section.dir.as_str() {
            "" => "_index".to_string(),
            dir => format!("{dir}/_index"),
        };
        by_key
            .entry(key)
            .or_default()
            .push((section.lang.clone(), Item::Section(id)));
    }
    by_key
}
