//! Taxonomies per language: the terms editors wrote in front matter, each with its pages.

use std::collections::BTreeMap;

use crate::model::page::PageId;

#[derive(Debug, Clone)]
pub struct Term {
    /// As first written (pages in path order), e.g. `Di sản UNESCO`.
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Newest first, like a feed.
    pub pages: Vec<PageId>,
    /// The same term in other languages: language → term slug (see [`pair_terms`]).
    pub counterparts: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The name in `site.toml`, e.g. `tags`.
    pub name: String,
    pub lang: String,
    pub url: String,
    pub paginate_by: Option<usize>,
    pub feed: bool,
    /// By term slug.
    pub terms: BTreeMap<String, Term>,
}

use std::collections::BTreeSet;

use crate::model::page::Page;

/// Pairs the terms of one taxonomy across languages. A term's counterpart in another language
/// is the term that every translation of its pages carries; when broader terms carry them too,
/// the one on exactly those pages. Editors who tag translations consistently get linked term pages without extra work.
pub fn pair_terms(
    taxonomies: &mut [Taxonomy],
    pages: &[Page],
    groups: &BTreeMap<String, Vec<PageId>>,
) {
    // Page sets, so that "does this term carry all those pages" is a lookup, not a scan.
    let snapshot: Vec<(String, String, BTreeMap<String, BTreeSet<PageId>>)> = taxonomies
        .iter()
        .map(|t| {
            let terms = t
                .terms
                .iter()
                .map(|(slug, term)| (slug.clone(), term.pages.iter().copied().collect()))
                .collect();
            (t.name.clone(), t.lang.clone(), terms)
        })
        .collect();
    for taxonomy in taxonomies.iter_mut() {
        for term in taxonomy.terms.values_mut() {
            term.counterparts.clear();
            for (name, lang, other_terms) in &snapshot {
                if *name != taxonomy.name || *lang == taxonomy.lang {
                    continue;
                }
                // The pages of this term, seen through their translations into `lang`.
                let translated: BTreeSet<PageId> = term
                    .pages
                    .iter()
                    .filter_map(|id| groups.get(&pages[*id].group))
                    .flat_map(|members| members.iter().copied())
                    .filter(|id| pages[*id].lang == *lang)
                    .collect();
                if translated.is_empty() {
                    continue;
                }
                let carriers: Vec<&String> = other_terms
                    .iter()
                    .filter(|(_, their_pages)| translated.iter().all(|id| their_pages.contains(id)))
                    .map(|(slug, _)| slug)
                    .collect();
                // A broader term (on these pages and more) also carries them; the one whose
                // pages are exactly these is the counterpart.
                let exact: Vec<&String> = carriers
                    .iter()
                    .copied()
                    .filter(|slug| other_terms[*slug].len() == translated.len())
                    .collect();
                if let ([only], _) | (_, [only]) = (carriers.as_slice(), exact.as_slice()) {
                    term.counterparts.insert(lang.clone(), (*only).clone());
                }
            }
        }
    }
}
