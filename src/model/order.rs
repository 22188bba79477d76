//! The order of pages in a section: by date, weight or title. Titles are compared with the
//! language's collation (ICU4X), so Vietnamese sorts a < ă < â … d < đ, not by bytes.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;

use chrono::NaiveDate;

use crate::config::kinds::Kind;
use crate::load::front_matter::SortBy;
use crate::model::page::{Page, PageId};
use crate::model::record::FieldValue;

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
/// order files were read in. `today` is what a schedule's next occurrence counts from.
pub fn sort_pages(
    ids: &mut [PageId],
    sort_by: SortBy,
    pages: &[Page],
    order: &TitleOrder,
    today: NaiveDate,
    kinds: &[Kind],
) {
    let field = match sort_by {
        SortBy::Field { kind, field } => kinds
            .get(kind)
            .and_then(|kind| kind.fields.get(field))
            .map(|field| field.name.as_str()),
        _ => None,
    };
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
            SortBy::Field { .. } => field
                .and_then(|field| compare_fields(pa, pb, field, order, today))
                .unwrap_or(Ordering::Equal),
        };
        primary.then_with(|| path(a).cmp(path(b)))
    });
}

/// Two records by the value of one field; pages without the value come last. A schedule (or a
/// list of them) compares by its next occurrence.
fn compare_fields(
    a: &Page,
    b: &Page,
    field: &str,
    order: &TitleOrder,
    today: NaiveDate,
) -> Option<Ordering> {
    let key = |page: &Page| -> Option<SortKey> {
        let record = page.record.as_deref()?;
        Some(match record.values.get(field)? {
            FieldValue::Schedule(_) | FieldValue::List(_) => {
                SortKey::Day(record.next_occurrence(field, today)?.start)
            }
            FieldValue::Date(day) => SortKey::Day(*day),
            FieldValue::Integer(number) => SortKey::Number(*number as f64),
            FieldValue::Number(number) => SortKey::Number(*number),
            FieldValue::Text(text)
            | FieldValue::String(text)
            | FieldValue::Enum(text)
            | FieldValue::Url(text)
            | FieldValue::Email(text)
            | FieldValue::Phone(text)
            | FieldValue::Ref(text) => SortKey::Text(text.clone()),
            _ => return None,
        })
    };
    Some(match (key(a), key(b)) {
        (Some(SortKey::Day(x)), Some(SortKey::Day(y))) => x.cmp(&y),
        (Some(SortKey::Number(x)), Some(SortKey::Number(y))) => x.total_cmp(&y),
        (Some(SortKey::Text(x)), Some(SortKey::Text(y))) => order.compare(&x, &y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    })
}

enum SortKey {
    Day(NaiveDate),
    Number(f64),
    Text(String),
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
