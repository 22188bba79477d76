//! The words of one language's index: each word as written is looked up once and given its
//! *variant*, a number for its pair of forms (`text::fold`'s folded and exact forms). Most
//! words of a site come again and again, so their forms are computed once. Numbers are never
//! reused: `serve` keeps the lexicon from one rebuild to the next, and the documents it did not
//! analyse again still name their variants by these numbers.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use foldhash::fast::FixedState;

use crate::text::fold::{exact, folded};

/// A variant's two forms: what the terms files are sorted and split by.
pub(super) struct Forms {
    pub(super) folded: Box<str>,
    pub(super) exact: Box<str>,
}

pub(super) struct Lexicon {
    lang: String,
    /// A word as written → its variant: the words of up to 16 bytes (almost all) by
    /// [`ShortWord`], the others as they are.
    short_words: HashMap<ShortWord, u32, FixedState>,
    long_words: HashMap<Box<str>, u32, FixedState>,
    /// `(folded, exact)` → its variant: two spellings of one word (`Hoà`, `hòa`) share it.
    by_forms: HashMap<(Box<str>, Box<str>), u32, FixedState>,
    /// By variant.
    pub(super) forms: Vec<Forms>,
}

impl Lexicon {
    pub(super) fn new(lang: &str) -> Lexicon {
        Lexicon {
            lang: lang.to_string(),
            short_words: HashMap::default(),
            long_words: HashMap::default(),
            by_forms: HashMap::default(),
            forms: Vec::new(),
        }
    }

    /// The variant of a word as written, made when the word is new. Every word of a site is
    /// looked up here, nearly all of them known: the look-up is inlined into the caller's
    /// loop, the making of a new variant is not. `from_word` is the text from the word's start
    /// on, which a short word is read from in one load ([`ShortWord::of`]).
    #[inline]
    pub(super) fn variant_of(&mut self, word: &str, from_word: &str) -> u32 {
        let short = ShortWord::of(word, from_word);
        let known = match &short {
            Some(short) => self.short_words.get(short),
            None => self.long_words.get(word),
        };
        match known {
            Some(variant) => *variant,
            None => self.add(word, short),
        }
    }

    /// Gives `word` (as [`ShortWord`] when short) its variant: a new one unless another
    /// spelling has the same forms.
    #[cold]
    #[inline(never)]
    fn add(&mut self, word: &str, short: Option<ShortWord>) -> u32 {
        let key: (Box<str>, Box<str>) = (folded(word, &self.lang).into(), exact(word).into());
        let next = self.forms.len() as u32;
        let variant = *self.by_forms.entry(key.clone()).or_insert(next);
        if variant == next {
            self.forms.push(Forms {
                folded: key.0,
                exact: key.1,
            });
        }
        match short {
            Some(short) => self.short_words.insert(short, variant),
            None => self.long_words.insert(word.into(), variant),
        };
        variant
    }
}

/// A word of 1 to 16 bytes as two numbers, compared and hashed without a call to `memcmp`:
/// its bytes, then zeros (no word holds a zero byte).
#[derive(PartialEq, Eq)]
struct ShortWord([u64; 2]);

impl ShortWord {
    /// `word` as a short word, read with the bytes that follow it in `from_word` (the text
    /// from its start on) and those masked out: sixteen bytes at once, the same load and mask
    /// whatever the word's length. Loads chosen by a branch on the length were often
    /// mispredicted: Vietnamese words run from two bytes to eight (`và`, `của`, `người`).
    #[inline]
    fn of(word: &str, from_word: &str) -> Option<ShortWord> {
        debug_assert!(from_word.starts_with(word));
        let len = word.len();
        if !(1..=16).contains(&len) {
            return None;
        }
        let mut sixteen = [0; 16];
        match from_word.as_bytes().get(..16) {
            Some(bytes) => sixteen.copy_from_slice(bytes),
            // Near the end of the text.
            None => sixteen[..len].copy_from_slice(word.as_bytes()),
        }
        let bytes = u128::from_le_bytes(sixteen) & (u128::MAX >> (128 - 8 * len));
        Some(ShortWord([bytes as u64, (bytes >> 64) as u64]))
    }
}

impl Hash for ShortWord {
    /// One number to hash instead of two: equal words hash alike, and the map compares the
    /// rare words that share a hash.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0] ^ self.0[1].rotate_left(29));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_word_share_a_variant_and_other_words_do_not() {
        let mut lexicon = Lexicon::new("vi");
        let hoa = lexicon.variant_of("Hoà", "Hoà");
        assert_eq!(lexicon.variant_of("hòa", "hòa"), hoa);
        assert_eq!(lexicon.variant_of("hoà", "hoà"), hoa);
        let flower = lexicon.variant_of("hoa", "hoa");
        assert_ne!(flower, hoa);
        assert_eq!(&*lexicon.forms[hoa as usize].folded, "hoa");
        assert_eq!(&*lexicon.forms[flower as usize].folded, "hoa");
        assert_eq!(lexicon.forms.len(), 2);
    }

    /// Words of every length up to and past 16 bytes (the runs of `a` differ only in length),
    /// and words that differ in one byte, each get their own variant, and find it again, alone
    /// or followed by more text.
    #[test]
    fn words_short_and_long_keep_their_variants() {
        let mut words: Vec<String> = (1..=20).map(|n| "a".repeat(n)).collect();
        words.extend(
            [
                "abcdefgh12345678",
                "abcdefgh2345678",
                "abcdefghX2345678",
                "đường",
            ]
            .map(String::from),
        );
        let mut lexicon = Lexicon::new("vi");
        let variants: Vec<u32> = words.iter().map(|w| lexicon.variant_of(w, w)).collect();
        assert_eq!(variants, (0..words.len() as u32).collect::<Vec<_>>());
        for (word, variant) in words.iter().zip(&variants) {
            assert_eq!(lexicon.variant_of(word, word), *variant, "{word}");
            let upper = word.to_uppercase();
            assert_eq!(lexicon.variant_of(&upper, &upper), *variant, "{word}");
        }
        // Read with the text that follows it, which is masked out: a spelling already known.
        let spellings = lexicon.short_words.len() + lexicon.long_words.len();
        for (word, variant) in words.iter().zip(&variants) {
            let in_text = format!("{word} và các bài khác");
            assert_eq!(lexicon.variant_of(word, &in_text), *variant, "{word}");
        }
        assert_eq!(
            lexicon.short_words.len() + lexicon.long_words.len(),
            spellings
        );
        assert_eq!(lexicon.forms.len(), words.len());
    }
}
