//! Validations that need the whole model: translations missing or out of date, tags without a
//! counterpart, UI strings, and the lints that catch what tired editors paste in. Broken links
//! are found while rendering Markdown; these run after it. `build` and `check` both run them, so
//! `--strict` fails the build on the same findings.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use percent_encoding::percent_decode_str;

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::load::content::ContentFile;
use crate::load::locales::Locales;
use crate::markdown::Bodies;
use crate::markdown::html::{LaterLink, RenderedMarkdown};
use crate::model::Site;
use crate::model::page::{Item, Page};
use crate::model::translation_state::{
    State, top_section, translation_report, untranslated_fields,
};

pub fn check_site(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut findings = translation_findings(site);
    findings.extend(section_gaps(site));
    findings.extend(unpaired_terms(site));
    findings.extend(locales.check_messages(&site.config));
    findings.extend(text_lints(site));
    findings.extend(record_findings(site, locales));
    findings
}

/// Records: labels missing in a language, and text fields a translation left out.
fn record_findings(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for language in &site.config.languages {
        let missing = missing_labels(site, locales, &language.code);
        if let Some(first) = missing.first() {
            findings.push(
                Diagnostic::warning(format!(
                    "`{}` has no label for {} record field(s) or value(s): {}",
                    language.code,
                    missing.len(),
                    missing.join(", ")
                ))
                .in_file(format!("locales/{}/", language.code))
                .with_help(format!(
                    "add them to a .ftl file of locales/{}/, e.g. {first} = ...; until then the page shows the name from site.toml",
                    language.code
                )),
            );
        }
    }
    for gap in untranslated_fields(site) {
        findings.push(
            Diagnostic::warning(format!(
                "`{}` has no `{}`, which its original `{}` has",
                gap.translation.display(),
                gap.field,
                gap.original.display()
            ))
            .in_file(&gap.translation)
            .with_help(format!(
                "translate it in the [{}] table: {} = \"...\"",
                gap.kind, gap.field
            )),
        );
    }
    findings
}

/// The record labels (`kind-KIND`, `KIND-FIELD`, `KIND-FIELD-VALUE`) `lang` lacks.
pub fn missing_labels(site: &Site, locales: &Locales, lang: &str) -> Vec<String> {
    site.config
        .kinds
        .iter()
        .flat_map(|kind| kind.label_keys())
        .filter(|key| !locales.has(lang, key))
        .collect()
}

/// Whether gaps in this top-level section matter (`[translations] required`).
fn is_required(site: &Site, section: &str) -> bool {
    let required = &site.config.translations.required;
    required.is_empty() || required.iter().any(|r| r.trim_matches('/') == section)
}

fn translation_findings(site: &Site) -> Vec<Diagnostic> {
    let report = translation_report(site);
    let mut findings = Vec::new();
    for (section, lang, entry) in report.entries() {
        if !is_required(site, section) {
            continue;
        }
        let original = entry.original.display();
        let finding = match &entry.state {
            State::Current | State::Unverified => continue,
            State::Missing => {
                Diagnostic::warning(format!("`{original}` has no `{lang}` translation"))
                    .in_file(&entry.original)
                    .with_help(format!(
                        "create it with: huong new {} --lang {lang}",
                        entry.original.display()
                    ))
            }
            State::Stub => Diagnostic::warning(format!(
                "`{}` is still a translation stub of `{original}`",
                entry
                    .translation
                    .as_ref()
                    .map_or(String::new(), |p| p.display().to_string())
            ))
            .in_file(entry.translation.as_ref().unwrap_or(&entry.original))
            .with_help(
                "translate it, remove `needs_translation = true`, then run huong i18n mark on it",
            ),
            State::OutOfDate { changed } => {
                let translation = entry.translation.as_ref().unwrap_or(&entry.original);
                let since = changed
                    .as_ref()
                    .map_or(String::new(), |date| format!(" (changed {date})"));
                Diagnostic::warning(format!(
                    "`{}` is out of date: `{original}` changed since it was translated{since}",
                    translation.display()
                ))
                .in_file(translation)
                .with_help(format!(
                    "update the translation, then run: huong i18n mark {}",
                    translation.display()
                ))
            }
        };
        findings.push(finding);
    }
    findings
}

/// Section front pages (`_index`) without a version in another language.
fn section_gaps(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut findings = Vec::new();
    for (id, section) in site.sections.iter().enumerate() {
        let Some(file) = section
            .file
            .as_ref()
            .filter(|_| section.lang == config.default_language)
        else {
            continue;
        };
        if !is_required(site, top_section(&format!("{}/", section.dir))) {
            continue;
        }
        for language in config.languages.iter().skip(1) {
            let translated = site
                .translation_in(Item::Section(id), &language.code)
                .is_some_and(
                    |item| matches!(item, Item::Section(s) if site.sections[s].file.is_some()),
                );
            if !translated {
                findings.push(
                    Diagnostic::warning(format!(
                        "`{}` has no `{}` translation",
                        file.source.path.display(),
                        language.code
                    ))
                    .in_file(&file.source.path)
                    .with_help(format!(
                        "add {}",
                        file.source.path.display().to_string().replace(
                            &format!(".{}.md", file.lang),
                            &format!(".{}.md", language.code)
                        )
                    )),
                );
            }
        }
    }
    findings
}

/// Terms whose counterpart in another language could not be told from the pages.
fn unpaired_terms(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for taxonomy in &site.taxonomies {
        for language in site
            .config
            .languages
            .iter()
            .filter(|l| l.code != taxonomy.lang)
        {
            for term in taxonomy.terms.values() {
                if !term.counterparts.contains_key(&language.code) {
                    findings.push(
                        Diagnostic::warning(format!(
                            "the `{}` term `{}` ({}) has no `{}` counterpart",
                            taxonomy.name, term.name, taxonomy.lang, language.code
                        ))
                        .with_help(format!(
                            "give the `{}` translations of its pages one common term that only they carry",
                            language.code
                        )),
                    );
                }
            }
        }
    }
    findings
}

/// What text pasted from old documents and quick edits leaves behind.
fn text_lints(site: &Site) -> Vec<Diagnostic> {
    let files = site.pages().iter().map(|page| &page.file).chain(
        site.sections
            .iter()
            .filter_map(|section| section.file.as_ref()),
    );
    let mut findings = Vec::new();
    for file in files {
        if let Some(line) = file.non_nfc_line {
            let start = line_start(file, line);
            findings.push(
                Diagnostic::warning("this line is not in Unicode NFC (composed) form")
                    .at(&file.source, start..start)
                    .with_label("decomposed accents from here on")
                    .with_help("huong normalises it while building, but search and other tools may not: save the file from an editor that writes NFC, or retype the accented letters"),
            );
        }
        if let Some((line, first)) = file.control_line {
            let start = line_start(file, line);
            findings.push(
                Diagnostic::warning(format!(
                    "this file holds invisible control characters (U+{:04X}) from line {line} on; huong removed them",
                    first as u32
                ))
                .at(&file.source, start..start)
                .with_label("from here")
                .with_help("they usually come with text pasted from old documents or PDFs: retype the line, or save the file again from a plain-text editor"),
            );
        }
        if let Some((span, kind)) = file.mojibake.clone() {
            findings.push(
                Diagnostic::warning(format!("this text looks like {kind}"))
                    .at(&file.source, span)
                    .with_label("garbled Vietnamese")
                    .with_help("convert the original document to Unicode (e.g. with Unikey's converter) and paste it again"),
            );
        }
    }
    findings.extend(near_duplicate_titles(site));
    findings
}

fn line_start(file: &ContentFile, line: usize) -> usize {
    file.source
        .text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum()
}

/// Two titles in one language that differ only by diacritics or tone-mark placement (`hòa` /
/// `hoà`, `Đền` / `Den`) are almost always one page typed twice, or a typo.
fn near_duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    let mut by_folded: HashMap<(&str, &str), Vec<&Page>, FixedState> = HashMap::default();
    for page in site.pages() {
        by_folded
            .entry((&page.lang, &page.file.folded_title))
            .or_default()
            .push(page);
    }
    // Sorted, so that the findings come in the same order on every run.
    let mut alike: Vec<_> = by_folded.into_iter().filter(|(_, p)| p.len() > 1).collect();
    alike.sort_unstable_by_key(|(key, _)| *key);
    let mut findings = Vec::new();
    for (_, pages) in &alike {
        for pair in pages.windows(2) {
            let (a, b) = (&pair[0].title, &pair[1].title);
            if a != b {
                findings.push(
                    Diagnostic::warning(format!(
                        "the titles `{a}` (`{}`) and `{b}` differ only by diacritics or tone marks",
                        pair[0].file.source.path.display()
                    ))
                    .in_file(&pair[1].file.source.path)
                    .with_help("check the spelling (Vietnamese places tone marks consistently, e.g. hòa, not hoà, in new style); if they are one page, keep one"),
                );
            }
        }
    }
    findings
}

/// Every file's rendered body, once (stand-ins show their original's).
fn written_bodies<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
) -> impl Iterator<Item = (&'a ContentFile, &'a RenderedMarkdown)> {
    let pages = site
        .pages()
        .iter()
        .enumerate()
        .map(|(id, page)| (&*page.file, &*bodies.pages[id]));
    let sections = site
        .sections
        .iter()
        .enumerate()
        .filter_map(|(id, section)| Some((section.file.as_deref()?, &*bodies.sections[id])));
    pages.chain(sections)
}

/// Links to a heading of another page (`@/di-san/dai-noi.md#lich-su`) whose anchor is not
/// one of that page's headings, nor an id of the theme.
pub fn check_anchors(site: &Site, bodies: &Bodies, theme_ids: &[String]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (file, body) in written_bodies(site, bodies) {
        for link in &body.links {
            let LaterLink::Anchor {
                span,
                dest,
                target,
                anchor,
            } = link
            else {
                continue;
            };
            let (target_body, target_file) = match *target {
                Item::Page(id) => (&bodies.pages[id], Some(&site.page(id).file)),
                Item::Section(id) => (&bodies.sections[id], site.sections[id].file.as_ref()),
            };
            let known = target_body.toc.iter().any(|entry| entry.id == *anchor)
                || theme_ids.iter().any(|id| id == anchor);
            if known {
                continue;
            }
            let headings: Vec<String> = target_body
                .toc
                .iter()
                .take(6)
                .map(|entry| format!("#{}", entry.id))
                .collect();
            let target_name = target_file.map_or_else(
                || site.item_url(*target).to_string(),
                |file| file.source.path.display().to_string(),
            );
            findings.push(
                Diagnostic::error(format!(
                    "the link `{dest}` leads to `#{anchor}`, which is not a heading of `{target_name}`"
                ))
                .at(&file.source, span.clone())
                .with_label("no such heading")
                .with_help(if headings.is_empty() {
                    "that page has no headings: link to the page without `#...`".to_string()
                } else {
                    format!("its headings are: {}", headings.join(", "))
                }),
            );
        }
    }
    findings
}

/// Links written from the site root (`/khong-ton-tai/`) must lead to a file the site publishes:
/// one of `artifacts`, sorted by path as `output::register_outputs` returns them.
pub fn check_root_links(site: &Site, bodies: &Bodies, artifacts: &[Artifact]) -> Vec<Diagnostic> {
    let published = |path: &str| {
        artifacts
            .binary_search_by(|artifact| artifact.path.as_str().cmp(path))
            .is_ok()
    };
    let exists = |dest: &str| {
        let path = dest
            .split(['#', '?'])
            .next()
            .unwrap_or(dest)
            .trim_start_matches('/');
        let path = percent_decode_str(path).decode_utf8_lossy();
        [
            path.to_string(),
            format!("{path}index.html"),
            format!("{path}/index.html"),
        ]
        .iter()
        .any(|candidate| published(candidate))
    };
    let mut findings = Vec::new();
    for (file, body) in written_bodies(site, bodies) {
        for link in &body.links {
            let LaterLink::Root { span, dest } = link else {
                continue;
            };
            if !exists(dest) {
                findings.push(
                    Diagnostic::error(format!(
                        "the link `{dest}` leads to nothing this site publishes"
                    ))
                    .at(&file.source, span.clone())
                    .with_label("broken link")
                    .with_help("link to the page's Markdown file instead (@/section/page.md), so huong finds its address in every language"),
                );
            }
        }
    }
    findings
}
