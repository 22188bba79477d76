//! Inheritance of shared fields: what a translation leaves out, it takes from the
//! default-language original (dates, weight, `extra`), so values are typed once. Sections
//! without a front page in a language borrow a title. Language-neutral kind fields go here too.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::load::front_matter::SectionFront;
use crate::model::page::{Item, Page, Section};
use crate::model::translation::Groups;

/// A section with no `_index` in a language (it exists because pages in that language are in
/// its folder) is titled like its front page in the default language, else any language:
/// better the original name than a made-up one from the folder.
pub(super) fn borrow_untitled_section_titles(sections: &mut [Section], config: &Config) {
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

/// Section front pages share `weight`, `sort_by`, `paginate_by` and `extra` keys with the
/// default-language original, like pages do, so the menu and the lists have one order in every
/// language.
pub(super) fn inherit_section_fields(sections: &mut [Section], config: &Config) {
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
        // A list is ordered and paginated alike in every language unless a translation says
        // otherwise.
        if section.front.spans.get("sort_by").is_none() {
            section.front.sort_by = original.sort_by;
        }
        section.front.paginate_by = section.front.paginate_by.or(original.paginate_by);
        for (key, value) in &original.extra {
            section
                .front
                .extra
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
}

/// A translation that leaves `date`, `updated`, `weight` or an `extra` key out takes it from
/// the default-language original, so coordinates and dates are typed once.
pub(super) fn inherit_shared_fields(pages: &mut [Page], groups: &Groups, config: &Config) {
    for members in groups.page_groups() {
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
            let own = &pages[id].front;
            let inherits = (own.date.is_none() && shared.date.is_some())
                || (own.updated.is_none() && shared.updated.is_some())
                || (own.weight.is_none() && shared.weight.is_some())
                || shared.extra.keys().any(|key| !own.extra.contains_key(key));
            if !inherits {
                continue;
            }
            // Originals keep sharing their file's front matter; a translation that inherits
            // gets its own (copying it for every translation on every `serve` rebuild cost more
            // than the rest of this step).
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
