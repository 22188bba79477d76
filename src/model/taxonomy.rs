//! Taxonomies per language: the terms editors wrote in front matter, each with its pages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::model::page::{Item, Page, PageId};
use crate::model::translation::Groups;
use crate::text::slug::slugify;

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
    /// Every spelling editors wrote → its term's slug, so that pages find their terms without
    /// slugging again.
    pub written: HashMap<String, String>,
}

impl Taxonomy {
    /// The term a page names as `written`.
    pub fn term_named(&self, written: &str) -> Option<&Term> {
        self.terms.get(self.written.get(written)?)
    }

    /// The pages of every term (a page with two terms comes twice).
    pub fn pages(&self) -> impl Iterator<Item = PageId> + '_ {
        self.terms
            .values()
            .flat_map(|term| term.pages.iter().copied())
    }
}

/// Pairs the terms of one taxonomy across languages. A term's counterpart in another language
/// is the term that every translation of its pages carries; when broader terms carry them too,
/// the one on exactly those pages. Editors who tag translations consistently get linked term pages without extra work.
pub fn pair_terms(taxonomies: &mut [Taxonomy], pages: &[Page], groups: &Groups) {
    // Each taxonomy's terms with their number of pages, and each page's terms in it, so that
    // the terms that carry a set of pages are those its pages share.
    let snapshot: Vec<TermsOfPages> = taxonomies
        .iter()
        .map(|t| {
            let mut by_page: Vec<Vec<&str>> = vec![Vec::new(); pages.len()];
            for (slug, term) in &t.terms {
                for id in &term.pages {
                    let terms = &mut by_page[*id];
                    // A page may name a term twice (two spellings of one slug).
                    if terms.last() != Some(&slug.as_str()) {
                        terms.push(slug);
                    }
                }
            }
            let sizes = t
                .terms
                .iter()
                .map(|(slug, term)| {
                    (
                        slug.clone(),
                        term.pages.iter().collect::<BTreeSet<_>>().len(),
                    )
                })
                .collect();
            (t.name.clone(), t.lang.clone(), sizes, by_page)
        })
        .collect();
    let mut pairs = Vec::new();
    for (index, taxonomy) in taxonomies.iter().enumerate() {
        for (slug, term) in &taxonomy.terms {
            for (name, lang, sizes, by_page) in &snapshot {
                if *name != taxonomy.name || *lang == taxonomy.lang {
                    continue;
                }
                // The pages of this term, seen through their translations into `lang`.
                let mut translated: Vec<PageId> = term
                    .pages
                    .iter()
                    .flat_map(|id| groups.members(Item::Page(*id)))
                    .filter_map(|member| match member {
                        Item::Page(id) if pages[*id].lang == *lang => Some(*id),
                        _ => None,
                    })
                    .collect();
                translated.sort_unstable();
                translated.dedup();
                let mut shared = translated.iter().map(|id| &by_page[*id]);
                let Some(first) = shared.next() else {
                    continue;
                };
                let mut carriers: Vec<&str> = first.clone();
                for terms in shared {
                    carriers.retain(|slug| terms.contains(slug));
                }
                // A broader term (on these pages and more) also carries them; the one whose
                // pages are exactly these is the counterpart.
                let exact: Vec<&str> = carriers
                    .iter()
                    .copied()
                    .filter(|slug| sizes[*slug] == translated.len())
                    .collect();
                if let ([only], _) | (_, [only]) = (carriers.as_slice(), exact.as_slice()) {
                    pairs.push((index, slug.clone(), lang.clone(), only.to_string()));
                }
            }
        }
    }
    for taxonomy in taxonomies.iter_mut() {
        for term in taxonomy.terms.values_mut() {
            term.counterparts.clear();
        }
    }
    for (index, slug, lang, counterpart) in pairs {
        if let Some(term) = taxonomies[index].terms.get_mut(&slug) {
            term.counterparts.insert(lang, counterpart);
        }
    }
    keep_mutual_pairs(taxonomies);
}

/// A taxonomy's name and language, each term's number of pages by slug, and each page's terms
/// (by page id).
type TermsOfPages<'a> = (String, String, HashMap<String, usize>, Vec<Vec<&'a str>>);

/// A pairing holds only both ways: when two English terms each find the same Vietnamese term,
/// which finds neither (or another), none of them claims it, so no tag page declares an
/// `hreflang` version that does not link back. `check` then lists them as unpaired.
fn keep_mutual_pairs(taxonomies: &mut [Taxonomy]) {
    let claims: BTreeSet<(String, String, String, String, String)> = taxonomies
        .iter()
        .flat_map(|taxonomy| {
            taxonomy.terms.values().flat_map(move |term| {
                term.counterparts.iter().map(move |(lang, slug)| {
                    let from = (taxonomy.lang.clone(), term.slug.clone());
                    (
                        taxonomy.name.clone(),
                        from.0,
                        from.1,
                        lang.clone(),
                        slug.clone(),
                    )
                })
            })
        })
        .collect();
    for taxonomy in taxonomies.iter_mut() {
        for term in taxonomy.terms.values_mut() {
            let (name, lang, slug) = (&taxonomy.name, &taxonomy.lang, &term.slug);
            term.counterparts.retain(|other_lang, other_slug| {
                let back = (
                    name.clone(),
                    other_lang.clone(),
                    other_slug.clone(),
                    lang.clone(),
                    slug.clone(),
                );
                claims.contains(&back)
            });
        }
    }
}

/// The terms of every declared taxonomy in every language, from the pages written in that
/// language; undeclared taxonomies are reported.
pub(super) fn collect_taxonomies(
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
                        page.file.span_of(&format!("taxonomies.{name}")),
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
            let mut written: HashMap<String, String> = HashMap::new();
            for (id, page) in pages.iter().enumerate() {
                if page.lang != language.code {
                    continue;
                }
                let Some(names) = page.front.taxonomies.get(&taxonomy.name) else {
                    continue;
                };
                for name in names {
                    if !written.contains_key(name) {
                        written.insert(name.clone(), slugify(name));
                    }
                    let term_slug = &written[name];
                    if term_slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::error(format!("the term `{name}` gives an empty URL"))
                                .at(
                                    &page.file.source,
                                    page.file.span_of(&format!("taxonomies.{}", taxonomy.name)),
                                )
                                .with_help("write the term with letters or digits"),
                        );
                        continue;
                    }
                    // Looked up before it is made: most pages name terms made before.
                    if !terms.contains_key(term_slug) {
                        let term = Term {
                            name: name.trim().to_string(),
                            url: format!("{url}{term_slug}/"),
                            slug: term_slug.clone(),
                            pages: Vec::new(),
                            counterparts: BTreeMap::new(),
                        };
                        terms.insert(term_slug.clone(), term);
                    }
                    // Pages come in id order, so a page tagged twice is the last one added.
                    if let Some(term) = terms.get_mut(term_slug)
                        && term.pages.last() != Some(&id)
                    {
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
                written,
            });
        }
    }
    taxonomies
}
