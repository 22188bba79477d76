//! Every section's and page's URL path, from the language prefix and the slugs (DESIGN,
//! "URLs"); front matter `slug` and `path` are checked here, so no URL can leave the site.

use crate::config::Config;
use crate::config::kinds::Kind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::content::ContentFile;
use crate::model::page::{Page, Section};
use crate::model::record::Record;
use crate::model::sections::last_segment;
use crate::text::slug::{is_url_segment, normalize_url_path, slugify};

/// A dated record's own iCalendar file, beside its page and named after it
/// (`/le-hoi/hoi-vat-lang-sinh/hoi-vat-lang-sinh.ics`), so that "add to calendar" saves a file
/// whose name says what it is; `None` for a record without a date in the calendar window.
pub fn event_calendar_url(record: &Record, kind: &Kind, page_url: &str) -> Option<String> {
    let field = kind.calendar.as_deref()?;
    if !record.has_occurrences(field) {
        return None;
    }
    let folder = page_url.trim_end_matches('/');
    let name = folder
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or("event");
    Some(format!("{folder}/{name}.ics"))
}

/// Computes every section's and page's URL path from the language prefix and the slugs.
pub(super) fn assign_urls(
    config: &Config,
    sections: &mut [Section],
    pages: &mut [Page],
    diagnostics: &mut Diagnostics,
) {
    // Parents are created before their children, so one pass in id order sees parents' URLs.
    for id in 0..sections.len() {
        let section = &sections[id];
        let url = match section.parent {
            None => config
                .language(&section.lang)
                .map(|language| language.root_path())
                .unwrap_or_else(|| "/".to_string()),
            Some(parent) => {
                let slug = match (&section.file, &section.front.slug) {
                    (Some(file), Some(slug)) => checked_slug(slug, file, diagnostics),
                    _ => folder_slug(last_segment(&section.dir)),
                };
                format!("{}{}/", sections[parent].url, slug)
            }
        };
        sections[id].url = url;
    }
    for page in pages.iter_mut() {
        let root = config
            .language(&page.lang)
            .map(|language| language.root_path())
            .unwrap_or_else(|| "/".to_string());
        page.url = match &page.front.path {
            Some(path) => match normalize_url_path(path) {
                Some(path) => format!("{}{}", root.trim_end_matches('/'), path),
                None => {
                    diagnostics.push(
                        Diagnostic::error(format!("`path = \"{path}\"` is not a safe URL path"))
                            .at(&page.file.source, page.file.span_of("path"))
                            .with_label("here")
                            .with_help("use segments of letters, digits and `-` such as \"/visit/hue/\"; `..` and hidden names are not allowed"),
                    );
                    format!("{root}{}/", folder_slug(&page.file.key))
                }
            },
            None => {
                let slug = match &page.front.slug {
                    Some(slug) => checked_slug(slug, &page.file, diagnostics),
                    None => {
                        let stem = last_segment(&page.file.dir);
                        let slug = slugify(stem);
                        if slug.is_empty() {
                            diagnostics.push(
                                Diagnostic::error(format!(
                                    "the file name of `{}` gives an empty URL",
                                    page.file.source.path.display()
                                ))
                                .in_file(&page.file.source.path)
                                .with_help("rename the file with Latin letters, or set `slug` in its front matter"),
                            );
                        }
                        slug
                    }
                };
                format!("{}{}/", sections[page.section].url, slug)
            }
        };
    }
}

pub(super) fn folder_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// A `slug` from front matter must already be one URL segment: it is never allowed to add `/`
/// or `..` to a path.
fn checked_slug(slug: &str, file: &ContentFile, diagnostics: &mut Diagnostics) -> String {
    if is_url_segment(slug) && slug != "page" {
        return slug.to_string();
    }
    let suggestion = slugify(slug);
    diagnostics.push(
        Diagnostic::error(format!("`slug = \"{slug}\"` is not a valid URL segment"))
            .at(&file.source, file.span_of("slug"))
            .with_label("here")
            .with_help(if suggestion.is_empty() || suggestion == "page" {
                "use lower-case letters, digits and `-`, e.g. slug = \"imperial-city\"".to_string()
            } else {
                format!("use letters, digits and `-` only, e.g. slug = \"{suggestion}\"")
            }),
    );
    if suggestion.is_empty() {
        "invalid".to_string()
    } else {
        suggestion
    }
}
