//! The only code that reads the disk: content files with their front matter, the theme's
//! templates, static files and UI strings. Everything after this stage works on memory.

pub mod content;
pub mod front_matter;
pub mod theme;
