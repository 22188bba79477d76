//! Paginated lists (section and term pages): which pages land on page N, the URL of page N
//! (`page/N/`), and the paginator templates get.

use crate::model::page::PageId;
use crate::render::view::{PagerLink, PaginatorView};

/// The pages on page `number` of a list of `per_page` (all of them when it is not paginated).
pub(crate) fn listed(pages: &[PageId], per_page: Option<usize>, number: usize) -> &[PageId] {
    let per_page = per_page.unwrap_or(usize::MAX).max(1);
    let start = number
        .saturating_sub(1)
        .saturating_mul(per_page)
        .min(pages.len());
    let end = start.saturating_add(per_page).min(pages.len());
    &pages[start..end]
}

pub(crate) fn page_count(items: usize, per_page: Option<usize>) -> usize {
    match per_page {
        Some(per_page) if per_page > 0 => items.div_ceil(per_page).max(1),
        _ => 1,
    }
}

/// The URL of page `number` of a paginated list.
pub fn pager_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

pub(crate) fn paginator(base: &str, current: usize, total: usize) -> PaginatorView {
    PaginatorView {
        current,
        total,
        previous: (current > 1).then(|| pager_url(base, current - 1)),
        next: (current < total).then(|| pager_url(base, current + 1)),
        pages: (1..=total)
            .map(|number| PagerLink {
                number,
                url: pager_url(base, number),
            })
            .collect(),
    }
}
