//! How search compares words (the search page's script does the same in JavaScript: keep
//! `themes/default/static/search.js` in step). A word has two forms:
//! - its *exact* form: lower case, NFC, with the tone marks taken off the letters and written
//!   after the word, so that the two placements of a tone (`hoà`/`hòa`, `thuỷ`/`thủy`) are one
//!   form while `hòa` and `hoa` stay apart;
//! - its *folded* form: lower case without any diacritic, `đ` as `d` (what a visitor types on an
//!   English keyboard: `hue` for `Huế`), plus a light plural stemming in English.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five Vietnamese tone marks, as combining characters: grave (huyền), acute (sắc), tilde
/// (ngã), hook above (hỏi), dot below (nặng).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The exact form of a word: `Hoà` and `hòa` → `hoa` followed by a combining grave accent.
pub fn exact(word: &str) -> String {
    // An ASCII word has no mark to take off and is its own NFC. Most of a site's spellings are
    // ASCII, English's nearly all, and the Unicode way costs several times as much.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    exact_of_any(word)
}

/// [`exact`] for any word, ASCII or not.
fn exact_of_any(word: &str) -> String {
    let mut base = String::with_capacity(word.len() + 2);
    let mut tones = String::new();
    for c in word.to_lowercase().nfd() {
        if TONE_MARKS.contains(&c) {
            tones.push(c);
        } else {
            base.push(c);
        }
    }
    let mut form: String = base.nfc().collect();
    form.push_str(&tones);
    form
}

/// The folded form of a word in `lang`: `Đại` → `dai`; in English also `festivals` → `festival`.
pub fn folded(word: &str, lang: &str) -> String {
    // As in `exact`: an ASCII word has no diacritic to drop.
    let plain = if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        plain_of_any(word)
    };
    if lang == "en" {
        english_singular(&plain).to_string()
    } else {
        plain
    }
}

/// `word` in lower case without diacritics, `đ` as `d`: [`folded`] before English's stemming.
fn plain_of_any(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// English plurals to their singular, with the few rules that are right far more often than
/// wrong: `festivals` → `festival`, `cities` → `city`, `churches` → `church`; `glass`,
/// `status` and `basis` stay.
fn english_singular(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().count() <= 3 {
        return word.into();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y").into();
    }
    for ending in ["sses", "shes", "ches", "xes", "zes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].into();
        }
    }
    if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word[..word.len() - 1].into();
    }
    word.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::words;
    use proptest::prelude::*;

    /// Every Vietnamese vowel with every tone, in upper and lower case, and đ.
    const VOWELS: [&str; 12] = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];

    #[test]
    fn every_vietnamese_letter_folds_to_its_plain_letter() {
        for (vowel, plain) in VOWELS.iter().zip("aaaeeiooouuy".chars()) {
            for tone in ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"] {
                let letter: String = format!("{vowel}{tone}").nfc().collect();
                assert_eq!(folded(&letter, "vi"), plain.to_string(), "{letter}");
                assert_eq!(folded(&letter.to_uppercase(), "vi"), plain.to_string());
            }
        }
        assert_eq!(folded("Đ", "vi"), "d");
        assert_eq!(folded("đ", "vi"), "d");
        assert_eq!(folded("Đại Nội", "vi"), "dai noi");
        assert_eq!(folded("HUẾ", "vi"), "hue");
    }

    #[test]
    fn both_tone_placements_are_one_exact_form_and_tones_stay_apart() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("uý", "úy"),
            ("Hoá", "hóa"),
            ("loạ", "lọa"),
        ] {
            assert_eq!(exact(old), exact(new), "{old} / {new}");
            assert_ne!(exact(old), exact(&folded(old, "vi")), "{old}");
        }
        assert_ne!(exact("hòa"), exact("hoa"));
        assert_ne!(exact("hòa"), exact("hóa"));
        assert_ne!(exact("đại"), exact("dại"));
        assert_eq!(exact("Đại"), exact("đại"));
    }

    #[test]
    fn decomposed_input_gives_the_same_forms() {
        let composed = "Thừa Thiên Huế";
        let decomposed: String = composed.nfd().collect();
        let forms = |text: &str| -> Vec<(String, String)> {
            words(text).map(|w| (exact(w), folded(w, "vi"))).collect()
        };
        assert_eq!(forms(composed), forms(&decomposed));
        assert_eq!(words(&decomposed).count(), 3);
    }

    #[test]
    fn english_plurals_fold_to_the_singular() {
        for (plural, singular) in [
            ("festivals", "festival"),
            ("cities", "city"),
            ("churches", "church"),
            ("boxes", "box"),
            ("tombs", "tomb"),
            ("glass", "glass"),
            ("status", "status"),
            ("basis", "basis"),
            ("Hues", "hue"),
        ] {
            assert_eq!(folded(plural, "en"), singular, "{plural}");
        }
        assert_eq!(
            folded("festivals", "vi"),
            "festivals",
            "English rules only in English"
        );
    }

    proptest! {
        /// An ASCII word takes a shorter way to its forms, and reaches the same ones.
        #[test]
        fn ascii_words_take_a_short_way_to_the_same_forms(word in "[ -~]{1,12}") {
            prop_assert_eq!(exact(&word), exact_of_any(&word));
            prop_assert_eq!(folded(&word, "vi"), plain_of_any(&word));
            let plain = plain_of_any(&word);
            prop_assert_eq!(folded(&word, "en"), english_singular(&plain).to_string());
        }

        /// Folding forgets everything exact keeps: two words with one exact form fold alike,
        /// and a folded word is its own fold.
        #[test]
        fn folding_is_coarser_than_exact(word in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{1,8}") {
            let fold = folded(&word, "vi");
            prop_assert_eq!(folded(&fold, "vi"), fold.clone());
            prop_assert!(fold.is_ascii());
            let nfd: String = word.nfd().collect();
            prop_assert_eq!(exact(&nfd), exact(&word));
            prop_assert_eq!(folded(&nfd, "vi"), fold);
        }
    }
}
