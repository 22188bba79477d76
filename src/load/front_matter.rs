//! Front matter: split it from the body (`+++` TOML or `---` YAML), then parse it into the typed
//! structs of the design. Errors point at the line of the Markdown file, not of the front matter
//! alone: the parser's span is offset by where the front matter starts.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::diagnostic::{Diagnostic, SourceText, unknown_field_help};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the parts of a Markdown file are, as byte ranges of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Format,
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the front matter fence pair. The opening fence must be the first line; the closing
/// fence is the next line that holds only the same fence.
pub fn split_front_matter(text: &str) -> Result<Split, &'static str> {
    let (format, fence) = if text.starts_with("+++") {
        (Format::Toml, "+++")
    } else if text.starts_with("---") {
        (Format::Yaml, "---")
    } else {
        return Err("the file does not start with front matter");
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != fence {
        return Err("the front matter fence must stand alone on the first line");
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..line_end].trim_end() == fence {
            return Ok(Split {
                format,
                front_matter: first_line_end..offset,
                body: line_end..text.len(),
            });
        }
        offset = line_end;
    }
    Err("the front matter is never closed")
}

/// A date from front matter: a TOML date or datetime, or a `YYYY-MM-DD` / RFC 3339 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(datetime) = DateTime::parse_from_rfc3339(text) {
            return Some(Date(datetime));
        }
        let utc = FixedOffset::east_opt(0)?;
        let naive = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|date| date.and_time(NaiveTime::MIN))
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
            .ok()?;
        naive.and_local_timezone(utc).single().map(Date)
    }

    pub fn to_rfc3339(self) -> String {
        self.0.to_rfc3339()
    }

    pub fn ymd(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2022-09-19 or 2022-09-19T08:00:00+07:00")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "`{text}` is not a valid date (expected YYYY-MM-DD or RFC 3339)"
                    ))
                })
            }
            // TOML hands its native dates over as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let (_, text): (String, String) = map
                    .next_entry()?
                    .ok_or_else(|| de::Error::custom("empty date"))?;
                self.visit_str(&text)
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// The front matter of a page, as the design lists it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub translation_key: Option<String>,
    /// In a translation: the fingerprint of the original it was made from (`huong i18n mark`).
    pub translated_from: Option<String>,
    /// A stub made by `huong new`: not published, counted as missing until translated.
    #[serde(default)]
    pub needs_translation: bool,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Date,
    Weight,
    Title,
    #[default]
    None,
}

/// The front matter of a section's `_index.LANG.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Parses the front matter of `source` (already split) into `T`, with errors placed in the file.
pub fn parse_front_matter<T: DeserializeOwned>(
    source: &SourceText,
    split: &Split,
) -> Result<T, Diagnostic> {
    let text = &source.text[split.front_matter.clone()];
    let start = split.front_matter.start;
    let (message, span) = match split.format {
        Format::Toml => match toml::from_str::<T>(text) {
            Ok(value) => return Ok(value),
            Err(error) => (
                error.message().trim().to_string(),
                error.span().unwrap_or(0..0),
            ),
        },
        Format::Yaml => {
            // An empty YAML document is null; treat it as an empty table so `title` is reported.
            let text = if text.trim().is_empty() { "{}" } else { text };
            match serde_yaml_ng::from_str::<T>(text) {
                Ok(value) => return Ok(value),
                Err(error) => {
                    let at = error.location().map_or(0, |l| l.index());
                    let message = error.to_string();
                    // serde_yaml_ng appends " at line L column C"; the diagnostic shows that.
                    let message = message
                        .split(" at line ")
                        .next()
                        .unwrap_or(&message)
                        .to_string();
                    (message, at..at)
                }
            }
        }
    };
    let span = start + span.start..start + span.end;
    let mut diagnostic = Diagnostic::error(format!("invalid front matter: {message}"))
        .at(source, span)
        .with_label("here");
    diagnostic = match unknown_field_help(&message) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help(front_matter_help(split.format)),
    };
    Err(diagnostic)
}

fn front_matter_help(format: Format) -> &'static str {
    match format {
        Format::Toml => {
            "front matter between `+++` lines is TOML: `key = \"text\"`, dates as 2022-09-19"
        }
        Format::Yaml => {
            "front matter between `---` lines is YAML: `key: text`, dates as 2022-09-19"
        }
    }
}

/// The span of the line that sets `key` in the front matter, so that problems found after
/// parsing (a bad slug, an unknown taxonomy) still point at the right line.
pub fn key_span(source: &SourceText, split: &Split, key: &str) -> Range<usize> {
    let front = &source.text[split.front_matter.clone()];
    let mut offset = split.front_matter.start;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                let indent = line.len() - trimmed.len();
                return offset + indent..offset + line.trim_end().len();
            }
        }
        offset += line.len();
    }
    split.front_matter.start.saturating_sub(4)..split.front_matter.start.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_toml_and_yaml() {
        let split = split_front_matter("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(split.format, Format::Toml);
        assert_eq!(split.front_matter, 4..16);
        assert_eq!(split.body, 20..25);
        let split = split_front_matter("---\ntitle: a\n---\n").unwrap();
        assert_eq!(split.format, Format::Yaml);
        assert_eq!(split.body, 17..17);
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert!(split_front_matter("+++\ntitle = \"a\"\nbody").is_err());
        assert!(split_front_matter("# just markdown").is_err());
        assert!(split_front_matter("").is_err());
        assert!(split_front_matter("+++ title\n+++\n").is_err());
    }

    #[test]
    fn dates_accept_the_documented_forms() {
        assert!(Date::parse("2022-09-19").is_some());
        assert!(Date::parse("2022-09-19T08:30:00+07:00").is_some());
        assert!(Date::parse("2022-09-19T08:30:00").is_some());
        assert!(Date::parse("2022-02-30").is_none());
        assert!(Date::parse("19/09/2022").is_none());
    }

    #[test]
    fn toml_error_points_at_the_markdown_line() {
        let text = "+++\ntitle = \"a\"\ndate = 2022-02-30\n+++\n";
        let source = SourceText::new("a.md", text);
        let split = split_front_matter(text).unwrap();
        let error = parse_front_matter::<PageFront>(&source, &split).unwrap_err();
        assert_eq!(error.line_column().map(|(line, _)| line), Some(3));
    }

    #[test]
    fn yaml_dates_and_unknown_keys() {
        let text = "---\ntitle: a\ndate: 2022-09-19\n---\n";
        let source = SourceText::new("a.md", text);
        let split = split_front_matter(text).unwrap();
        let page: PageFront = parse_front_matter(&source, &split).unwrap();
        assert_eq!(page.date.unwrap().ymd(), "2022-09-19");

        let text = "---\ntitle: a\ntilte: b\n---\n";
        let source = SourceText::new("a.md", text);
        let split = split_front_matter(text).unwrap();
        let error = parse_front_matter::<PageFront>(&source, &split).unwrap_err();
        assert_eq!(error.line_column().map(|(line, _)| line), Some(3));
        assert_eq!(error.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn key_span_finds_the_line() {
        let text = "+++\ntitle = \"a\"\nslug = \"../x\"\n+++\n";
        let source = SourceText::new("a.md", text);
        let split = split_front_matter(text).unwrap();
        let span = key_span(&source, &split, "slug");
        assert_eq!(&text[span], "slug = \"../x\"");
    }

    proptest! {
        #[test]
        fn split_keeps_the_body_byte_for_byte(front in "[a-z =\"\n]{0,40}", body in "\\PC*") {
            let front = front.replace("+++", "");
            let text = format!("+++\n{front}\n+++\n{body}");
            let split = split_front_matter(&text).unwrap();
            prop_assert_eq!(&text[split.body.clone()], body.as_str());
        }
    }
}

/// Sets (`Some`) or removes (`None`) one top-level key of a file's front matter, keeping every
/// other byte: its BOM, line endings, comments and order. New keys go right after the opening
/// fence, where they cannot fall into a TOML table. `value` is written as a quoted string.
pub fn edit_front_matter(text: &str, key: &str, value: Option<&str>) -> Option<String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let fence = if body.starts_with("+++") {
        "+++"
    } else if body.starts_with("---") {
        "---"
    } else {
        return None;
    };
    let assignment = |value: &str| {
        let quoted = serde_json::to_string(value).unwrap_or_default();
        if fence == "+++" {
            format!("{key} = {quoted}")
        } else {
            format!("{key}: {quoted}")
        }
    };
    let mut lines: Vec<&str> = body.split_inclusive('\n').collect();
    let close = lines
        .iter()
        .skip(1)
        .position(|line| line.trim_end() == fence)?
        + 1;
    let existing = lines[1..close].iter().position(|line| {
        line.strip_prefix(key).is_some_and(|rest| {
            rest.trim_start().starts_with('=') || rest.trim_start().starts_with(':')
        })
    });
    let replacement = value.map(|value| format!("{}{newline}", assignment(value)));
    let mut out: Vec<String> = lines.drain(..).map(str::to_string).collect();
    match (existing, replacement) {
        (Some(index), Some(line)) => out[index + 1] = line,
        (Some(index), None) => {
            out.remove(index + 1);
        }
        (None, Some(line)) => out.insert(1, line),
        (None, None) => {}
    }
    Some(format!("{bom}{}", out.concat()))
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn keys_are_set_replaced_and_removed_in_place() {
        let toml = "+++\r\ntitle = \"A\"\r\n[extra]\r\nx = 1\r\n+++\r\nBody\r\n";
        let set = edit_front_matter(toml, "translated_from", Some("ab12cd34")).unwrap();
        assert_eq!(
            set,
            "+++\r\ntranslated_from = \"ab12cd34\"\r\ntitle = \"A\"\r\n[extra]\r\nx = 1\r\n+++\r\nBody\r\n"
        );
        let replaced = edit_front_matter(&set, "translated_from", Some("ffffffff")).unwrap();
        assert!(
            replaced.contains("translated_from = \"ffffffff\"\r\n")
                && !replaced.contains("ab12cd34")
        );
        let removed = edit_front_matter(&replaced, "translated_from", None).unwrap();
        assert_eq!(removed, toml);
        let yaml = "\u{feff}---\ntitle: A\nneeds_translation: true\n---\n";
        let edited = edit_front_matter(yaml, "needs_translation", None).unwrap();
        assert_eq!(edited, "\u{feff}---\ntitle: A\n---\n");
        assert_eq!(edit_front_matter("no front matter", "x", Some("y")), None);
    }
}
