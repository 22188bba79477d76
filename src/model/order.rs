//! The order of pages in a section: by date, weight or title. Titles are compared with the
//! language's collation (ICU4X), so Vietnamese sorts a < ă < â … d < đ, not by bytes.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;

use crate::load::front_matter::SortBy;
use crate::model::page::{Page, PageId};

/// Compares titles the way readers of one language expect.
pub struct TitleOrder {
    collator: Option<CollatorBorrowed<'static>>,
}

impl TitleOrder {
    pub fn new(lang: &str) -> Self {
        let collator = Locale::try_from_str(lang).ok().and_then(|locale| {
            Collator::try_new(
                CollatorPreferences::from(&locale),
                CollatorOptions::default(),
            )
            .ok()
        });
        TitleOrder { collator }
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(collator) => collator.compare(a, b),
            None => a.cmp(b),
        }
    }
}

/// Sorts a section's pages; ties fall back to the file path so output never depends on the
/// order files were read in.
pub fn sort_pages(ids: &mut [PageId], sort_by: SortBy, pages: &[Page], order: &TitleOrder) {
    let path = |id: &PageId| &pages[*id].file.rel;
    ids.sort_by(|a, b| {
        let (pa, pb) = (&pages[*a], &pages[*b]);
        let primary = match sort_by {
            // Newest first; undated pages last.
            SortBy::Date => pb.front.date.cmp(&pa.front.date),
            SortBy::Weight => pa
                .front
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.front.weight.unwrap_or(i64::MAX)),
            SortBy::Title => order.compare(&pa.title, &pb.title),
            SortBy::None => Ordering::Equal,
        };
        primary.then_with(|| path(a).cmp(path(b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_sort_in_alphabet_order() {
        let order = TitleOrder::new("vi");
        let mut titles = vec![
            "Đà Nẵng",
            "Dương Nỗ",
            "Ăn uống",
            "Âm nhạc",
            "An Cựu",
            "Bạch Mã",
        ];
        titles.sort_by(|a, b| order.compare(a, b));
        assert_eq!(
            titles,
            [
                "An Cựu",
                "Ăn uống",
                "Âm nhạc",
                "Bạch Mã",
                "Dương Nỗ",
                "Đà Nẵng"
            ]
        );
    }
}
