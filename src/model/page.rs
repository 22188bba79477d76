//! Pages and sections as the rest of huong sees them: one value per file and language, with its
//! effective front matter (shared fields already inherited) and its URL path.

use std::sync::Arc;

use crate::load::content::ContentFile;
use crate::load::front_matter::{Date, PageFront, SectionFront};
use crate::model::record::Record;

pub type PageId = usize;
pub type SectionId = usize;

/// A page or a section: what a link or a translation group can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Section(SectionId),
    Page(PageId),
}

#[derive(Debug, Clone)]
pub struct Page {
    pub file: Arc<ContentFile>,
    /// The front matter after inheritance from the default-language original (the file's own,
    /// shared, when there is nothing to inherit).
    pub front: Arc<PageFront>,
    pub title: String,
    pub lang: String,
    /// The translation group: `translation_key`, else the file's path without language.
    pub group: String,
    pub section: SectionId,
    /// The URL path, `/en/heritage/imperial-city/`.
    pub url: String,
    /// With `missing = "notice"`: this is the default-language original, published in `lang`
    /// (which has no translation) under a notice. It belongs to no translation group.
    pub stand_in: bool,
    /// For a page in a kind's section: its typed values, translations' neutral values
    /// inherited from the original.
    pub record: Option<Arc<Record>>,
}

impl Page {
    /// When its text last changed: `updated`, else its `date`.
    pub fn last_changed(&self) -> Option<Date> {
        self.front.updated.or(self.front.date)
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The folder below `content/`, `""` for the home page.
    pub dir: String,
    pub lang: String,
    /// The `_index.LANG.md` file, when the section has one in this language.
    pub file: Option<Arc<ContentFile>>,
    pub front: SectionFront,
    pub title: String,
    pub url: String,
    pub parent: Option<SectionId>,
    /// In the section's sort order.
    pub pages: Vec<PageId>,
    /// By weight, then title.
    pub subsections: Vec<SectionId>,
}

impl Section {
    pub fn is_home(&self) -> bool {
        self.dir.is_empty()
    }
}
