//! Reads typed front matter from the spanned value tree: each known key by its type, every
//! problem (unknown key, wrong type, impossible date) reported at the key or value it concerns,
//! all of them, not only the first. The lists of known keys live here, with the fields.

use std::collections::BTreeMap;

use crate::config::kinds::{Kind, PAGE_KEYS};
use crate::load::front_matter::{Date, KeySpans, PageFront, SectionFront, SortBy};
use crate::spanned::read::Reader;
use crate::spanned::{Entry, Node, Value};

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "sort_by",
    "paginate_by",
    "template",
    "page_template",
    "weight",
    "updated",
    "aliases",
    "extra",
];

/// `kinds` are the kinds `site.toml` declares: a table named after one holds a record's values,
/// which the model reads against the kind's fields.
pub(super) fn read_page(reader: &mut Reader, root: &Node, kinds: &[Kind]) -> PageFront {
    let mut front = PageFront {
        spans: KeySpans::of(root),
        ..PageFront::default()
    };
    for entry in reader.table("", root).unwrap_or_default() {
        match entry.key.as_str() {
            "title" => front.title = reader.string(entry),
            "description" => front.description = reader.string(entry),
            "date" => front.date = read_date(reader, entry),
            "updated" => front.updated = read_date(reader, entry),
            "draft" => front.draft = reader.bool(entry).unwrap_or_default(),
            "slug" => front.slug = reader.string(entry),
            "path" => front.path = reader.string(entry),
            "aliases" => front.aliases = reader.strings(entry).unwrap_or_default(),
            "weight" => front.weight = reader.integer(entry),
            "template" => front.template = reader.string(entry),
            "translation_key" => front.translation_key = reader.string(entry),
            "translated_from" => front.translated_from = reader.string(entry),
            "needs_translation" => front.needs_translation = reader.bool(entry).unwrap_or_default(),
            "taxonomies" => front.taxonomies = read_term_lists(reader, entry),
            "extra" => front.extra = read_free_table(reader, entry),
            key if kinds.iter().any(|kind| kind.name == key) => {
                front.record = Some(entry.clone());
            }
            _ => {
                // Hugo and Zola users write `tags = [...]` at the top.
                let fallback = format!(
                    "terms of a taxonomy go in the `taxonomies` table (`[taxonomies]`, then `{} = [\"...\"]`), values of your own in the `extra` table; the other keys are: {}",
                    entry.key,
                    PAGE_KEYS.join(", ")
                );
                reader.unknown(entry, PAGE_KEYS, Some(fallback));
            }
        }
    }
    front
}

pub(super) fn read_section(reader: &mut Reader, root: &Node, kinds: &[Kind]) -> SectionFront {
    let mut front = SectionFront {
        spans: KeySpans::of(root),
        ..SectionFront::default()
    };
    for entry in reader.table("", root).unwrap_or_default() {
        match entry.key.as_str() {
            "title" => front.title = reader.string(entry),
            "description" => front.description = reader.string(entry),
            "slug" => front.slug = reader.string(entry),
            "sort_by" => front.sort_by = read_sort_by(reader, entry, kinds).unwrap_or_default(),
            "paginate_by" => front.paginate_by = reader.count(entry),
            "template" => front.template = reader.string(entry),
            "page_template" => front.page_template = reader.string(entry),
            "weight" => front.weight = reader.integer(entry),
            "updated" => front.updated = read_date(reader, entry),
            "aliases" => front.aliases = reader.strings(entry).unwrap_or_default(),
            "extra" => front.extra = read_free_table(reader, entry),
            _ => reader.unknown(entry, SECTION_KEYS, None),
        }
    }
    front
}

const SORT_ORDERS: &[(&str, SortBy)] = &[
    ("date", SortBy::Date),
    ("weight", SortBy::Weight),
    ("title", SortBy::Title),
    ("none", SortBy::None),
];

/// `date`, `weight`, `title`, `none`, or `KIND.FIELD` of a declared kind.
fn read_sort_by(reader: &mut Reader, entry: &Entry, kinds: &[Kind]) -> Option<SortBy> {
    let Value::String(text) = &entry.node.value else {
        return reader.choice(entry, SORT_ORDERS);
    };
    let Some((kind_name, field_name)) = text.split_once('.') else {
        return reader.choice(entry, SORT_ORDERS);
    };
    let kind = kinds.iter().position(|kind| kind.name == kind_name);
    let field = kind.and_then(|k| kinds[k].fields.iter().position(|f| f.name == field_name));
    if let (Some(kind), Some(field)) = (kind, field) {
        return Some(SortBy::Field { kind, field });
    }
    let fields: Vec<String> = kinds
        .iter()
        .flat_map(|kind| {
            kind.fields
                .iter()
                .map(move |f| format!("{}.{}", kind.name, f.name))
        })
        .collect();
    reader.error(
        format!("`{text}` is not a field of a kind in site.toml"),
        entry.node.span.clone(),
        "here",
        format!(
            "sort by date, weight, title, none, or one of: {}",
            fields.join(", ")
        ),
    );
    None
}

fn read_date(reader: &mut Reader, entry: &Entry) -> Option<Date> {
    let text = match &entry.node.value {
        Value::String(text) | Value::Datetime(text) => text,
        _ => {
            reader.wrong_type(entry, &entry.node, "a date", "2022-09-19");
            return None;
        }
    };
    let date = Date::parse(text);
    if date.is_none() {
        reader.error(
            format!("`{text}` is not a valid date (expected YYYY-MM-DD or RFC 3339)"),
            entry.node.span.clone(),
            "here",
            "write a date that exists, such as 2022-09-19 or 2022-09-19T08:00:00+07:00".to_string(),
        );
    }
    date
}

/// `[taxonomies]`: each taxonomy name with its list of terms.
fn read_term_lists(reader: &mut Reader, entry: &Entry) -> BTreeMap<String, Vec<String>> {
    let Value::Table(entries) = &entry.node.value else {
        reader.wrong_type(entry, &entry.node, "a table", "{ tags = [\"...\"] }");
        return BTreeMap::new();
    };
    entries
        .iter()
        .filter_map(|terms| Some((terms.key.clone(), reader.strings(terms)?)))
        .collect()
}

/// `[extra]`: free values for the theme, kept as they are.
fn read_free_table(
    reader: &mut Reader,
    entry: &Entry,
) -> serde_json::Map<String, serde_json::Value> {
    match entry.node.to_json() {
        serde_json::Value::Object(map) => map,
        _ => {
            reader.wrong_type(entry, &entry.node, "a table", "{ image = \"...\" }");
            serde_json::Map::new()
        }
    }
}
