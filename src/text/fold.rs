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

/// The words of a text, in order: runs of letters, digits and combining marks.
pub fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// See [`words`].
pub struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = word_boundary::<false>(self.rest, 0);
        if start == self.rest.len() {
            self.rest = "";
            return None;
        }
        let end = word_boundary::<true>(self.rest, start);
        let word = &self.rest[start..end];
        self.rest = &self.rest[end..];
        Some(word)
    }
}

/// Which ASCII bytes are part of a word: letters and digits.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// The first index from `at` where the text stops being (`INSIDE`) or starts being (not
/// `INSIDE`) a word, or the text's length. Every word of a site passes here, so ASCII is read
/// as bytes.
fn word_boundary<const INSIDE: bool>(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            if ASCII_WORD[usize::from(byte)] != INSIDE {
                break;
            }
            at += 1;
            continue;
        }
        let (in_word, width) = match byte {
            // U+00C0 to U+027F: Latin letters (Vietnamese's among them) but × and ÷.
            0xc3..=0xc9 => (
                !matches!((byte, bytes.get(at + 1)), (0xc3, Some(0x97 | 0xb7))),
                2,
            ),
            // U+1E00 to U+1EFF, Latin Extended Additional: `ế`, `ở`, `ự`...
            0xe1 if matches!(bytes.get(at + 1), Some(0xb8..=0xbb)) => (true, 3),
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                (in_word(c), c.len_utf8())
            }
        };
        if in_word != INSIDE {
            break;
        }
        at += width;
    }
    at
}

/// Whether a character other than ASCII is part of a word. Most are Vietnamese letters (in
/// Latin-1 and the Latin extensions, × and ÷ aside): they need no look-up in Unicode's tables.
fn in_word(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') && !matches!(c, '×' | '÷')
        || c.is_alphanumeric()
        || is_combining_mark(c)
}

/// The exact form of a word: `Hoà` and `hòa` → `hoa` followed by a combining grave accent.
pub fn exact(word: &str) -> String {
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
    let plain: String = word
        .to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect();
    if lang == "en" {
        english_singular(&plain).to_string()
    } else {
        plain
    }
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

    /// The short ways through the bytes of Vietnamese letters agree with Unicode's classes
    /// (letters, digits, combining marks), on every character of the planes a page may hold.
    #[test]
    fn words_part_where_the_character_classes_say() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let expected: &[&str] = if !(c.is_alphanumeric() || is_combining_mark(c)) {
                &["a", "b"]
            } else {
                &[&text]
            };
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                expected,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn words_split_at_punctuation_and_keep_digits() {
        let found: Vec<&str> = words("Huế, 2026: lễ hội (Festival) — đường 49B! 3×4").collect();
        assert_eq!(
            found,
            [
                "Huế",
                "2026",
                "lễ",
                "hội",
                "Festival",
                "đường",
                "49B",
                "3",
                "4"
            ]
        );
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
