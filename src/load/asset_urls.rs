//! `asset_url(path="style.css")` in a template: the URL of a static file with a hash of its
//! bytes (`/style.css?h=…`). A browser may keep a theme's style or script long after a site
//! changes it; with the hash in the URL, a changed file is a new URL, fetched at once, and an
//! unchanged one stays cached.
//!
//! The templates name their files literally. Each file named is read and hashed when the
//! templates load, so that rendering works on memory, a missing file is an error before any
//! page renders, and `serve` renders the pages again when a file they link to changes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::Path;

use tera::Value;
use xxhash_rust::xxh3::xxh3_64;

use crate::artifact::FileSource;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::content::display_path;

/// The template function's name.
pub const FUNCTION: &str = "asset_url";

/// Each static file a template names, by its path, with its URL.
#[derive(Clone, Default)]
pub struct AssetUrls {
    by_path: HashMap<String, String>,
}

impl AssetUrls {
    /// The URLs of `named`, the paths the templates give `asset_url` (with the template that
    /// names each), among `static_files` (the site's after the theme's, so the site's win).
    pub fn load(
        root: &Path,
        named: &[(String, String)],
        static_files: &[(String, FileSource)],
    ) -> Result<AssetUrls, Diagnostics> {
        let mut urls = AssetUrls::default();
        let mut problems = Diagnostics::default();
        for (template, path) in named {
            let path = path.trim_start_matches('/');
            if urls.by_path.contains_key(path) {
                continue;
            }
            let Some((_, file)) = static_files.iter().rev().find(|(rel, _)| rel == path) else {
                problems.push(
                    Diagnostic::error(format!(
                        "the template `{template}` asks for `asset_url(path=\"{path}\")`, but there is no static file `{path}`"
                    ))
                    .with_help("put the file in the site's `static/` folder (or the theme's), or correct the path in the template"),
                );
                continue;
            };
            let bytes = match file {
                FileSource::Embedded(bytes) => Cow::Borrowed(*bytes),
                FileSource::Disk(from) => match fs::read(from) {
                    Ok(bytes) => Cow::Owned(bytes),
                    Err(error) => {
                        problems.push(
                            Diagnostic::error(format!("cannot read the static file: {error}"))
                                .in_file(display_path(root, from))
                                .with_help("check that the file exists and can be read"),
                        );
                        continue;
                    }
                },
            };
            let url = format!("/{path}?h={:016x}", xxh3_64(&bytes));
            urls.by_path.insert(path.to_string(), url);
        }
        if problems.is_empty() {
            Ok(urls)
        } else {
            Err(problems)
        }
    }

    /// Every file's path and URL, sorted: what a page's HTML depends on.
    pub fn sorted(&self) -> Vec<(&str, &str)> {
        let mut urls: Vec<(&str, &str)> = (self.by_path.iter())
            .map(|(path, url)| (path.as_str(), url.as_str()))
            .collect();
        urls.sort_unstable();
        urls
    }
}

impl tera::Function for AssetUrls {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("asset_url() needs a `path`, e.g. asset_url(path=\"style.css\")")
        })?;
        self.by_path
            .get(path.trim_start_matches('/'))
            .map(|url| Value::String(url.clone()))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "asset_url() knows only the static files the templates name literally, as in asset_url(path=\"style.css\"); `{path}` is not one of them"
                ))
            })
    }

    fn is_safe(&self) -> bool {
        false
    }
}
