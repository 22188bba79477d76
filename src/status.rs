//! `huong i18n status`: how far each language has come, per section, as a terminal table, as
//! JSON for CI (the schema is documented in `docs/i18n-status.md`), or as a one-page HTML
//! dashboard for managers. Built from the translation report; it never writes into the site.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::missing_labels;
use crate::load::locales::Locales;
use crate::model::Site;
use crate::model::translation_state::{Entry, State};
use crate::model::translation_state::{FieldGap, untranslated_fields};
use crate::text::escape::escape_xml;

pub const SCHEMA: &str = "huong.i18n-status/1";

#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    /// Pages in the default language.
    pub originals: usize,
    /// Originals that have a translation (current, out of date or unverified).
    pub translated: usize,
    pub current: usize,
    pub out_of_date: usize,
    /// Translations that record no `translated_from`.
    pub unverified: usize,
    pub stubs: usize,
    pub missing: usize,
}

impl Counts {
    fn add(&mut self, state: &State) {
        self.originals += 1;
        match state {
            State::Current => self.current += 1,
            State::OutOfDate { .. } => self.out_of_date += 1,
            State::Unverified => self.unverified += 1,
            State::Stub => self.stubs += 1,
            State::Missing => self.missing += 1,
        }
        self.translated = self.current + self.out_of_date + self.unverified;
    }

    pub fn percent(&self) -> usize {
        (self.translated * 100)
            .checked_div(self.originals)
            .unwrap_or(100)
    }
}

#[derive(Serialize)]
pub struct LanguageStatus<'a> {
    #[serde(flatten)]
    pub counts: Counts,
    pub pages: Vec<&'a Entry>,
}

#[derive(Serialize)]
pub struct SectionStatus<'a> {
    /// The top-level folder below `content/` (`""` for pages at the root).
    pub section: String,
    pub title: String,
    pub required: bool,
    pub languages: BTreeMap<String, LanguageStatus<'a>>,
}

#[derive(Serialize)]
pub struct UiStrings {
    pub total: usize,
    pub missing: Vec<String>,
}

/// Per language: what records still lack there.
#[derive(Serialize)]
pub struct RecordStatus {
    /// Labels of kinds, fields and enum values (`KIND-FIELD`...) not defined in the language.
    pub labels_missing: Vec<String>,
    /// `text` fields a translation left out, though its original has them.
    pub text_fields_missing: Vec<FieldGap>,
}

#[derive(Serialize)]
pub struct UnpairedTerm {
    pub taxonomy: String,
    pub language: String,
    pub term: String,
}

#[derive(Serialize)]
pub struct Status<'a> {
    pub schema: &'static str,
    pub default_language: String,
    pub languages: Vec<String>,
    pub totals: BTreeMap<String, Counts>,
    pub sections: Vec<SectionStatus<'a>>,
    pub ui_strings: BTreeMap<String, UiStrings>,
    /// Only for a site with kinds.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub records: BTreeMap<String, RecordStatus>,
    pub terms_without_counterpart: Vec<UnpairedTerm>,
}

/// Collects the status; `report` must outlive it (entries are borrowed).
pub fn collect_status<'a>(
    site: &Site,
    locales: &Locales,
    report: &'a crate::model::translation_state::Report,
) -> Status<'a> {
    let config = &site.config;
    let required = &config.translations.required;
    let mut totals: BTreeMap<String, Counts> = BTreeMap::new();
    let mut sections = Vec::new();
    for (section, languages) in &report.sections {
        let title = site
            .sections
            .iter()
            .find(|s| s.dir == *section && s.lang == config.default_language)
            .map_or_else(|| section.clone(), |s| s.title.clone());
        let mut by_language = BTreeMap::new();
        for (lang, entries) in languages {
            let mut counts = Counts::default();
            for entry in entries {
                counts.add(&entry.state);
                totals.entry(lang.clone()).or_default().add(&entry.state);
            }
            by_language.insert(
                lang.clone(),
                LanguageStatus {
                    counts,
                    pages: entries.iter().collect(),
                },
            );
        }
        sections.push(SectionStatus {
            required: required.is_empty()
                || required.iter().any(|r| r.trim_matches('/') == section),
            section: section.clone(),
            title,
            languages: by_language,
        });
    }
    let others = || config.languages.iter().skip(1);
    let ui_strings = others()
        .map(|l| {
            let strings = UiStrings {
                total: locales.message_count(),
                missing: locales.missing_in(&l.code),
            };
            (l.code.clone(), strings)
        })
        .collect();
    let mut terms_without_counterpart = Vec::new();
    for taxonomy in &site.taxonomies {
        for language in config.languages.iter().filter(|l| l.code != taxonomy.lang) {
            for term in taxonomy
                .terms
                .values()
                .filter(|t| !t.counterparts.contains_key(&language.code))
            {
                terms_without_counterpart.push(UnpairedTerm {
                    taxonomy: taxonomy.name.clone(),
                    language: taxonomy.lang.clone(),
                    term: term.name.clone(),
                });
            }
        }
    }
    let mut records = BTreeMap::new();
    if !config.kinds.is_empty() {
        let gaps = untranslated_fields(site);
        for language in &config.languages {
            let status = RecordStatus {
                labels_missing: missing_labels(site, locales, &language.code),
                text_fields_missing: gaps
                    .iter()
                    .filter(|gap| gap.lang == language.code)
                    .cloned()
                    .collect(),
            };
            records.insert(language.code.clone(), status);
        }
    }
    Status {
        records,
        schema: SCHEMA,
        default_language: config.default_language.clone(),
        languages: others().map(|l| l.code.clone()).collect(),
        totals,
        sections,
        ui_strings,
        terms_without_counterpart,
    }
}

pub fn render_json(status: &Status) -> String {
    serde_json::to_string_pretty(status).unwrap_or_default()
}

/// A table for the terminal: one row per section and language, then the totals.
pub fn render_table(status: &Status) -> String {
    let mut rows = vec![[
        "section".to_string(),
        "lang".to_string(),
        "originals".to_string(),
        "translated".to_string(),
        "out of date".to_string(),
        "unverified".to_string(),
        "missing".to_string(),
    ]];
    let row = |name: String, lang: &str, c: &Counts| {
        [
            name,
            lang.to_string(),
            c.originals.to_string(),
            format!("{} ({}%)", c.translated, c.percent()),
            c.out_of_date.to_string(),
            c.unverified.to_string(),
            (c.missing + c.stubs).to_string(),
        ]
    };
    for section in &status.sections {
        let name = if section.section.is_empty() {
            "(home)".to_string()
        } else {
            section.section.clone()
        };
        let name = if section.required {
            name
        } else {
            format!("{name} (optional)")
        };
        for (lang, language) in &section.languages {
            rows.push(row(name.clone(), lang, &language.counts));
        }
    }
    for (lang, counts) in &status.totals {
        rows.push(row("all sections".to_string(), lang, counts));
    }
    let widths: Vec<usize> = (0..7)
        .map(|column| {
            rows.iter()
                .map(|r| r[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (index, cells) in rows.iter().enumerate() {
        let line: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if index == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 12));
            out.push('\n');
        }
    }
    for (lang, strings) in &status.ui_strings {
        out.push_str(&format!(
            "\nUI strings ({lang}): {}/{} translated{}\n",
            strings.total - strings.missing.len(),
            strings.total,
            if strings.missing.is_empty() {
                String::new()
            } else {
                format!("; missing: {}", strings.missing.join(", "))
            }
        ));
    }
    render_record_status(status, &mut out);
    if !status.terms_without_counterpart.is_empty() {
        out.push_str("\nTerms without a counterpart:\n");
        for term in &status.terms_without_counterpart {
            out.push_str(&format!(
                "  {} ({}, {})\n",
                term.term, term.taxonomy, term.language
            ));
        }
    }
    let pending: Vec<(&str, &Entry)> = status
        .sections
        .iter()
        .flat_map(|s| s.languages.iter())
        .flat_map(|(lang, l)| l.pages.iter().map(move |e| (lang.as_str(), *e)))
        .filter(|(_, e)| !matches!(e.state, State::Current | State::Unverified))
        .collect();
    if !pending.is_empty() {
        out.push_str("\nTo do:\n");
        for (lang, entry) in pending {
            let what = match &entry.state {
                State::Missing => "missing".to_string(),
                State::Stub => "stub, not translated yet".to_string(),
                State::OutOfDate {
                    changed: Some(date),
                } => format!("out of date (original changed {date})"),
                State::OutOfDate { changed: None } => "out of date".to_string(),
                State::Current | State::Unverified => continue,
            };
            out.push_str(&format!(
                "  [{lang}] {}: {what}\n",
                entry.original.display()
            ));
        }
    }
    out
}

/// Per language: record labels missing and text fields left untranslated.
fn render_record_status(status: &Status, out: &mut String) {
    for (lang, records) in &status.records {
        out.push_str(&format!(
            "\nRecords ({lang}): {} label(s) missing{}; {} text field(s) untranslated\n",
            records.labels_missing.len(),
            if records.labels_missing.is_empty() {
                String::new()
            } else {
                format!(" ({})", records.labels_missing.join(", "))
            },
            records.text_fields_missing.len()
        ));
        for gap in &records.text_fields_missing {
            out.push_str(&format!("  {}: {}\n", gap.translation.display(), gap.field));
        }
    }
}

/// A self-contained page for managers: a bar per section and language, then the to-do list.
pub fn render_html(status: &Status, site_title: &str) -> String {
    let mut html = String::new();
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Translation status – {}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1a22;line-height:1.5}}\ntable{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}}\nprogress{{width:100%;min-width:4rem;max-width:12rem;height:1rem}}.late{{color:#8a1c1c}}.table-wrap{{overflow-x:auto}}\n</style>\n</head>\n<body>\n<main>\n<h1>Translation status</h1>\n<p lang=\"{}\">{}</p>\n",
        escape_xml(site_title),
        escape_xml(&status.default_language),
        escape_xml(site_title)
    ));
    for (lang, counts) in &status.totals {
        html.push_str(&format!(
            "<p><strong>{}</strong>: {} of {} pages translated ({}%), {} out of date, {} missing.</p>\n",
            escape_xml(lang),
            counts.translated,
            counts.originals,
            counts.percent(),
            counts.out_of_date,
            counts.missing + counts.stubs
        ));
    }
    html.push_str("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"status-caption\" tabindex=\"0\">\n<table>\n<caption id=\"status-caption\">Pages per section</caption>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">Language</th><th scope=\"col\">Translated</th><th scope=\"col\">Progress</th><th scope=\"col\">Out of date</th><th scope=\"col\">Missing</th></tr></thead>\n<tbody>\n");
    for section in &status.sections {
        for (lang, language) in &section.languages {
            let c = &language.counts;
            let name = if section.section.is_empty() {
                "(home)".to_string()
            } else {
                section.title.clone()
            };
            html.push_str(&format!(
                "<tr><th scope=\"row\" lang=\"{}\">{}{}</th><td>{}</td><td>{} / {}</td><td><progress max=\"{}\" value=\"{}\" aria-label=\"{} {}: {}%\">{}%</progress></td><td>{}</td><td>{}</td></tr>\n",
                escape_xml(&status.default_language),
                escape_xml(&name),
                if section.required { "" } else { " (optional)" },
                escape_xml(lang),
                c.translated,
                c.originals,
                c.originals.max(1),
                c.translated,
                escape_xml(&name),
                escape_xml(lang),
                c.percent(),
                c.percent(),
                c.out_of_date,
                c.missing + c.stubs
            ));
        }
    }
    html.push_str("</tbody>\n</table>\n</div>\n<h2>To do</h2>\n<ul>\n");
    let mut any = false;
    for section in &status.sections {
        for (lang, language) in &section.languages {
            for entry in &language.pages {
                let what = match &entry.state {
                    State::Missing => "missing",
                    State::Stub => "stub, not translated yet",
                    State::OutOfDate { .. } => "out of date",
                    State::Current | State::Unverified => continue,
                };
                any = true;
                html.push_str(&format!(
                    "<li class=\"late\">[{}] {} – <span lang=\"{}\">{}</span>: {}</li>\n",
                    escape_xml(lang),
                    escape_xml(&entry.original.display().to_string()),
                    escape_xml(&status.default_language),
                    escape_xml(&entry.title),
                    what
                ));
            }
        }
    }
    if !any {
        html.push_str("<li>Nothing: every page is translated and current.</li>\n");
    }
    html.push_str("</ul>\n</main>\n</body>\n</html>\n");
    html
}
