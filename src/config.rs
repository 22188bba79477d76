//! `site.toml` → [`Config`]: parsed, validated, with every value checked before any content is
//! read. Unknown keys are errors with a "did you mean" hint; every error points into `site.toml`.
//! This module reads one file and decides nothing about content.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, unknown_field_help};
use crate::text::slug::is_url_segment;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default = "default_output_dir")]
    output_dir: Spanned<String>,
    languages: Spanned<BTreeMap<String, RawLanguage>>,
    #[serde(default)]
    translations: Translations,
    #[serde(default)]
    taxonomies: Vec<Spanned<RawTaxonomy>>,
}

fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".to_string())
}

fn default_output_dir() -> Spanned<String> {
    Spanned::new(0..0, "public".to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: String,
    #[serde(default)]
    description: String,
    prefix: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: Spanned<String>,
    #[serde(default)]
    slugs: BTreeMap<String, Spanned<String>>,
    paginate_by: Option<usize>,
    #[serde(default)]
    feed: bool,
}

/// What to publish for a page that has no translation in a language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingTranslation {
    /// No page in that language.
    #[default]
    Skip,
    /// The original text at the translated URL, under a notice (see the translation workflow).
    Notice,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translations {
    #[serde(default)]
    pub missing: MissingTranslation,
    /// Top-level section folders that must be fully translated (`check --strict` fails on a gap
    /// there); empty means every section.
    #[serde(default)]
    pub required: Vec<String>,
}

#[derive(Debug, Clone)]
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

#[derive(Debug, Clone)]
pub struct TaxonomyConfig {
    pub name: String,
    /// The URL segment per language code.
    pub slugs: BTreeMap<String, String>,
    pub paginate_by: Option<usize>,
    pub feed: bool,
}

#[derive(Debug, Clone)]
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
    let source = SourceText::new(&path, text);
    let raw: RawConfig = toml::from_str(&source.text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().to_string();
        let mut diagnostic = Diagnostic::error(format!("invalid {CONFIG_FILE}: {message}"))
            .at(&source, span)
            .with_label("here");
        if let Some(help) = unknown_field_help(&message) {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostic
    })?;
    validate(root, raw, &source, overrides)
}

fn validate(
    root: &Path,
    raw: RawConfig,
    source: &SourceText,
    overrides: &ConfigOverrides,
) -> Result<Config, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut problem = problem_in(source, &mut problems);

    let base_url = overrides
        .base_url
        .clone()
        .unwrap_or_else(|| raw.base_url.get_ref().clone());
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        problem(
            raw.base_url.span(),
            format!("`base_url` must start with http:// or https://, not `{base_url}`"),
            "write the address the site is published at, e.g. \"https://example.gov.vn\"",
        );
    }

    let languages = validate_languages(&raw, &mut problem);
    let taxonomies = validate_taxonomies(&raw, &languages, &mut problem);
    if raw.theme.get_ref().is_empty() || !is_url_segment(raw.theme.get_ref()) {
        problem(
            raw.theme.span(),
            format!("`{}` is not a theme name", raw.theme.get_ref()),
            "name a folder of themes/, or \"default\"",
        );
    }
    let theme = raw.theme.get_ref();
    if theme != "default" && !root.join("themes").join(theme).is_dir() {
        problem(
            raw.theme.span(),
            format!("the theme `{theme}` is not in `themes/{theme}/`"),
            "set `theme = \"default\"` for the built-in theme, or add the theme's folder",
        );
    }
    let output_dir = overrides
        .output_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(raw.output_dir.get_ref()));
    if output_dir.as_os_str().is_empty() {
        problem(
            raw.output_dir.span(),
            "`output_dir` is empty".to_string(),
            "name a folder such as \"public\"",
        );
    }

    drop(problem);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        root: root.to_path_buf(),
        base_url: base_url.trim_end_matches('/').to_string(),
        default_language: raw.default_language.get_ref().clone(),
        theme: raw.theme.into_inner(),
        output_dir: root.join(output_dir),
        languages,
        translations: raw.translations,
        taxonomies,
    })
}

/// A closure that records an error at a span of `site.toml`.
fn problem_in<'a>(
    source: &'a SourceText,
    problems: &'a mut Diagnostics,
) -> impl FnMut(Range<usize>, String, &str) + 'a {
    move |span, message, help| {
        problems.push(
            Diagnostic::error(message)
                .at(source, span)
                .with_help(help.to_string()),
        );
    }
}

/// `[languages]`, the default language first, then the others by code.
fn validate_languages(
    raw: &RawConfig,
    problem: &mut impl FnMut(Range<usize>, String, &str),
) -> Vec<Language> {
    let default_language = raw.default_language.get_ref().clone();
    let mut languages = Vec::new();
    for (code, language) in raw.languages.get_ref() {
        if !is_language_code(code) {
            problem(
                raw.languages.span(),
                format!("`{code}` is not a language code"),
                "use a lower-case code such as \"vi\" or \"en\"",
            );
        }
        let prefix = match &language.prefix {
            Some(prefix) if code == &default_language => {
                problem(
                    prefix.span(),
                    format!("the default language `{code}` cannot have a prefix"),
                    "the default language lives at the site root; remove `prefix`",
                );
                String::new()
            }
            Some(prefix) => {
                let value = prefix.get_ref().trim_matches('/').to_string();
                if !is_url_segment(&value) {
                    problem(
                        prefix.span(),
                        format!("`{value}` cannot be a URL prefix"),
                        "use letters, digits and `-`, e.g. \"en\"",
                    );
                }
                value
            }
            None if code == &default_language => String::new(),
            None => code.clone(),
        };
        languages.push(Language {
            code: code.clone(),
            title: language.title.clone(),
            description: language.description.clone(),
            prefix,
        });
    }
    if !raw.languages.get_ref().contains_key(&default_language) {
        problem(
            raw.default_language.span(),
            format!("`default_language` is `{default_language}`, which is not in [languages]"),
            "add a [languages.<code>] table for it, or pick one of the languages listed",
        );
    }
    languages.sort_by_key(|language| (language.code != default_language, language.code.clone()));
    let mut prefixes: Vec<&str> = languages.iter().map(|l| l.prefix.as_str()).collect();
    prefixes.sort_unstable();
    if prefixes.windows(2).any(|pair| pair[0] == pair[1]) {
        problem(
            raw.languages.span(),
            "two languages share one URL prefix".to_string(),
            "give every language its own `prefix`",
        );
    }

    languages
}

/// `[[taxonomies]]`, each with a URL segment in every language.
fn validate_taxonomies(
    raw: &RawConfig,
    languages: &[Language],
    problem: &mut impl FnMut(Range<usize>, String, &str),
) -> Vec<TaxonomyConfig> {
    let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
    for taxonomy in &raw.taxonomies {
        let name = taxonomy.get_ref().name.get_ref().clone();
        if taxonomies.iter().any(|t| t.name == name) {
            problem(
                taxonomy.get_ref().name.span(),
                format!("the taxonomy `{name}` is defined twice"),
                "keep one [[taxonomies]] table per name",
            );
        }
        let mut slugs = BTreeMap::new();
        for (code, slug) in &taxonomy.get_ref().slugs {
            if !raw.languages.get_ref().contains_key(code) {
                problem(
                    slug.span(),
                    format!("`slugs` names `{code}`, which is not in [languages]"),
                    "use the codes of [languages]",
                );
            }
            if !is_url_segment(slug.get_ref()) {
                problem(
                    slug.span(),
                    format!("`{}` cannot be a URL segment", slug.get_ref()),
                    "use lower-case letters, digits and `-`",
                );
            }
            slugs.insert(code.clone(), slug.get_ref().clone());
        }
        for language in languages {
            slugs
                .entry(language.code.clone())
                .or_insert_with(|| crate::text::slug::slugify(&name));
        }
        if taxonomy.get_ref().paginate_by == Some(0) {
            problem(
                taxonomy.span(),
                "`paginate_by` must be at least 1".to_string(),
                "remove it to list every page on one page",
            );
        }
        taxonomies.push(TaxonomyConfig {
            name,
            slugs,
            paginate_by: taxonomy.get_ref().paginate_by,
            feed: taxonomy.get_ref().feed,
        });
    }

    taxonomies
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
    fn default_language_must_be_listed() {
        let text = MINIMAL.replace("default_language = \"vi\"", "default_language = \"fr\"");
        let errors = parse(&text).unwrap_err().sorted();
        assert!(errors[0].message.contains("`fr`"), "{}", errors[0].message);
        assert_eq!(errors[0].line_column(), Some((2, 20)));
    }
}
