//! The translation workflow's commands: `huong i18n mark` records that a translation follows
//! the current original; `huong new` creates a page and stubs for its translations.

use std::path::{Path, PathBuf};

use crate::config::BuildTime;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::front_matter::edit_front_matter;
use crate::model::Site;
use crate::model::translation::translation_group;
use crate::model::translation_state::page_fingerprint;
use crate::text::fingerprint;
use crate::write::{rewrite_file, write_new_files};

/// Finds a content file by the path the user typed (relative to the site root or to the
/// current folder, with or without `content/`).
fn content_rel(site: &Site, path: &Path) -> String {
    let root = &site.config.root;
    let path = path.strip_prefix(root).unwrap_or(path);
    let text = path.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./")
        .trim_start_matches("content/")
        .to_string()
}

/// Marks each translation file as made from the current version of its original.
pub fn mark_translations(site: &Site, paths: &[PathBuf]) -> Result<Vec<String>, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut marked = Vec::new();
    for path in paths {
        let rel = content_rel(site, path);
        let page = site.pages().iter().position(|p| p.file.rel == rel);
        let stub = site.stubs.iter().find(|s| s.rel == rel);
        let file = match (page, stub) {
            (Some(id), _) => &site.page(id).file,
            (None, Some(stub)) => stub,
            (None, None) => {
                problems.push(
                    Diagnostic::error(format!("`{}` is not a page of this site", path.display()))
                        .with_help("name a translation file, e.g. content/di-san/dai-noi.en.md"),
                );
                continue;
            }
        };
        if file.lang == site.config.default_language {
            problems.push(
                Diagnostic::error(format!(
                    "`{}` is an original, not a translation",
                    file.source.path.display()
                ))
                .in_file(&file.source.path)
                .with_help("mark the translation instead, e.g. the .en.md file"),
            );
            continue;
        }
        let group = translation_group(file);
        let original = site
            .pages()
            .iter()
            .find(|p| p.group == group && p.lang == site.config.default_language);
        let Some(original) = original else {
            problems.push(
                Diagnostic::error(format!("`{}` has no original in `{}`", file.source.path.display(), site.config.default_language))
                    .in_file(&file.source.path)
                    .with_help("the original must have the same file name with the default language, or the same translation_key"),
            );
            continue;
        };
        let on_disk = site.config.root.join(&file.source.path);
        let result = std::fs::read_to_string(&on_disk)
            .ok()
            .and_then(|text| {
                edit_front_matter(&text, "translated_from", Some(&page_fingerprint(original)))
            })
            .and_then(|text| edit_front_matter(&text, "needs_translation", None));
        match result {
            Some(text) => match rewrite_file(&on_disk, &text) {
                Ok(()) => marked.push(file.source.path.display().to_string()),
                Err(diagnostic) => problems.push(diagnostic),
            },
            None => problems.push(
                Diagnostic::error(format!(
                    "cannot update the front matter of `{}`",
                    file.source.path.display()
                ))
                .in_file(&file.source.path)
                .with_help("the file must start with front matter between +++ or --- lines"),
            ),
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(marked)
    }
}

/// `huong new PATH --lang vi,en`: the page in the default language (if it does not exist yet)
/// and a stub for each other language asked for. Stubs copy the original's title and text for
/// the translator and are counted as missing until translated and marked.
pub fn new_page(site: &Site, path: &Path, languages: &[String]) -> Result<Vec<String>, Diagnostic> {
    let config = &site.config;
    let rel = content_rel(site, path);
    let stem = rel.trim_end_matches(".md");
    let key = match stem.rsplit_once('.') {
        Some((key, suffix)) if config.is_language(suffix) => key.to_string(),
        _ => stem.to_string(),
    };
    if key.is_empty()
        || key
            .split('/')
            .any(|s| s.is_empty() || s == ".." || s.starts_with('.'))
    {
        return Err(
            Diagnostic::error(format!("`{}` is not a page path", path.display()))
                .with_help("name the page inside content/, e.g. huong new le-hoi/festival-hue.md"),
        );
    }
    for lang in languages {
        if !config.is_language(lang) {
            return Err(
                Diagnostic::error(format!("`{lang}` is not one of the site's languages"))
                    .with_help(format!(
                        "use {}",
                        config
                            .languages
                            .iter()
                            .map(|l| l.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
    let original = site
        .pages()
        .iter()
        .find(|p| p.file.key == key && p.lang == config.default_language);
    let mut files: Vec<(String, String)> = Vec::new();
    let file_of = |lang: &str| format!("content/{key}.{lang}.md");
    let exists = |lang: &str| config.root.join(file_of(lang)).exists();
    if original.is_none() && !exists(&config.default_language) {
        let name = key.rsplit('/').next().unwrap_or(&key).replace('-', " ");
        let today = BuildTime::from_env().ymd();
        files.push((
            file_of(&config.default_language),
            format!(
                "+++\ntitle = \"{}\"\ndate = {today}\ndraft = true\n+++\n",
                capitalize(&name)
            ),
        ));
    }
    let (title, body, hash) = match original {
        Some(page) => (
            page.title.clone(),
            page.file.body().to_string(),
            page_fingerprint(page),
        ),
        None => {
            let name = capitalize(&key.rsplit('/').next().unwrap_or(&key).replace('-', " "));
            let hash = fingerprint(&name, "");
            (name, String::new(), hash)
        }
    };
    for lang in languages.iter().filter(|l| **l != config.default_language) {
        if exists(lang) {
            continue;
        }
        let quoted = serde_json::to_string(&title).unwrap_or_default();
        files.push((
            file_of(lang),
            format!("+++\ntitle = {quoted}\nneeds_translation = true\n# Translate the title and the text (source version {hash}), then run:\n# huong i18n mark {}\n+++\n{body}", file_of(lang)),
        ));
    }
    if files.is_empty() {
        return Err(Diagnostic::error(format!(
            "every asked-for version of `content/{key}` exists already"
        ))
        .with_help("edit the files, or ask for another language with --lang"));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    write_new_files(&config.root, &refs)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
