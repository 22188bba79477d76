//! huong turns a bilingual site (`site.toml`, `content/`, a theme, `locales/`) into static HTML.
//!
//! The pipeline runs one way, one module per stage:
//! 1. [`config`]: `site.toml` → [`config::Config`], validated.
//! 2. [`load`]: the disk → content files with front matter, templates, static files, UI strings.
//! 3. [`model`]: the [`model::Site`]: pages and sections per language, translations,
//!    taxonomies, URLs.
//! 4. [`render`]: Markdown bodies, then one HTML document per page through Tera and Fluent.
//! 5. [`output`]: sitemap, feeds, redirects, robots.txt; the registry of output paths.
//! 6. [`write`]: the atomic writer.
//!
//! [`build`] runs the stages in order; [`cli`] maps commands onto it.

// A `Diagnostic` is the error value of every stage and is only built on the failure path;
// boxing it would add noise to each signature for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod artifact;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod spanned;
pub mod status;
pub mod text;
pub mod translate;
pub mod write;
