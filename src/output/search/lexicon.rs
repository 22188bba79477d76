//! The words of one language's index: each word as written is looked up once and given its
//! *variant*, a number for its pair of forms (`text::fold`'s folded and exact forms). Most
//! words of a site come again and again, so their forms are computed once. Numbers are never
//! reused: `serve` keeps the lexicon from one rebuild to the next, and the documents it did not
//! analyse again still name their variants by these numbers.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::text::fold::{exact, folded};

/// A variant's two forms: what the terms files are sorted and split by.
pub(super) struct Forms {
    pub(super) folded: Box<str>,
    pub(super) exact: Box<str>,
}

pub(super) struct Lexicon {
    lang: String,
    /// A word as written → its variant.
    words: HashMap<Box<str>, u32, FixedState>,
    /// `(folded, exact)` → its variant: two spellings of one word (`Hoà`, `hòa`) share it.
    by_forms: HashMap<(Box<str>, Box<str>), u32, FixedState>,
    /// By variant.
    pub(super) forms: Vec<Forms>,
}

impl Lexicon {
    pub(super) fn new(lang: &str) -> Lexicon {
        Lexicon {
            lang: lang.to_string(),
            words: HashMap::default(),
            by_forms: HashMap::default(),
            forms: Vec::new(),
        }
    }

    /// The variant of a word as written, made when the word is new.
    pub(super) fn variant_of(&mut self, word: &str) -> u32 {
        if let Some(variant) = self.words.get(word) {
            return *variant;
        }
        let key: (Box<str>, Box<str>) = (folded(word, &self.lang).into(), exact(word).into());
        let next = self.forms.len() as u32;
        let variant = *self.by_forms.entry(key.clone()).or_insert(next);
        if variant == next {
            self.forms.push(Forms {
                folded: key.0,
                exact: key.1,
            });
        }
        self.words.insert(word.into(), variant);
        variant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_word_share_a_variant_and_other_words_do_not() {
        let mut lexicon = Lexicon::new("vi");
        let hoa = lexicon.variant_of("Hoà");
        assert_eq!(lexicon.variant_of("hòa"), hoa);
        assert_eq!(lexicon.variant_of("hoà"), hoa);
        let flower = lexicon.variant_of("hoa");
        assert_ne!(flower, hoa);
        assert_eq!(&*lexicon.forms[hoa as usize].folded, "hoa");
        assert_eq!(&*lexicon.forms[flower as usize].folded, "hoa");
        assert_eq!(lexicon.forms.len(), 2);
    }
}
