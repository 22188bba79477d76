//! The words of a text as search reads them: runs of letters, digits and combining marks.
//!
//! Every word of a site passes here, over seven million in the bodies of the 10,000-page
//! benchmark. Read a byte at a time, each end of a word was a branch that no processor
//! predicts, and that cost more than the rest of the index's work per word. So the text is
//! classed [`BLOCK`] bytes at a time into bit masks (`text::classes`), without branches; the words
//! are then read off the masks by counting zero bits.

use memchr::memchr;
use unicode_normalization::char::is_combining_mark;

use crate::text::escape::entity;

use crate::text::classes::{BLOCK, WordMasks, block_at, first_bytes_bits};

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        next_block: 0,
        starts: 0,
        ends: 0,
        carry: 0,
        open: None,
        markup: None,
        letter_entity: false,
    }
}

/// The words of the text of `html`, in order: the text between its tags, where a tag parts
/// words as a space would, and so does an entity reference for a character that is not in a
/// word (`&amp;`, `&nbsp;`). An entity that stands for a letter, digit or mark (`Vi&#x1EC7;t`)
/// is part of a word that `html` does not hold as written: the words stop before the block of
/// text that holds it, and [`Words::met_letter_entity`] says so. The caller then reads the text
/// decoded; looking for such entities first cost a second pass over every body, for the few
/// pages that have one.
pub fn words_of_html(html: &str) -> Words<'_> {
    Words {
        markup: Some(0),
        ..words(html)
    }
}

/// See [`words`].
pub struct Words<'a> {
    text: &'a str,
    /// Where the block after the one of the masks below starts in the text.
    next_block: usize,
    /// Bit `i` is byte `i` of the block last classed: where a word starts, and where one ends
    /// (the byte after its last), among the words not yet returned.
    starts: u64,
    ends: u64,
    /// 1 when the last byte of the block is in a word.
    carry: u64,
    /// Where the word being read started, when its end lies in a later block.
    open: Option<usize>,
    /// For HTML, where the markup met last ends: its bytes are out of every word.
    markup: Option<usize>,
    /// Whether the words stopped at an entity that stands for a letter (`words_of_html`).
    letter_entity: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        self.next_span().map(|(start, end)| &self.text[start..end])
    }
}

impl<'a> Words<'a> {
    /// The next word, and the text from its start on (the word, then what follows it): for a
    /// reader that takes a few bytes at once rather than exactly the word's.
    #[inline]
    pub fn next_with_rest(&mut self) -> Option<(&'a str, &'a str)> {
        self.next_span()
            .map(|(start, end)| (&self.text[start..end], &self.text[start..]))
    }

    /// Where the next word starts and ends in the text.
    #[inline]
    fn next_span(&mut self) -> Option<(usize, usize)> {
        // Starts and ends alternate through the text, so the lowest end follows the word open.
        loop {
            let start = match self.open {
                Some(start) => start,
                None if self.starts == 0 => {
                    if !self.class_next_block() {
                        return None;
                    }
                    continue;
                }
                None => {
                    let start = self.block() + self.starts.trailing_zeros() as usize;
                    self.starts &= self.starts - 1;
                    start
                }
            };
            if self.ends == 0 {
                self.open = Some(start);
                if !self.class_next_block() {
                    self.open = None;
                    // A word cut short by a letter's entity is not the word of the text.
                    return (!self.letter_entity).then_some((start, self.text.len()));
                }
                continue;
            }
            let end = self.block() + self.ends.trailing_zeros() as usize;
            self.ends &= self.ends - 1;
            self.open = None;
            return Some((start, end));
        }
    }
}

impl Words<'_> {
    /// Whether the words stopped before their text's end, at an entity that stands for a
    /// letter, digit or mark (see [`words_of_html`]).
    pub fn met_letter_entity(&self) -> bool {
        self.letter_entity
    }

    /// Where the block last classed starts (once one is).
    fn block(&self) -> usize {
        self.next_block - BLOCK
    }

    /// Classes the next block: false at the end of the text, or at a letter's entity.
    fn class_next_block(&mut self) -> bool {
        let at = self.next_block;
        let bytes = self.text.as_bytes();
        if at >= bytes.len() || self.letter_entity {
            return false;
        }
        // At the end of the text, zeros follow: not in a word.
        let mut spare = [0; BLOCK + 1];
        let masks = WordMasks::of(block_at(bytes, at, 0, &mut spare));
        let markup = match &mut self.markup {
            Some(markup_end) => match markup_bits(self.text, at, &masks, markup_end) {
                Some(markup) => markup,
                None => {
                    self.letter_entity = true;
                    return false;
                }
            },
            None => 0,
        };
        let mut in_word = masks.first_bytes & !markup;
        let mut unsure = masks.unsure & !markup;
        while unsure != 0 {
            let offset = unsure.trailing_zeros() as usize;
            unsure &= unsure - 1;
            let c = self.text[at + offset..].chars().next().unwrap_or_default();
            in_word |= u64::from(is_in_word(c)) << offset;
        }
        // The following bytes of a character are where its first byte is: each run of them
        // right after a first byte in a word is added at once, by adding its lowest bit to the
        // run (the carry clears the run's bits; they are the ones the sum lacks).
        let following = masks.following & !markup;
        let run_starts = (in_word << 1 | self.carry) & following;
        in_word |= following & !following.wrapping_add(run_starts);
        let before = in_word << 1 | self.carry;
        self.starts = in_word & !before;
        self.ends = !in_word & before;
        self.carry = in_word >> (BLOCK - 1);
        self.next_block = at + BLOCK;
        true
    }
}

/// The bytes of markup in the block of `text` at `at`, as bits: the tags and entity
/// references that start in the block (`masks`' `<` and `&`) and those that began before, up
/// to `markup_end`, which is moved to the end of the last one met. A tag ends at its first `>`
/// (or with the text); an entity that names no character (`&unknown;`) is read as text, only
/// its `&` kept out. `None` at an entity that stands for a character in a word.
fn markup_bits(text: &str, at: usize, masks: &WordMasks, markup_end: &mut usize) -> Option<u64> {
    // The bits of the bytes of the block before `end`.
    let before = |end: usize| first_bytes_bits(end.saturating_sub(at));
    let bytes = text.as_bytes();
    let mut markup = before(*markup_end);
    let mut pending = masks.markup_starts & !markup;
    while pending != 0 {
        let from = at + pending.trailing_zeros() as usize;
        let end = if bytes[from] == b'<' {
            // The tag's `>`, in the block when it is there.
            let closes = masks.closes & !before(from + 1);
            let rest = (at + BLOCK).min(bytes.len());
            match closes {
                0 => memchr(b'>', &bytes[rest..]).map_or(bytes.len(), |close| rest + close + 1),
                _ => at + closes.trailing_zeros() as usize + 1,
            }
        } else {
            match entity(&text[from + 1..]) {
                Some((c, _)) if is_in_word(c) => return None,
                Some((_, taken)) => from + 1 + taken,
                None => from + 1,
            }
        };
        markup |= before(end) & !before(from);
        pending &= !before(end);
        *markup_end = end;
    }
    Some(markup)
}

/// Whether a character is part of a word.
fn is_in_word(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks agree with Unicode's classes (letters, digits, combining marks) on every
    /// character of the planes a page may hold, first in a word, within one and last.
    #[test]
    fn words_part_where_the_character_classes_say() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let found = |text: &str| words(text).collect::<Vec<_>>().join("|");
            let (within, first, last) = if is_in_word(c) {
                (format!("a{c}b"), format!("{c}b"), format!("a{c}"))
            } else {
                ("a|b".to_string(), "b".to_string(), "a".to_string())
            };
            let hex = c as u32;
            assert_eq!(found(&format!("a{c}b")), within, "U+{hex:04X} within");
            assert_eq!(found(&format!(" {c}b")), first, "U+{hex:04X} first");
            assert_eq!(found(&format!("a{c} ")), last, "U+{hex:04X} last");
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
    fn each_word_comes_with_the_text_from_it_on() {
        let text = "Cố đô Huế, 1993";
        let mut found = words(text);
        let mut read = Vec::new();
        while let Some((word, rest)) = found.next_with_rest() {
            read.push((word, rest));
        }
        assert_eq!(
            read,
            [
                ("Cố", text),
                ("đô", "đô Huế, 1993"),
                ("Huế", "Huế, 1993"),
                ("1993", "1993")
            ]
        );
    }

    /// Words across the edges of blocks, characters of every width across them, and a text
    /// that ends in a word or at a block's end: the masks give what a plain reading gives.
    #[test]
    fn words_across_blocks_are_whole() {
        let plain = |text: &str| -> Vec<String> {
            text.split(|c: char| !is_in_word(c))
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        for pattern in ["ab ", "Huế – ", "ế", "x𝔸 ", "  ", "đường,", "a×"] {
            for repeat in 1..=140 {
                for lead in ["", "a", "ế", " "] {
                    let text = format!("{lead}{}", pattern.repeat(repeat));
                    let found: Vec<&str> = words(&text).collect();
                    assert_eq!(found, plain(&text), "{text:?}");
                }
            }
        }
    }
}
