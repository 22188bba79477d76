//! ASCII slugs for URLs and heading ids, Vietnamese-aware: `Lễ hội Đền Huyền Trân` →
//! `le-hoi-den-huyen-tran`. Pure functions; the only place that decides what a URL segment may be.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC, lower case, Vietnamese letters transliterated (đ→d, diacritics dropped), every other run
/// of non-alphanumerics → `-`, trimmed. May return an empty string (for text with no letters).
pub fn slugify(text: &str) -> String {
    // Most file names are ASCII already; they need no decomposition (a rebuild slugs thousands).
    if text.is_ascii() {
        slug_of(text.chars())
    } else {
        slug_of(text.nfd().filter(|c| !is_combining_mark(*c)))
    }
}

fn slug_of(chars: impl Iterator<Item = char>) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in chars {
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A segment huong accepts in a URL it writes to disk: ASCII letters, digits, `-`, `_`, `.`,
/// never `.` or `..` and never starting with a dot (no hidden files, no way out of the folder).
pub fn is_url_segment(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Checks a user-written URL path (`path` or `aliases` in front matter) and returns it in the
/// canonical form `/a/b/` (or `/a/b.html` for a file), or `None` when it could leave the output.
pub fn normalize_url_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() || !segments.iter().all(|s| is_url_segment(s)) {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_is_transliterated() {
        assert_eq!(slugify("Lễ hội Đền Huyền Trân"), "le-hoi-den-huyen-tran");
        assert_eq!(slugify("Hoàng thành"), "hoang-thanh");
        assert_eq!(slugify("  Đại Nội — Huế!  "), "dai-noi-hue");
        assert_eq!(slugify("Festival Huế 2024"), "festival-hue-2024");
    }

    #[test]
    fn nfd_input_gives_the_same_slug() {
        let nfd: String = "Thừa Thiên Huế".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Thừa Thiên Huế"));
    }

    #[test]
    fn text_without_letters_gives_empty_slug() {
        assert_eq!(slugify("—!?"), "");
        assert_eq!(slugify("北京"), "");
    }

    #[test]
    fn url_paths_cannot_escape() {
        assert_eq!(normalize_url_path("/a/b"), Some("/a/b/".into()));
        assert_eq!(
            normalize_url_path("old/page.html"),
            Some("/old/page.html".into())
        );
        assert_eq!(normalize_url_path("../etc/passwd"), None);
        assert_eq!(normalize_url_path("/a/./b"), None);
        assert_eq!(normalize_url_path("a\\..\\b"), None);
        assert_eq!(normalize_url_path("/"), None);
        assert_eq!(normalize_url_path("/.git/config"), None);
    }

    proptest! {
        #[test]
        fn slugs_are_idempotent_and_safe(text in "\\PC*") {
            let slug = slugify(&text);
            prop_assert_eq!(slugify(&slug), slug.clone());
            prop_assert!(slug.is_empty() || is_url_segment(&slug));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
        }

        #[test]
        fn normalized_paths_stay_inside(path in "[a-z./\\\\-]{0,20}") {
            if let Some(normalized) = normalize_url_path(&path) {
                prop_assert!(!normalized.split('/').any(|s| s == ".." || s == "."));
            }
        }
    }
}
