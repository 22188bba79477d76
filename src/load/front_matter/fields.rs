//! Reads typed front matter from the spanned value tree: each known key by its type, every
//! problem (unknown key, wrong type, impossible date) reported at the key or value it concerns,
//! all of them, not only the first. The lists of known keys live here, with the fields.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceText, closest};
use crate::load::front_matter::{Date, Format, KeySpans, PageFront, SectionFront, SortBy};
use crate::spanned::{Entry, Node, Value};

pub(super) const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "slug",
    "path",
    "aliases",
    "weight",
    "template",
    "translation_key",
    "translated_from",
    "needs_translation",
    "taxonomies",
    "extra",
];

pub(super) const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "sort_by",
    "paginate_by",
    "template",
    "page_template",
    "weight",
    "extra",
];

/// Collects the problems of one file's front matter while its fields are read.
pub(super) struct Fields<'a> {
    pub(super) source: &'a SourceText,
    pub(super) format: Format,
    pub(super) problems: Vec<Diagnostic>,
}

impl Fields<'_> {
    pub(super) fn page(&mut self, root: &Node) -> PageFront {
        let mut front = PageFront {
            spans: KeySpans::of(root),
            ..PageFront::default()
        };
        for entry in self.top_level(root) {
            match entry.key.as_str() {
                "title" => front.title = self.string(entry),
                "description" => front.description = self.string(entry),
                "date" => front.date = self.date(entry),
                "updated" => front.updated = self.date(entry),
                "draft" => front.draft = self.bool(entry).unwrap_or_default(),
                "slug" => front.slug = self.string(entry),
                "path" => front.path = self.string(entry),
                "aliases" => front.aliases = self.strings(entry).unwrap_or_default(),
                "weight" => front.weight = self.integer(entry),
                "template" => front.template = self.string(entry),
                "translation_key" => front.translation_key = self.string(entry),
                "translated_from" => front.translated_from = self.string(entry),
                "needs_translation" => {
                    front.needs_translation = self.bool(entry).unwrap_or_default()
                }
                "taxonomies" => front.taxonomies = self.term_lists(entry),
                "extra" => front.extra = self.free_table(entry),
                _ => self.unknown(entry, PAGE_KEYS),
            }
        }
        front
    }

    pub(super) fn section(&mut self, root: &Node) -> SectionFront {
        let mut front = SectionFront {
            spans: KeySpans::of(root),
            ..SectionFront::default()
        };
        for entry in self.top_level(root) {
            match entry.key.as_str() {
                "title" => front.title = self.string(entry),
                "description" => front.description = self.string(entry),
                "slug" => front.slug = self.string(entry),
                "sort_by" => front.sort_by = self.sort_by(entry).unwrap_or_default(),
                "paginate_by" => front.paginate_by = self.count(entry),
                "template" => front.template = self.string(entry),
                "page_template" => front.page_template = self.string(entry),
                "weight" => front.weight = self.integer(entry),
                "extra" => front.extra = self.free_table(entry),
                _ => self.unknown(entry, SECTION_KEYS),
            }
        }
        front
    }

    /// The entries of the document, which must be a table (`title = "..."`, not a bare value).
    fn top_level<'n>(&mut self, root: &'n Node) -> &'n [Entry] {
        match &root.value {
            Value::Table(entries) => entries,
            Value::Null => &[],
            _ => {
                self.push(
                    format!(
                        "invalid front matter: expected keys and values, found {}",
                        root.describe()
                    ),
                    root.span.clone(),
                    "here",
                    self.example("title", "\"Đại Nội Huế\""),
                );
                &[]
            }
        }
    }

    fn push(&mut self, message: String, span: Range<usize>, label: &str, help: String) {
        self.problems.push(
            Diagnostic::error(message)
                .at(self.source, span)
                .with_label(label)
                .with_help(help),
        );
    }

    /// How `key = value` is written in this file's format, for help lines.
    fn example(&self, key: &str, value: &str) -> String {
        match self.format {
            Format::Toml => format!("write it as {key} = {value}"),
            Format::Yaml => format!("write it as {key}: {value}"),
        }
    }

    fn wrong_type(&mut self, entry: &Entry, node: &Node, expected: &str, example: &str) {
        let message = format!(
            "invalid front matter: invalid type for `{}`: expected {expected}, found {}",
            entry.key,
            node.describe()
        );
        let help = self.example(&entry.key, example);
        self.push(message, node.span.clone(), "here", help);
    }

    fn unknown(&mut self, entry: &Entry, known: &[&str]) {
        let key = entry.key.as_str();
        let help = match closest(key, known.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            // Hugo and Zola users write `tags = [...]` at the top.
            None if known.contains(&"taxonomies") => format!(
                "terms of a taxonomy go in the `taxonomies` table (`[taxonomies]`, then `{key} = [\"...\"]`), values of your own in the `extra` table; the other keys are: {}",
                known.join(", ")
            ),
            None => format!("the allowed keys are: {}", known.join(", ")),
        };
        self.push(
            format!("invalid front matter: unknown field `{key}`"),
            entry.key_span.clone(),
            "unknown key",
            help,
        );
    }

    fn string(&mut self, entry: &Entry) -> Option<String> {
        match &entry.node.value {
            Value::String(text) => Some(text.clone()),
            _ => {
                self.wrong_type(entry, &entry.node, "text", "\"...\"");
                None
            }
        }
    }

    fn integer(&mut self, entry: &Entry) -> Option<i64> {
        match entry.node.value {
            Value::Integer(number) => Some(number),
            _ => {
                self.wrong_type(entry, &entry.node, "a whole number", "3");
                None
            }
        }
    }

    /// A whole number of at least zero (how many pages a list shows).
    fn count(&mut self, entry: &Entry) -> Option<usize> {
        match entry.node.value {
            Value::Integer(number) if number >= 0 => usize::try_from(number).ok(),
            _ => {
                self.wrong_type(entry, &entry.node, "a positive whole number", "10");
                None
            }
        }
    }

    fn bool(&mut self, entry: &Entry) -> Option<bool> {
        match entry.node.value {
            Value::Bool(value) => Some(value),
            _ => {
                self.wrong_type(entry, &entry.node, "true or false", "true");
                None
            }
        }
    }

    fn date(&mut self, entry: &Entry) -> Option<Date> {
        let text = match &entry.node.value {
            Value::String(text) | Value::Datetime(text) => text,
            _ => {
                self.wrong_type(entry, &entry.node, "a date", "2022-09-19");
                return None;
            }
        };
        let date = Date::parse(text);
        if date.is_none() {
            self.push(
                format!("invalid front matter: `{text}` is not a valid date (expected YYYY-MM-DD or RFC 3339)"),
                entry.node.span.clone(),
                "here",
                "write a date that exists, such as 2022-09-19 or 2022-09-19T08:00:00+07:00"
                    .to_string(),
            );
        }
        date
    }

    /// A list of text (`aliases`); one wrong item is reported, the others kept.
    fn strings(&mut self, entry: &Entry) -> Option<Vec<String>> {
        let Value::Array(items) = &entry.node.value else {
            self.wrong_type(entry, &entry.node, "a list of text", "[\"...\"]");
            return None;
        };
        let mut strings = Vec::new();
        for item in items {
            match &item.value {
                Value::String(text) => strings.push(text.clone()),
                _ => self.wrong_type(entry, item, "text in the list", "[\"...\"]"),
            }
        }
        Some(strings)
    }

    /// `[taxonomies]`: each taxonomy name with its list of terms.
    fn term_lists(&mut self, entry: &Entry) -> BTreeMap<String, Vec<String>> {
        let Value::Table(entries) = &entry.node.value else {
            self.wrong_type(entry, &entry.node, "a table", "{ tags = [\"...\"] }");
            return BTreeMap::new();
        };
        entries
            .iter()
            .filter_map(|terms| Some((terms.key.clone(), self.strings(terms)?)))
            .collect()
    }

    /// `[extra]`: free values for the theme, kept as they are.
    fn free_table(&mut self, entry: &Entry) -> serde_json::Map<String, serde_json::Value> {
        match entry.node.to_json() {
            serde_json::Value::Object(map) => map,
            _ => {
                self.wrong_type(entry, &entry.node, "a table", "{ image = \"...\" }");
                serde_json::Map::new()
            }
        }
    }

    fn sort_by(&mut self, entry: &Entry) -> Option<SortBy> {
        let order = match &entry.node.value {
            Value::String(text) => match text.as_str() {
                "date" => Some(SortBy::Date),
                "weight" => Some(SortBy::Weight),
                "title" => Some(SortBy::Title),
                "none" => Some(SortBy::None),
                _ => None,
            },
            _ => None,
        };
        if order.is_none() {
            self.push(
                format!(
                    "invalid front matter: `sort_by` must be one of `date`, `weight`, `title`, `none`, not {}",
                    match &entry.node.value {
                        Value::String(text) => format!("`{text}`"),
                        _ => entry.node.describe().to_string(),
                    }
                ),
                entry.node.span.clone(),
                "here",
                self.example("sort_by", "\"date\""),
            );
        }
        order
    }
}
