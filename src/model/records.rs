//! Records across the site: which pages are records of which kind, their values read
//! (`model::record`), translations' language-neutral values inherited from the original or
//! reported when they contradict it, required fields checked, and references resolved to
//! records of the right kind.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::calendar::Window;
use crate::config::Config;
use crate::config::kinds::FieldType;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::page::{Item, Page, PageId, Section};
use crate::model::record::{FieldValue, Record, read_record};
use crate::model::translation::Groups;
use crate::spanned::read::Reader;

/// What the records of a site are settled against.
pub(super) struct Context<'a> {
    pub config: &'a Config,
    pub sections: &'a [Section],
    pub groups: &'a Groups,
    pub by_key: &'a HashMap<String, Vec<(String, Item)>>,
    pub window: Window,
}

/// The kind whose sections hold a page, as an index into `config.kinds`.
fn kind_of(config: &Config, section_dir: &str) -> Option<usize> {
    config.kinds.iter().position(|kind| {
        kind.sections.iter().any(|dir| {
            section_dir == dir
                || section_dir
                    .strip_prefix(dir.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    })
}

/// Reads every record, then settles translations, required fields and references; stand-ins
/// (from `stand_ins_from` on) show their original's record.
pub(super) fn attach_records(
    context: &Context,
    pages: &mut [Page],
    stand_ins_from: PageId,
    diagnostics: &mut Diagnostics,
) {
    let config = context.config;
    if config.kinds.is_empty() {
        return;
    }
    let mut records: Vec<Option<Record>> = Vec::with_capacity(stand_ins_from);
    for page in &pages[..stand_ins_from] {
        let kind = kind_of(config, &context.sections[page.section].dir);
        let table = page.file_front_record();
        let mut reader = Reader::new(&page.file.source, page.file.split.format, "front matter");
        let record = match (kind, table) {
            (Some(index), table) => Some(read_record(
                &mut reader,
                index,
                &config.kinds[index],
                table,
                &context.window,
            )),
            (None, Some(table)) => {
                let homes: Vec<String> = config
                    .kinds
                    .iter()
                    .filter(|k| k.name == table.key)
                    .flat_map(|k| k.sections.iter().map(|s| format!("content/{s}/")))
                    .collect();
                reader.error(
                    format!(
                        "`[{}]` values are only read in the pages of {}",
                        table.key,
                        homes.join(", ")
                    ),
                    table.key_span.clone(),
                    "here",
                    format!(
                        "move the page into {}, or remove the table",
                        homes.join(" or ")
                    ),
                );
                None
            }
            (None, None) => None,
        };
        diagnostics.extend(reader.problems);
        records.push(record);
    }
    let translations = inherit_neutral_values(context, pages, &mut records, diagnostics);
    for (id, record) in records.iter().enumerate() {
        if let Some(record) = record {
            // A translation lacks a neutral value only when its original does, which is
            // reported there.
            if !translations.contains(&id) {
                check_required(config, &pages[id], record, diagnostics);
            }
            check_refs(context, &records, &pages[id], record, diagnostics);
        }
    }
    for (page, record) in pages.iter_mut().zip(records) {
        page.record = record.map(Arc::new);
    }
    for id in stand_ins_from..pages.len() {
        let original = context
            .groups
            .members(Item::Page(id))
            .iter()
            .find_map(|item| match item {
                Item::Page(original) if pages[*original].lang == config.default_language => {
                    Some(*original)
                }
                _ => None,
            });
        pages[id].record = original.and_then(|original| pages[original].record.clone());
    }
}

impl Page {
    /// The kind table of the page's own file, if it wrote one.
    fn file_front_record(&self) -> Option<&crate::spanned::Entry> {
        match &self.file.front {
            crate::load::content::Front::Page(front) => front.record.as_ref(),
            crate::load::content::Front::Section(_) => None,
        }
    }
}

/// A translation takes the original's language-neutral values it leaves out; one it writes
/// differently is an error naming both files. Returns the translations that have an original.
fn inherit_neutral_values(
    context: &Context,
    pages: &[Page],
    records: &mut [Option<Record>],
    diagnostics: &mut Diagnostics,
) -> HashSet<PageId> {
    let mut translations = HashSet::new();
    let config = context.config;
    for members in context.groups.page_groups() {
        let Some(original) = members.iter().find_map(|item| match item {
            Item::Page(id) if pages[*id].lang == config.default_language => Some(*id),
            _ => None,
        }) else {
            continue;
        };
        let Some(shared) = records[original].clone() else {
            continue;
        };
        let kind = &config.kinds[shared.kind];
        for item in members {
            let Item::Page(id) = *item else { continue };
            if id == original {
                continue;
            }
            let Some(record) = records[id].as_mut() else {
                continue;
            };
            translations.insert(id);
            for field in kind.fields.iter().filter(|f| f.ty.is_language_neutral()) {
                let Some(value) = shared.values.get(&field.name) else {
                    continue;
                };
                match record.values.get(&field.name) {
                    None => {
                        record.values.insert(field.name.clone(), value.clone());
                    }
                    Some(own) if own == value => {}
                    Some(_) => {
                        let span = record.spans.get(&field.name).cloned().unwrap_or_default();
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "`{}` differs from the original `{}`",
                                field.name,
                                pages[original].file.source.path.display()
                            ))
                            .at(&pages[id].file.source, span)
                            .with_label("not the original's value")
                            .with_help(format!(
                                "`{}` is the same in every language: remove it here, it is taken from the original; change it there if it is wrong",
                                field.name
                            )),
                        );
                    }
                }
            }
        }
    }
    translations
}

fn check_required(config: &Config, page: &Page, record: &Record, diagnostics: &mut Diagnostics) {
    let kind = &config.kinds[record.kind];
    for field in kind.fields.iter().filter(|f| f.required) {
        if record.spans.contains_key(&field.name) || record.values.contains_key(&field.name) {
            continue;
        }
        let span = page.file_front_record().map_or_else(
            || page.file.split.front_matter.clone(),
            |table| table.span(),
        );
        let example = match field.ty {
            FieldType::Schedule => format!("{} = {{ lunar = \"10/1\" }}", field.name),
            FieldType::Geo => format!("{} = [16.4698, 107.5786]", field.name),
            _ => format!("{} = ...", field.name),
        };
        diagnostics.push(
            Diagnostic::error(format!(
                "the {} `{}` has no `{}`",
                kind.name, page.title, field.name
            ))
            .at(&page.file.source, span)
            .with_label("missing here")
            .with_help(format!("add it to the [{}] table: {example}", kind.name)),
        );
    }
}

/// Each reference the page writes leads to a record of the kind its field names.
fn check_refs(
    context: &Context,
    records: &[Option<Record>],
    page: &Page,
    record: &Record,
    diagnostics: &mut Diagnostics,
) {
    let kinds = &context.config.kinds;
    for field in &kinds[record.kind].fields {
        let FieldType::Ref(target_kind) = &field.ty else {
            continue;
        };
        let Some(span) = record.spans.get(&field.name) else {
            continue;
        };
        let keys: Vec<&String> = match record.values.get(&field.name) {
            Some(FieldValue::Ref(key)) => vec![key],
            Some(FieldValue::List(items)) => items
                .iter()
                .filter_map(|item| match item {
                    FieldValue::Ref(key) => Some(key),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for key in keys {
            let target = context.by_key.get(key.as_str()).and_then(|items| {
                items.iter().find_map(|(_, item)| match item {
                    Item::Page(id) => Some(*id),
                    Item::Section(_) => None,
                })
            });
            let problem = match target {
                None => Some(format!("`{key}.md` is not a page of this site")),
                Some(id) => match records.get(id).and_then(Option::as_ref) {
                    Some(target) if kinds[target.kind].name == *target_kind => None,
                    Some(target) => Some(format!(
                        "`{key}.md` is a {}, not a {target_kind}",
                        kinds[target.kind].name
                    )),
                    None => Some(format!("`{key}.md` is not a {target_kind}")),
                },
            };
            if let Some(problem) = problem {
                diagnostics.push(
                    Diagnostic::error(format!("`{}` points to nothing: {problem}", field.name))
                        .at(&page.file.source, span.clone())
                        .with_label("here")
                        .with_help(format!(
                            "name the file of a {target_kind} below content/, e.g. \"{}\"",
                            kinds
                                .iter()
                                .find(|k| k.name == *target_kind)
                                .and_then(|k| k.sections.first())
                                .map_or_else(
                                    || "di-san/dai-noi.md".to_string(),
                                    |s| format!("{s}/....md")
                                )
                        )),
                );
            }
        }
    }
}
