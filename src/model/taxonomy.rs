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
