//! The only code that reads the disk: content files with their front matter, the theme's
//! templates, static files and UI strings, compiled into what later stages call: the Tera
//! engines ([`templates`]) and the Fluent bundles ([`locales`]). Everything after this stage
//! works on memory.

pub mod asset_urls;
pub mod content;
pub mod front_matter;
pub mod locales;
pub mod template_recursion;
pub mod templates;
pub mod theme;
