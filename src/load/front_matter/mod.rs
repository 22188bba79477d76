//! Front matter: split it from the body (`+++` TOML or `---` YAML), parse it into a spanned
//! value tree, then read the typed structs of the design from it ([`fields`]). Every span is a
//! byte range of the Markdown file, so errors point at the key or value the editor wrote, and
//! later stages find where a key is written (`KeySpans`) instead of searching the text.

mod edit;
mod fields;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::config::kinds::Kind;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::load::front_matter::fields::{read_page, read_section};
use crate::spanned::read::{Reader, Syntax};
use crate::spanned::{Entry, Node, ParseError, Value, parse_toml, parse_yaml};

pub use edit::edit_front_matter;

/// Where the parts of a Markdown file are, as byte ranges of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Syntax,
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the front matter fence pair. The opening fence must be the first line; the closing
/// fence is the next line that holds only the same fence.
pub fn split_front_matter(text: &str) -> Result<Split, &'static str> {
    let (format, fence) = if text.starts_with("+++") {
        (Syntax::Toml, "+++")
    } else if text.starts_with("---") {
        (Syntax::Yaml, "---")
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

    /// The day as written, `YYYY-MM-DD`: the local date's own `Display`, which writes the
    /// digits directly. Every page, sitemap entry and search result shows one, and
    /// `format("%Y-%m-%d")` read its pattern again at each call (2 % of the search index's
    /// time in `build`).
    pub fn ymd(self) -> String {
        self.0.date_naive().to_string()
    }

    /// The local date and time and the offset, as written: what pages show. `Hash` and `Eq`
    /// see only the instant, so two spellings of one instant (`23:00-05:00`, `04:00Z` the next
    /// day) are equal there, though they show different days. Cache keys hash this.
    pub fn as_written(self) -> (NaiveDateTime, i32) {
        (self.0.naive_local(), self.0.offset().local_minus_utc())
    }
}

/// Where each key of a front matter is written, from the key to the end of its value, by
/// dotted path (`slug`, `taxonomies.tags`): what later stages underline when a value that
/// parsed well turns out wrong (a slug with `/`, a taxonomy not declared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySpans(Vec<(String, Range<usize>)>);

impl KeySpans {
    fn of(root: &Node) -> KeySpans {
        fn collect(node: &Node, prefix: &str, spans: &mut Vec<(String, Range<usize>)>) {
            for entry in node.entries() {
                let path = match prefix {
                    "" => entry.key.clone(),
                    prefix => format!("{prefix}.{}", entry.key),
                };
                spans.push((path.clone(), entry.span()));
                if matches!(entry.node.value, Value::Table(_)) {
                    collect(&entry.node, &path, spans);
                }
            }
        }
        let mut spans = Vec::new();
        collect(root, "", &mut spans);
        KeySpans(spans)
    }

    /// Where `path` is written, if it is.
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.0
            .iter()
            .find(|(key, _)| key == path)
            .map(|(_, span)| span.clone())
    }
}

/// The front matter of a page, as the design lists it.
#[derive(Debug, Clone, Default)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub translation_key: Option<String>,
    /// In a translation: the fingerprint of the original it was made from (`huong i18n mark`).
    pub translated_from: Option<String>,
    /// A stub made by `huong new`: not published, counted as missing until translated.
    pub needs_translation: bool,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The table named after a kind of `site.toml` (`[festival]`), as written: the record's
    /// values, read against the kind's fields by the model.
    pub record: Option<Entry>,
    /// Where each key is written in the file.
    pub spans: KeySpans,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    Date,
    Weight,
    Title,
    #[default]
    None,
    /// `sort_by = "festival.when"`: by a field of the pages' records (a schedule by its next
    /// occurrence), as indices into `config.kinds` and that kind's fields.
    Field {
        kind: usize,
        field: usize,
    },
}

/// The front matter of a section's `_index.LANG.md`.
#[derive(Debug, Clone, Default)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: Option<i64>,
    /// When the section's own text last changed.
    pub updated: Option<Date>,
    /// Old URLs of the section, which redirect to it.
    pub aliases: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Where each key is written in the file.
    pub spans: KeySpans,
}

/// Parses the front matter of a page (`source`, already split), reporting every problem;
/// `kinds` are the kinds declared in `site.toml`.
pub fn parse_page_front(
    source: &SourceText,
    split: &Split,
    kinds: &[Kind],
) -> Result<PageFront, Vec<Diagnostic>> {
    read_front(source, split, |reader, root| read_page(reader, root, kinds))
}

/// Parses the front matter of a section's `_index` file, reporting every problem.
pub fn parse_section_front(
    source: &SourceText,
    split: &Split,
    kinds: &[Kind],
) -> Result<SectionFront, Vec<Diagnostic>> {
    read_front(source, split, |reader, root| {
        read_section(reader, root, kinds)
    })
}

fn read_front<T>(
    source: &SourceText,
    split: &Split,
    read: impl FnOnce(&mut Reader<'_>, &Node) -> T,
) -> Result<T, Vec<Diagnostic>> {
    let root = parse_tree(source, split)?;
    let mut reader = Reader::new(source, split.format, "front matter");
    let front = read(&mut reader, &root);
    reader
        .problems
        .is_empty()
        .then_some(front)
        .ok_or(reader.problems)
}

fn parse_tree(source: &SourceText, split: &Split) -> Result<Node, Vec<Diagnostic>> {
    let text = &source.text[split.front_matter.clone()];
    let start = split.front_matter.start;
    let parsed = match split.format {
        Syntax::Toml => parse_toml(text, start),
        Syntax::Yaml => parse_yaml(text, start),
    };
    parsed.map_err(|ParseError { message, span }| {
        vec![
            Diagnostic::error(format!("invalid front matter: {message}"))
                .at(source, span)
                .with_label("here")
                .with_help(front_matter_help(split.format)),
        ]
    })
}

fn front_matter_help(format: Syntax) -> &'static str {
    match format {
        Syntax::Toml => {
            "front matter between `+++` lines is TOML: `key = \"text\"`, dates as 2022-09-19"
        }
        Syntax::Yaml => {
            "front matter between `---` lines is YAML: `key: text`, dates as 2022-09-19"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One instant written in two time zones: equal as dates (their order is the instant's),
    /// but they show different days, and cache keys must tell them apart.
    #[test]
    fn one_instant_in_two_zones_is_written_two_ways() {
        let evening = Date::parse("2024-05-01T23:00:00-05:00").unwrap();
        let morning = Date::parse("2024-05-02T04:00:00Z").unwrap();
        assert_eq!(evening, morning);
        assert_eq!(
            (evening.ymd(), morning.ymd()),
            ("2024-05-01".into(), "2024-05-02".into())
        );
        assert_ne!(evening.as_written(), morning.as_written());
    }

    #[test]
    fn splits_toml_and_yaml() {
        let split = split_front_matter("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(split.format, Syntax::Toml);
        assert_eq!(split.front_matter, 4..16);
        assert_eq!(split.body, 20..25);
        let split = split_front_matter("---\ntitle: a\n---\n").unwrap();
        assert_eq!(split.format, Syntax::Yaml);
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

    /// A day shows as chrono writes it: padded, on the day where it was written (not in UTC),
    /// and with a sign for a year of five digits.
    #[test]
    fn a_date_shows_its_day_as_written() {
        for text in [
            "2022-09-19",
            "0001-02-03",
            "9999-12-31T23:59:59+07:00",
            "2024-01-01T01:00:00+07:00",
            "2023-12-31T23:00:00-05:00",
            "+10000-01-01",
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(date.ymd(), date.0.format("%Y-%m-%d").to_string(), "{text}");
        }
        let date = |text| Date::parse(text).unwrap().ymd();
        assert_eq!(date("0001-02-03"), "0001-02-03");
        assert_eq!(date("2024-01-01T01:00:00+07:00"), "2024-01-01");
    }

    fn page(text: &str) -> Result<PageFront, Vec<Diagnostic>> {
        let source = SourceText::new("a.md", text);
        let split = split_front_matter(text).unwrap();
        parse_page_front(&source, &split, &[])
    }

    #[test]
    fn toml_error_points_at_the_markdown_line() {
        let error = page("+++\ntitle = \"a\"\ndate = 2022-02-30\n+++\n").unwrap_err();
        assert_eq!(error[0].line_column().map(|(line, _)| line), Some(3));
    }

    #[test]
    fn yaml_dates_and_unknown_keys() {
        let front = page("---\ntitle: a\ndate: 2022-09-19\n---\n").unwrap();
        assert_eq!(front.date.unwrap().ymd(), "2022-09-19");

        let error = page("---\ntitle: a\ntilte: b\n---\n").unwrap_err();
        assert_eq!(error[0].line_column(), Some((3, 1)));
        assert_eq!(error[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let text = "+++\ntitle = 5\nweight = \"first\"\nslgu = \"x\"\n[extra]\nwhen = 1\n+++\n";
        let errors = page(text).unwrap_err();
        let places: Vec<_> = errors.iter().map(|e| e.line_column()).collect();
        assert_eq!(places, [Some((2, 9)), Some((3, 10)), Some((4, 1))]);
        assert!(
            errors[1]
                .message
                .contains("expected a whole number, found text")
        );
        assert_eq!(errors[1].help.as_deref(), Some("write it as weight = 3"));
    }

    #[test]
    fn tags_at_the_top_are_answered_with_where_terms_go() {
        let errors = page("+++\ntitle = \"a\"\ntags = [\"x\"]\n+++\n").unwrap_err();
        let help = errors[0].help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("terms of a taxonomy go in the `taxonomies` table (`[taxonomies]`, then `tags = [\"...\"]`)"),
            "{help}"
        );
        assert_eq!(errors[0].line_column(), Some((3, 1)));
    }

    #[test]
    fn key_spans_find_nested_keys_exactly() {
        // `when` inside [extra] is not the `title` line that merely contains `when =`.
        let text =
            "+++\ntitle = \"when = x\"\nslug = \"../x\"\n[taxonomies]\ntags = [\"a\"]\n+++\n";
        let front = page(text).unwrap();
        assert_eq!(&text[front.spans.get("slug").unwrap()], "slug = \"../x\"");
        assert_eq!(
            &text[front.spans.get("taxonomies.tags").unwrap()],
            "tags = [\"a\"]"
        );
        assert_eq!(front.spans.get("when"), None);
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
