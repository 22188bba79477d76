//! What templates see: plain structs made for them, never the internal model. Field names are
//! the theme's API, documented in the README.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::html::TocEntry;
use crate::render::record::RecordView;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub default_language: String,
    /// The home page of the current language.
    pub home_url: String,
    /// The top-level sections of the current language, in menu order.
    pub nav: Vec<LinkView>,
    /// The language's search page, when the theme has one.
    pub search_url: Option<String>,
    /// The language's open-data page, when the site publishes downloads.
    pub data_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// One entry of the language switcher.
#[derive(Serialize, Clone)]
pub struct LanguageOption {
    pub code: String,
    /// The language's own name for itself ("Tiếng Việt", "English").
    pub name: String,
    /// The translation of the current page; `None` when there is none.
    pub url: Option<String>,
    /// The link leads to the original text published in this language under a notice.
    pub untranslated: bool,
    pub current: bool,
}

#[derive(Serialize, Clone)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// A date for `<time datetime="{{ d.iso }}">{{ d.display }}</time>`.
#[derive(Serialize, Clone)]
pub struct DateView {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// As the language writes it: `19 tháng 9, 2022`, `19 September 2022`.
    pub display: String,
}

/// What every template gets besides its page, section or term.
#[derive(Serialize, Clone)]
pub struct Common<'a> {
    pub lang: String,
    /// The document's own title (without the site's) and its description.
    pub title: String,
    pub description: String,
    /// schema.org JSON-LD, already escaped for a `<script type="application/ld+json">` block.
    pub json_ld: String,
    pub site: &'a SiteView,
    /// Absolute URL of this page.
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub languages: Vec<LanguageOption>,
    pub breadcrumbs: Vec<LinkView>,
}

#[derive(Serialize, Clone)]
pub struct TermGroupView {
    pub taxonomy: String,
    pub terms: Vec<LinkView>,
}

#[derive(Serialize, Clone)]
pub struct PageSummaryView<'a> {
    /// The language of the text when it is not the list's (a stand-in under the `notice`
    /// policy), so that it can be marked for screen readers and translators.
    pub content_lang: Option<&'a str>,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: &'a str,
    pub date: Option<DateView>,
    pub summary: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    /// The text is the original, shown in a language it was not translated into.
    pub notice: bool,
    /// The language the text is written in (differs from `lang` when `notice`).
    pub content_lang: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub summary: Option<&'a str>,
    pub toc: &'a [TocEntry],
    pub url: String,
    pub permalink: String,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub taxonomies: Vec<TermGroupView>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// A record's values and facts (`page.record.facts`).
    pub record: Option<RecordView>,
    /// The same values under the kind's name: `page.festival.when`.
    #[serde(flatten)]
    pub kind_values: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub url: &'a str,
    pub permalink: String,
    /// The pages on this page of the list.
    pub pages: Vec<PageSummaryView<'a>>,
    /// How many pages the whole list has, over every page of it.
    pub page_count: usize,
    /// When its text was last changed (`updated` in its `_index` file).
    pub updated: Option<DateView>,
    pub subsections: Vec<LinkView>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct PaginatorView {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
}

#[derive(Serialize)]
pub struct TermView {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// When its newest page last changed (`Site::last_changed`).
    pub updated: Option<DateView>,
}

#[derive(Serialize)]
pub struct TaxonomyView {
    pub name: String,
    pub url: String,
    pub terms: Vec<TermView>,
    /// When the newest page of any term last changed.
    pub updated: Option<DateView>,
}

/// Everything one template gets: the common part and the document's own values, side by side
/// at the top level of the context.
#[derive(Serialize)]
pub struct DocumentView<'a, T: Serialize> {
    #[serde(flatten)]
    pub common: &'a Common<'a>,
    #[serde(flatten)]
    pub own: T,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub page: &'a PageView<'a>,
}

#[derive(Serialize)]
pub struct SectionContext<'a> {
    pub section: &'a SectionView<'a>,
    pub paginator: &'a PaginatorView,
}

#[derive(Serialize)]
pub struct TaxonomyContext<'a> {
    pub taxonomy: &'a TaxonomyView,
}

#[derive(Serialize)]
pub struct TermContext<'a> {
    pub term: &'a TermView,
    pub taxonomy_name: &'a str,
    pub pages: &'a [PageSummaryView<'a>],
    pub paginator: &'a PaginatorView,
}

/// The 404 page has nothing of its own.
#[derive(Serialize)]
pub struct NothingMore {}
