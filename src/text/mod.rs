//! Text utilities every stage may use, and which use no other module of huong: slugs
//! ([`slug`]), escaping ([`escape`]), and here the properties of the text editors write,
//! computed once when a file is read: its fingerprint (what translations record) and whether it
//! looks like Vietnamese pasted from a legacy encoding. Pure functions, one pass over the text each.

pub mod classes;
pub mod escape;
pub mod fold;
pub mod slug;
pub mod words;

use std::ops::Range;

use sha2::{Digest, Sha256};

/// The fingerprint of an original's text: 8 hex digits of SHA-256 over its title and body with
/// every run of white space folded to one space (text is NFC and LF already when loaded).
pub fn fingerprint(title: &str, body: &str) -> String {
    // The words are gathered first and hashed in one call: one hasher update per word cost more
    // than the hashing.
    fn push_words(out: &mut Vec<u8>, text: &str) {
        for word in text.split_whitespace() {
            out.extend_from_slice(word.as_bytes());
            out.push(b' ');
        }
    }
    let mut words = Vec::with_capacity(title.len() + body.len() + 2);
    push_words(&mut words, title);
    words.push(b'\n');
    push_words(&mut words, body);
    Sha256::digest(&words)[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The index of the first byte of `bytes` that `matches`. The bytes are tested a block at a
/// time, all of a block without stopping at the first match, which the compiler turns into
/// vector instructions: the passes of `load` over every byte of a site use it.
pub fn position_of_byte(bytes: &[u8], matches: impl Fn(u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut blocks = bytes.chunks_exact(BLOCK);
    let found = blocks
        .by_ref()
        .position(|block| block.iter().fold(false, |any, &byte| any | matches(byte)));
    let (start, rest) = match found {
        Some(index) => (index * BLOCK, &bytes[index * BLOCK..(index + 1) * BLOCK]),
        None => (bytes.len() - blocks.remainder().len(), blocks.remainder()),
    };
    rest.iter()
        .position(|&byte| matches(byte))
        .map(|at| start + at)
}

/// The first line that reads like a legacy Vietnamese encoding shown as Unicode: UTF-8 read as
/// Windows-1252 (`Ã‚m Lá»‹ch`), TCVN3/ABC (`ViÖt Nam`) or VNI (`Vieät Nam`), with its span and
/// a description. Counts tell-tale characters and pairs in one pass per line.
pub fn find_mojibake(text: &str) -> Option<(Range<usize>, &'static str)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Only the lines that hold a byte some tell-tale needs are read, and they are few: the
    // search runs over the whole text, not line by line.
    while let Some(at) = tell_tale_byte(bytes, from) {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1);
        let end =
            memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |newline| at + newline + 1);
        let line = &text[start..end];
        if let Some(kind) = legacy_encoding(line) {
            return Some((start..start + line.trim_end().len(), kind));
        }
        from = end;
    }
    None
}

/// The first byte from `from` that starts a character some tell-tale of [`legacy_encoding`]
/// needs: any of U+0080 to U+00BF (UTF-8 `C2 xx`), or one of the letters of U+00C0 to U+00FF
/// that it names (`C3 xx`). Unicode Vietnamese has few of them (`ù` and `õ` among them), so
/// most lines are skipped at the speed of a byte search.
fn tell_tale_byte(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2_iter(0xc2, 0xc3, &bytes[from..])
        .map(|at| from + at)
        .find(|&at| {
            bytes[at] == 0xc2
                || matches!(
                    bytes.get(at + 1),
                    // Ã Ä Æ Ò Ö Þ ß ä å ï ñ õ ö ø ù û ü
                    Some(
                        0x83 | 0x84
                            | 0x86
                            | 0x92
                            | 0x96
                            | 0x9e
                            | 0x9f
                            | 0xa4
                            | 0xa5
                            | 0xaf
                            | 0xb1
                            | 0xb5
                            | 0xb6
                            | 0xb8
                            | 0xb9
                            | 0xbb
                            | 0xbc
                    )
                )
        })
}

/// The legacy encoding a line reads like, counting its tell-tale characters and pairs in one
/// pass.
fn legacy_encoding(line: &str) -> Option<&'static str> {
    let (mut cp1252, mut tcvn3, mut vni) = (0, 0, 0);
    let mut has_modern = false;
    let mut previous = ' ';
    for c in line.chars() {
        // Each tell-tale is a Latin-1 character or follows `Ã` or `Ä`; elsewhere only the
        // letters ơ and ư matter. Most characters of Vietnamese text take this short way.
        if !('\u{80}'..='\u{ff}').contains(&c) && !matches!(previous, 'Ã' | 'Ä') {
            has_modern |= matches!(c, 'ơ' | 'ư' | 'Ơ' | 'Ư');
            previous = c;
            continue;
        }
        match (previous, c) {
            ('Ã', _) | ('Ä', '‘' | '\u{90}' | '\u{91}') | ('Æ', '°' | '¡') | ('á', 'º' | '»') => {
                cp1252 += 1
            }
            ('a' | 'e' | 'o', 'ù') | ('a' | 'e', 'õ') => vni += 1,
            _ => {}
        }
        // Characters TCVN3 uses for Vietnamese letters, which Vietnamese Unicode text
        // never has; VNI spells tones and hooks with letters Vietnamese never uses. A
        // `match` on characters, not a search in a string of them: this runs on every
        // character of the site.
        if matches!(
            c,
            'Ö' | '§' | '¸' | 'µ' | '¶' | '·' | '¹' | 'Ò' | 'Þ' | 'ß' | 'ü' | 'ª' | '«' | '®'
        ) {
            tcvn3 += 1;
        }
        if matches!(c, 'ø' | 'ï' | 'ä' | 'å' | 'ö' | 'ñ' | 'û') {
            vni += 1;
        }
        has_modern |= matches!(c, 'ơ' | 'ư' | 'Ơ' | 'Ư');
        previous = c;
    }
    if cp1252 >= 2 {
        Some("UTF-8 text decoded as Windows-1252 (mojibake)")
    } else if tcvn3 >= 3 && !has_modern {
        Some("text in the old TCVN3 (ABC) encoding")
    } else if vni >= 3 && !has_modern {
        Some("text in the old VNI encoding")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The block search finds what a plain search finds, wherever the first match falls:
        /// in a block, in the bytes after the last block, or nowhere.
        #[test]
        fn the_block_search_finds_the_first_match(
            bytes in proptest::collection::vec(prop_oneof![30 => 0u8..0x80, 1 => any::<u8>()], 0..300),
            least in 0x80u8..=0xff,
        ) {
            let matches = |byte: u8| byte >= least || byte == b'\r';
            prop_assert_eq!(
                position_of_byte(&bytes, matches),
                bytes.iter().position(|&byte| matches(byte))
            );
        }
    }

    #[test]
    fn legacy_encodings_are_recognised() {
        assert!(find_mojibake("Ã‚m Lá»‹ch Viá»‡t Nam").is_some());
        assert!(find_mojibake("C«ng ty ViÖt Nam §· ký").is_some());
        assert!(find_mojibake("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").is_some());
        assert!(find_mojibake("Cộng hòa xã hội chủ nghĩa Việt Nam").is_none());
        assert!(find_mojibake("Hồ Chí Minh City, Đà Nẵng and Huế: the café scene").is_none());
        assert!(find_mojibake("Thừa Thiên Huế · Tết Nguyên đán").is_none());
        // ASCII lines are skipped, and the span still points into the right line.
        let (span, _) = find_mojibake("plain line\nÃ‚m Lá»‹ch\nmore\n").unwrap();
        assert_eq!(span, 11..11 + "Ã‚m Lá»‹ch".len());
        // A line the byte search stops at but that reads as Vietnamese is passed over; the
        // last line needs no line break.
        let text = "mùa thu\nplain\nÃ‚m Lá»‹ch  ";
        let (span, _) = find_mojibake(text).unwrap();
        assert_eq!(&text[span], "Ã‚m Lá»‹ch");
    }

    /// The byte search never skips a line that the count would flag: every character of the
    /// first plane, three times after each letter a rule pairs it with, is either found by the
    /// byte search or counted by no rule.
    #[test]
    fn lines_the_byte_search_skips_hold_no_tell_tale() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            for previous in ['a', 'e', 'o', 'á', ' '] {
                let line = format!("{previous}{c}").repeat(3);
                if tell_tale_byte(line.as_bytes(), 0).is_none() {
                    assert_eq!(legacy_encoding(&line), None, "U+{:04X}", c as u32);
                }
            }
        }
        assert!(tell_tale_byte("Cộng hòa xã hội chủ nghĩa Việt Nam".as_bytes(), 0).is_none());
        assert!(tell_tale_byte("C«ng ty".as_bytes(), 0).is_some());
    }

    /// Every Unicode space separates words, and a run of them counts as one.
    #[test]
    fn words_are_split_at_every_unicode_space() {
        let spaced = " Hoàng\tthành\r\nHuế\u{a0}có\u{2003}ba\u{3000}vòng\u{85}thành\u{1680}x\u{2028}y\u{202f}z\u{205f}w ";
        let plain = "Hoàng thành Huế có ba vòng thành x y z w";
        assert_eq!(
            fingerprint("Đại Nội", spaced),
            fingerprint("Đại Nội", plain)
        );
        assert_ne!(
            fingerprint("Đại Nội", "một\u{200b}từ"),
            fingerprint("Đại Nội", "một từ"),
            "a zero-width space is not a space"
        );
    }

    /// Fingerprints are stored in translations (`translated_from`): they must never change.
    #[test]
    fn fingerprints_stay_what_translations_recorded() {
        assert_eq!(
            fingerprint("Đại Nội", "Hoàng thành Huế.\n\nCó ba vòng thành."),
            "e6d6ba5b"
        );
    }

    #[test]
    fn spacing_and_line_breaks_do_not_change_the_fingerprint() {
        let a = fingerprint("Đại Nội", "Hoàng thành Huế.\n\nCó ba vòng thành.");
        assert_eq!(
            a,
            fingerprint("Đại  Nội", "Hoàng thành   Huế.\n\n\nCó ba\nvòng thành.  ")
        );
        assert_ne!(
            a,
            fingerprint("Đại Nội", "Hoàng thành Huế. Có bốn vòng thành.")
        );
        assert_eq!(a.len(), 8);
    }
}
