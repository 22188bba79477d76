//! Reads what the site looks like and says: the theme's templates and static files, its Fluent
//! UI strings, then the site's own `static/` and `locales/`, which come later and so win. The
//! default theme is compiled into the binary: a site without `themes/default/` still builds.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::artifact::FileSource;
use crate::config::Config;
use crate::diagnostic::{Diagnostics, SourceText};
use crate::load::content::{display_path, read_text, walk_files};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Clone)]
pub struct Template {
    /// The Tera name: the path below `templates/` (`page.html`, `shortcodes/figure.html`).
    pub name: String,
    pub source: SourceText,
}

#[derive(Debug, Clone)]
pub struct LocaleFile {
    pub lang: String,
    pub source: SourceText,
}

#[derive(Debug, Default)]
pub struct Theme {
    pub templates: Vec<Template>,
    /// Output path (`/`-separated, relative) and origin; the site's files after the theme's.
    pub static_files: Vec<(String, FileSource)>,
    /// The theme's files first, then the site's, so the site's messages override.
    pub locales: Vec<LocaleFile>,
}

pub fn load_theme(config: &Config) -> Result<Theme, Diagnostics> {
    let mut theme = Theme::default();
    let mut problems = Diagnostics::default();
    let theme_dir = config.root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        load_theme_from_disk(config, &theme_dir, &mut theme, &mut problems);
    } else {
        // Config validation made sure that only the default theme can be missing on disk.
        load_embedded_theme(&mut theme);
    }

    let (static_files, walk_problems) = walk_files(&config.root.join("static"), &config.root);
    problems.extend(walk_problems);
    theme.static_files.extend(
        static_files
            .into_iter()
            .map(|(rel, path)| (rel, FileSource::Disk(path))),
    );
    load_locales_from_disk(
        config,
        &config.root.join("locales"),
        &mut theme,
        &mut problems,
    );

    if problems.has_errors() {
        return Err(problems);
    }
    Ok(theme)
}

fn load_theme_from_disk(
    config: &Config,
    dir: &Path,
    theme: &mut Theme,
    problems: &mut Diagnostics,
) {
    let (templates, walk_problems) = walk_files(&dir.join("templates"), &config.root);
    problems.extend(walk_problems);
    for (name, path) in templates {
        match read_text(&config.root, &path) {
            Ok((source, _)) => theme.templates.push(Template { name, source }),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let (static_files, walk_problems) = walk_files(&dir.join("static"), &config.root);
    problems.extend(walk_problems);
    theme.static_files.extend(
        static_files
            .into_iter()
            .map(|(rel, path)| (rel, FileSource::Disk(path))),
    );
    load_locales_from_disk(config, &dir.join("locales"), theme, problems);
}

/// `locales/<lang>/*.ftl`, for the configured languages only.
fn load_locales_from_disk(
    config: &Config,
    dir: &Path,
    theme: &mut Theme,
    problems: &mut Diagnostics,
) {
    let (files, walk_problems) = walk_files(dir, &config.root);
    problems.extend(walk_problems);
    for (rel, path) in files {
        let Some((lang, name)) = rel.split_once('/') else {
            continue;
        };
        if !name.ends_with(".ftl") {
            continue;
        }
        if !config.is_language(lang) {
            continue;
        }
        match read_text(&config.root, &path) {
            Ok((source, _)) => theme.locales.push(LocaleFile {
                lang: lang.to_string(),
                source,
            }),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
}

fn load_embedded_theme(theme: &mut Theme) {
    let mut files = Vec::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (rel, bytes) in files {
        let shown = display_path(Path::new(""), &Path::new("(built-in theme)").join(&rel));
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            theme.templates.push(Template {
                name: name.to_string(),
                source: SourceText::new(shown, text),
            });
        } else if let Some(path) = rel.strip_prefix("static/") {
            theme
                .static_files
                .push((path.to_string(), FileSource::Embedded(bytes)));
        } else if let Some((lang, _)) = rel.strip_prefix("locales/").and_then(|l| l.split_once('/'))
        {
            let text = String::from_utf8_lossy(bytes).into_owned();
            theme.locales.push(LocaleFile {
                lang: lang.to_string(),
                source: SourceText::new(shown, text),
            });
        }
    }
}

fn collect_embedded(dir: &'static Dir<'static>, files: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        files.push((rel, file.contents()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
