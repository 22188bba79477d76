//! huong turns a bilingual site (`site.toml`, `content/`, a theme, `locales/`) into static HTML.
//!
//! The pipeline runs one way, one module per stage:
//! 1. [`config`]: `site.toml` → [`config::Config`], validated.
//! 2. [`load`]: the disk → content files with front matter, templates, static files, UI strings.
//! 3. [`model`]: the [`model::Site`]: pages and sections per language, translations,
//!    taxonomies, URLs.
//! 4. [`markdown`]: every body rendered to HTML once.
//! 5. [`render`]: one HTML document per page, section, term and 404, through Tera and Fluent.
//! 6. [`output`]: sitemap, feeds, redirects, robots.txt; the registry of output paths.
//! 7. [`write`]: the atomic writer.
//!
//! [`build`] runs the stages in order; [`check`] validates the model; [`status`], [`translate`]
//! and [`init`] are the commands over it; [`serve`] reruns the pipeline; [`cli`] maps commands
//! onto all of these. [`text`], [`diagnostic`], [`artifact`] and [`spanned`] are leaves that
//! any stage may use.
//!
//! A module imports only modules of its own stage or earlier ones, in this order: leaves,
//! config, load, model, markdown, render, output, check, write, the commands (status,
//! translate, init), build, serve, cli. `tests/layout.rs` holds the list and fails on an
//! import against it; there is no exception today.

// A `Diagnostic` is the error value of every stage and is only built on the failure path;
// boxing it would add noise to each signature for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod artifact;
pub mod build;
pub mod calendar;
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
