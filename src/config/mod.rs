//! `site.toml` → [`Config`]: parsed, validated, with every value checked before any content is
//! read. Unknown keys are errors with a "did you mean" hint; every error points into `site.toml`.
//! This module reads one file and decides nothing about content; [`kinds`] reads the typed
//! records a site declares.

pub mod kinds;

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::kinds::{
    CalendarConfig, DataConfig, Kind, read_calendar, read_data, read_kinds,
};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, closest};
use crate::spanned::read::{Reader, Syntax};
use crate::spanned::{Entry, Node, Value, parse_toml};
use crate::text::slug::{is_url_segment, slugify};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};

pub const CONFIG_FILE: &str = "site.toml";

/// What to publish for a page that has no translation in a language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MissingTranslation {
    /// No page in that language.
    #[default]
    Skip,
    /// The original text at the translated URL, under a notice (see the translation workflow).
    Notice,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    pub missing: MissingTranslation,
    /// Top-level section folders that must be fully translated (`check --strict` fails on a gap
    /// there); empty means every section.
    pub required: Vec<String>,
}

/// `[markdown]`: how bodies are turned into HTML.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownConfig {
    /// Publish raw HTML in Markdown as written (scripts, frames, forms, event handlers
    /// included) instead of keeping only what an article needs. Only for a site that trusts
    /// every editor as it trusts its theme.
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub title: String,
    pub description: String,
    /// The URL prefix without slashes; empty for the default language, which lives at the root.
    pub prefix: String,
}

impl Language {
    /// The language's home URL path: `/` or `/en/`.
    pub fn root_path(&self) -> String {
        if self.prefix.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", self.prefix)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaxonomyConfig {
    pub name: String,
    /// The URL segment per language code.
    pub slugs: BTreeMap<String, String>,
    pub paginate_by: Option<usize>,
    pub feed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub root: PathBuf,
    /// Without a trailing slash.
    pub base_url: String,
    pub default_language: String,
    pub theme: String,
    pub output_dir: PathBuf,
    /// The default language first, then the others by code.
    pub languages: Vec<Language>,
    pub translations: Translations,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub kinds: Vec<Kind>,
    pub calendar: CalendarConfig,
    pub data: DataConfig,
    pub markdown: MarkdownConfig,
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|language| language.code == code)
    }

    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// Where a language stands in `languages` (the default first): the order of versions in
    /// switchers, alternates and translation groups.
    pub fn language_rank(&self, code: &str) -> Option<usize> {
        self.languages
            .iter()
            .position(|language| language.code == code)
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
}

/// When this build happens: `SOURCE_DATE_EPOCH` when it is set (reproducible builds), else
/// now. Read once per run and handed to what dates its output (feeds, new pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildTime(pub DateTime<Utc>);

impl BuildTime {
    pub fn from_env() -> BuildTime {
        let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|value| value.trim().parse::<i64>().ok())
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0));
        BuildTime(from_epoch.unwrap_or_else(Utc::now))
    }

    /// As RFC 3339, to the second: `2026-11-28T09:00:00Z`.
    pub fn rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The day in Vietnam (UTC+7, no daylight saving): what a schedule's "next" is counted from.
    pub fn local_day(self) -> NaiveDate {
        (self.0.naive_utc() + TimeDelta::hours(7)).date()
    }

    /// The day, as `YYYY-MM-DD`.
    pub fn ymd(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

/// Command-line values that replace the file's.
#[derive(Debug, Default, Clone)]
pub struct ConfigOverrides {
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
}

/// Reads and validates `ROOT/site.toml`.
pub fn load_config(root: &Path, overrides: &ConfigOverrides) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = fs::read_to_string(&path).map_err(|error| {
        Diagnostic::error(format!("cannot read `{}`: {error}", path.display()))
            .with_help("run huong in the site's folder, or give it with `--root DIR`")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    // Shown relative to the site root, like the content files.
    let source = SourceText::new(CONFIG_FILE, text);
    let root_node = parse_toml(&source.text, 0).map_err(|error| {
        Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", error.message))
            .at(&source, error.span)
            .with_label("here")
            .with_help("site.toml is TOML: `key = \"text\"`, tables as [languages.vi]")
    })?;
    let mut reader = Reader::new(&source, Syntax::Toml, CONFIG_FILE);
    let config = read_config(&mut reader, &root_node, root, overrides);
    match config {
        Some(config) if reader.problems.is_empty() => Ok(config),
        _ => {
            let mut problems = Diagnostics::default();
            problems.extend(reader.problems);
            Err(problems)
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "base_url",
    "default_language",
    "theme",
    "output_dir",
    "languages",
    "translations",
    "taxonomies",
    "kinds",
    "calendar",
    "data",
    "markdown",
];

/// The values of `site.toml`, each checked where it is written.
fn read_config(
    reader: &mut Reader,
    node: &Node,
    root: &Path,
    overrides: &ConfigOverrides,
) -> Option<Config> {
    let mut base_url = None;
    let mut default_language = None;
    let mut theme = ("default".to_string(), 0..0);
    let mut output_dir = ("public".to_string(), 0..0);
    let mut languages = None;
    let mut translations = Translations::default();
    let mut taxonomies = None;
    let mut kinds = Vec::new();
    let mut calendar = CalendarConfig::default();
    let mut data = DataConfig::default();
    let mut markdown = MarkdownConfig::default();
    for entry in reader.table("", node)? {
        let span = entry.node.span.clone();
        match entry.key.as_str() {
            "base_url" => base_url = reader.string(entry).map(|url| (url, span)),
            "default_language" => default_language = reader.string(entry).map(|code| (code, span)),
            "theme" => theme = reader.string(entry).map_or(theme, |name| (name, span)),
            "output_dir" => {
                output_dir = reader.string(entry).map_or(output_dir, |dir| (dir, span));
            }
            "languages" => languages = Some(entry),
            "translations" => translations = read_translations(reader, entry),
            "taxonomies" => taxonomies = Some(entry),
            "kinds" => kinds = read_kinds(reader, entry, root),
            "calendar" => calendar = read_calendar(reader, entry),
            "data" => data = read_data(reader, entry),
            "markdown" => markdown = read_markdown(reader, entry),
            _ => reader.unknown(entry, TOP_KEYS, None),
        }
    }
    let (Some((base_url, base_url_span)), Some((default_language, default_span)), Some(languages)) =
        (base_url, default_language, languages)
    else {
        for (key, example) in [
            ("base_url", "\"https://example.gov.vn\""),
            ("default_language", "\"vi\""),
            ("languages", "{ vi = { title = \"...\" } }"),
        ] {
            // A misspelt key is reported as unknown, with this one as its suggestion.
            let written = |entry: &Entry| closest(&entry.key, [key]).is_some();
            if !node.entries().iter().any(written) {
                let help = reader.example(key, example);
                reader.error(
                    format!("`{key}` is missing"),
                    0..0,
                    "add it to site.toml",
                    help,
                );
            }
        }
        return None;
    };
    let base_url = overrides.base_url.clone().unwrap_or(base_url);
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        reader.error(
            format!("`base_url` must start with http:// or https://, not `{base_url}`"),
            base_url_span,
            "here",
            "write the address the site is published at, e.g. \"https://example.gov.vn\""
                .to_string(),
        );
    }
    let languages = read_languages(reader, languages, &default_language, default_span);
    let taxonomies =
        taxonomies.map_or_else(Vec::new, |entry| read_taxonomies(reader, entry, &languages));
    let (theme, theme_span) = theme;
    if theme.is_empty() || !is_url_segment(&theme) {
        reader.error(
            format!("`{theme}` is not a theme name"),
            theme_span.clone(),
            "here",
            "name a folder of themes/, or \"default\"".to_string(),
        );
    } else if theme != "default" && !root.join("themes").join(&theme).is_dir() {
        reader.error(
            format!("the theme `{theme}` is not in `themes/{theme}/`"),
            theme_span,
            "here",
            "set `theme = \"default\"` for the built-in theme, or add the theme's folder"
                .to_string(),
        );
    }
    let (output_dir, output_dir_span) = output_dir;
    let output_dir = overrides
        .output_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(output_dir));
    if output_dir.as_os_str().is_empty() {
        reader.error(
            "`output_dir` is empty".to_string(),
            output_dir_span,
            "here",
            "name a folder such as \"public\"".to_string(),
        );
    }
    Some(Config {
        root: root.to_path_buf(),
        base_url: base_url.trim_end_matches('/').to_string(),
        default_language,
        theme,
        output_dir: root.join(output_dir),
        languages,
        translations,
        taxonomies,
        kinds,
        calendar,
        data,
        markdown,
    })
}

fn read_markdown(reader: &mut Reader, entry: &Entry) -> MarkdownConfig {
    let mut markdown = MarkdownConfig::default();
    for entry in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        match entry.key.as_str() {
            "unsafe_html" => markdown.unsafe_html = reader.bool(entry).unwrap_or_default(),
            _ => reader.unknown(entry, &["unsafe_html"], None),
        }
    }
    markdown
}

fn read_translations(reader: &mut Reader, entry: &Entry) -> Translations {
    let mut translations = Translations::default();
    for entry in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        match entry.key.as_str() {
            "missing" => {
                let choices = [
                    ("skip", MissingTranslation::Skip),
                    ("notice", MissingTranslation::Notice),
                ];
                translations.missing = reader.choice(entry, &choices).unwrap_or_default();
            }
            "required" => translations.required = reader.strings(entry).unwrap_or_default(),
            _ => reader.unknown(entry, &["missing", "required"], None),
        }
    }
    translations
}

/// `[languages]`, the default language first, then the others by code.
fn read_languages(
    reader: &mut Reader,
    entry: &Entry,
    default_language: &str,
    default_span: Range<usize>,
) -> Vec<Language> {
    let mut languages = Vec::new();
    for language in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        let code = language.key.clone();
        if !is_language_code(&code) {
            reader.error(
                format!("`{code}` is not a language code"),
                language.key_span.clone(),
                "here",
                "use a lower-case code such as \"vi\" or \"en\"".to_string(),
            );
        }
        let mut title = None;
        let mut description = String::new();
        let mut prefix = None;
        for field in reader.table(&code, &language.node).unwrap_or_default() {
            match field.key.as_str() {
                "title" => title = reader.string(field),
                "description" => description = reader.string(field).unwrap_or_default(),
                "prefix" => prefix = reader.string(field).map(|p| (p, field.node.span.clone())),
                _ => reader.unknown(field, &["title", "description", "prefix"], None),
            }
        }
        let Some(title) = title else {
            let help = reader.example("title", "\"...\"");
            reader.error(
                format!("`[languages.{code}]` has no `title`"),
                language.span(),
                "here",
                help,
            );
            continue;
        };
        let prefix = match prefix {
            Some((_, span)) if code == default_language => {
                reader.error(
                    format!("the default language `{code}` cannot have a prefix"),
                    span,
                    "here",
                    "the default language lives at the site root; remove `prefix`".to_string(),
                );
                String::new()
            }
            Some((prefix, span)) => {
                let value = prefix.trim_matches('/').to_string();
                if !is_url_segment(&value) {
                    reader.error(
                        format!("`{value}` cannot be a URL prefix"),
                        span,
                        "here",
                        "use letters, digits and `-`, e.g. \"en\"".to_string(),
                    );
                }
                value
            }
            None if code == default_language => String::new(),
            None => code.clone(),
        };
        languages.push(Language {
            code,
            title,
            description,
            prefix,
        });
    }
    if !languages
        .iter()
        .any(|language| language.code == default_language)
    {
        reader.error(
            format!("`default_language` is `{default_language}`, which is not in [languages]"),
            default_span,
            "here",
            "add a [languages.<code>] table for it, or pick one of the languages listed"
                .to_string(),
        );
    }
    languages.sort_by_key(|language| (language.code != default_language, language.code.clone()));
    let mut prefixes: Vec<&str> = languages.iter().map(|l| l.prefix.as_str()).collect();
    prefixes.sort_unstable();
    if prefixes.windows(2).any(|pair| pair[0] == pair[1]) {
        reader.error(
            "two languages share one URL prefix".to_string(),
            entry.key_span.clone(),
            "here",
            "give every language its own `prefix`".to_string(),
        );
    }
    languages
}

/// `[[taxonomies]]`, each with a URL segment in every language.
fn read_taxonomies(
    reader: &mut Reader,
    entry: &Entry,
    languages: &[Language],
) -> Vec<TaxonomyConfig> {
    let Value::Array(tables) = &entry.node.value else {
        reader.wrong_type(
            entry,
            &entry.node,
            "a list of tables",
            "[{ name = \"tags\" }]",
        );
        return Vec::new();
    };
    let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
    for table in tables {
        let mut name = None;
        let mut slugs = BTreeMap::new();
        let mut paginate_by = None;
        let mut feed = false;
        for field in reader.table("taxonomies", table).unwrap_or_default() {
            match field.key.as_str() {
                "name" => name = reader.string(field).map(|n| (n, field.node.span.clone())),
                "slugs" => slugs = read_taxonomy_slugs(reader, field, languages),
                "paginate_by" => {
                    paginate_by = reader.count(field);
                    if paginate_by == Some(0) {
                        reader.error(
                            "`paginate_by` must be at least 1".to_string(),
                            field.span(),
                            "here",
                            "remove it to list every page on one page".to_string(),
                        );
                    }
                }
                "feed" => feed = reader.bool(field).unwrap_or_default(),
                _ => reader.unknown(field, &["name", "slugs", "paginate_by", "feed"], None),
            }
        }
        let Some((name, name_span)) = name else {
            let help = reader.example("name", "\"tags\"");
            reader.error(
                "a [[taxonomies]] table has no `name`".to_string(),
                table.span.clone(),
                "here",
                help,
            );
            continue;
        };
        if taxonomies.iter().any(|t| t.name == name) {
            reader.error(
                format!("the taxonomy `{name}` is defined twice"),
                name_span,
                "here",
                "keep one [[taxonomies]] table per name".to_string(),
            );
        }
        for language in languages {
            slugs
                .entry(language.code.clone())
                .or_insert_with(|| slugify(&name));
        }
        taxonomies.push(TaxonomyConfig {
            name,
            slugs,
            paginate_by,
            feed,
        });
    }
    taxonomies
}

/// A taxonomy's `slugs = { vi = "chu-de", en = "topics" }`.
fn read_taxonomy_slugs(
    reader: &mut Reader,
    entry: &Entry,
    languages: &[Language],
) -> BTreeMap<String, String> {
    let mut slugs = BTreeMap::new();
    for slug in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        let Some(value) = reader.string(slug) else {
            continue;
        };
        if !languages.iter().any(|language| language.code == slug.key) {
            reader.error(
                format!("`slugs` names `{}`, which is not in [languages]", slug.key),
                slug.key_span.clone(),
                "here",
                "use the codes of [languages]".to_string(),
            );
        }
        if !is_url_segment(&value) {
            reader.error(
                format!("`{value}` cannot be a URL segment"),
                slug.node.span.clone(),
                "here",
                "use lower-case letters, digits and `-`".to_string(),
            );
        }
        slugs.insert(slug.key.clone(), value);
    }
    slugs
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        load_config(dir.path(), &ConfigOverrides::default())
    }

    const MINIMAL: &str = "base_url = \"https://example.gov.vn/\"\ndefault_language = \"vi\"\n\
        [languages.vi]\ntitle = \"A\"\n[languages.en]\ntitle = \"B\"\n";

    #[test]
    fn default_language_comes_first_and_lives_at_root() {
        let config = parse(MINIMAL).unwrap();
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["vi", "en"]);
        assert_eq!(config.languages[0].root_path(), "/");
        assert_eq!(config.languages[1].root_path(), "/en/");
        assert_eq!(config.base_url, "https://example.gov.vn");
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let errors = parse(&format!("{MINIMAL}\n[translations]\nmisisng = \"skip\"\n"))
            .unwrap_err()
            .sorted();
        let d = &errors[0];
        assert_eq!(d.line_column(), Some((9, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `missing`?"));
    }

    #[test]
    fn a_wrong_key_in_a_language_table_points_at_its_line() {
        let text = format!("{MINIMAL}[languages.en_GB]\ntitle = \"C\"\ntitel = \"D\"\n");
        let errors = parse(&text).unwrap_err().sorted();
        let unknown = errors
            .iter()
            .find(|d| d.message.contains("unknown field `titel`"))
            .expect("the unknown key is reported");
        assert_eq!(unknown.line_column(), Some((9, 1)));
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains("`en_GB` is not a language code"))
        );
    }

    #[test]
    fn missing_keys_are_each_named() {
        let errors = parse("theme = \"default\"\n").unwrap_err().sorted();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid site.toml: `base_url` is missing",
                "invalid site.toml: `default_language` is missing",
                "invalid site.toml: `languages` is missing",
            ]
        );
    }

    #[test]
    fn default_language_must_be_listed() {
        let text = MINIMAL.replace("default_language = \"vi\"", "default_language = \"fr\"");
        let errors = parse(&text).unwrap_err().sorted();
        assert!(errors[0].message.contains("`fr`"), "{}", errors[0].message);
        assert_eq!(errors[0].line_column(), Some((2, 20)));
    }
}
