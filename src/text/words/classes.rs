//! The classes of a block of text's bytes, as bit masks: which bytes start a character that is
//! surely in a word, which need Unicode's tables, which follow a character's first byte, and
//! where markup starts and ends. Every byte of every indexed page is classed here.
//!
//! On x86-64 the block is classed sixteen bytes at a time with SSE2, which every x86-64
//! processor has: each class is a few vector comparisons, and one instruction
//! (`pmovmskb`) gathers sixteen lanes into sixteen bits. The compiler does not find that
//! instruction on its own, and gathering the bits by multiplication took a quarter of the
//! index's time to read words. Elsewhere, and in the tests that hold the two to each other, the
//! block is classed a lane at a time, in plain Rust.

use super::BLOCK;

/// A block's bytes by class, one bit each.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Masks {
    /// The first byte of each character that is surely in a word.
    pub(super) first_bytes: u64,
    /// The first byte of each character whose class needs Unicode's tables
    /// ([`is_in_word`](super::is_in_word)).
    pub(super) unsure: u64,
    /// The bytes that follow a character's first (UTF-8's `10xxxxxx`).
    pub(super) following: u64,
    /// `<` and `&`, where markup may start.
    pub(super) markup_starts: u64,
    /// `>`, where a tag ends.
    pub(super) closes: u64,
}

impl Masks {
    /// The masks of the first [`BLOCK`] bytes of `block`; its last byte is the one after them.
    ///
    /// Surely in a word: ASCII letters and digits; U+0100 to U+027F (`đ`, `ư`, `ơ`...: first
    /// bytes C4 to C9) and the combining marks U+0300 to U+033F (CC), all letters or marks;
    /// Latin-1's letters (C3, but × and ÷: C3 97 and C3 B7); and U+1D00 to U+1EFF (E1 then B4 to
    /// BB: phonetic letters, combining marks and Vietnamese's `ế`, `ở`, `ự`...). Every other
    /// character of two bytes or more is unsure.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    pub(super) fn of(block: &[u8; BLOCK + 1]) -> Masks {
        // SAFETY: `of_sse2` needs SSE2, and this is compiled only where the build enables it
        // (the `cfg` above), as every x86-64 target does.
        unsafe { Masks::of_sse2(block) }
    }

    /// See the other `of`.
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub(super) fn of(block: &[u8; BLOCK + 1]) -> Masks {
        Masks::of_lanes(block)
    }

    /// [`Masks::of`] with SSE2, sixteen bytes at a time.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "sse2")]
    fn of_sse2(block: &[u8; BLOCK + 1]) -> Masks {
        use std::arch::x86_64::*;
        // Sixteen bytes from `at`, read as two numbers: no pointer, so no `unsafe` load.
        let sixteen = |at: usize| {
            let half = |at: usize| {
                let mut eight = [0; 8];
                eight.copy_from_slice(&block[at..at + 8]);
                i64::from_le_bytes(eight)
            };
            _mm_set_epi64x(half(at + 8), half(at))
        };
        let splat = |byte: u8| _mm_set1_epi8(byte as i8);
        let equal = |lanes: __m128i, byte: u8| _mm_cmpeq_epi8(lanes, splat(byte));
        // Lanes at least `from` and below `from + count`, unsigned: the difference, saturated
        // at 0 after taking `count - 1` away, is 0.
        let within = |lanes: __m128i, from: u8, count: u8| {
            let offset = _mm_sub_epi8(lanes, splat(from));
            _mm_cmpeq_epi8(_mm_subs_epu8(offset, splat(count - 1)), _mm_setzero_si128())
        };
        let or = _mm_or_si128;
        let mut masks = [0u64; 5];
        for sixteenth in 0..BLOCK / 16 {
            let byte = sixteen(16 * sixteenth);
            let next = sixteen(16 * sixteenth + 1);
            let alphanumeric = or(
                within(byte, b'0', 10),
                within(or(byte, splat(0x20)), b'a', 26),
            );
            let latin_extended = or(within(byte, 0xc4, 6), equal(byte, 0xcc));
            let latin_1 = equal(byte, 0xc3);
            let sign = or(equal(next, 0x97), equal(next, 0xb7));
            let latin_1_letter = _mm_andnot_si128(sign, latin_1);
            let extended_additional = _mm_and_si128(equal(byte, 0xe1), within(next, 0xb4, 8));
            let sure = or(
                or(alphanumeric, latin_extended),
                or(latin_1_letter, extended_additional),
            );
            let known = or(or(latin_extended, latin_1), extended_additional);
            let lead = within(byte, 0xc0, 64);
            let unsure = _mm_andnot_si128(known, lead);
            let following = within(byte, 0x80, 64);
            let markup_starts = or(equal(byte, b'<'), equal(byte, b'&'));
            let closes = equal(byte, b'>');
            let classes = [sure, unsure, following, markup_starts, closes];
            for (mask, lanes) in masks.iter_mut().zip(classes) {
                let bits = _mm_movemask_epi8(lanes) as u16;
                *mask |= u64::from(bits) << (16 * sixteenth);
            }
        }
        let [first_bytes, unsure, following, markup_starts, closes] = masks;
        Masks {
            first_bytes,
            unsure,
            following,
            markup_starts,
            closes,
        }
    }

    /// [`Masks::of`] a lane at a time: one byte a lane, 0 or 1, so that each lane is computed
    /// alike and the compiler can use vector instructions.
    #[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
    fn of_lanes(block: &[u8; BLOCK + 1]) -> Masks {
        let mut sure = [0u8; BLOCK];
        let mut unsure = [0u8; BLOCK];
        let mut following = [0u8; BLOCK];
        let mut markup_starts = [0u8; BLOCK];
        let mut closes = [0u8; BLOCK];
        for i in 0..BLOCK {
            let (byte, next) = (block[i], block[i + 1]);
            let alphanumeric =
                (byte.wrapping_sub(b'0') < 10) | ((byte | 0x20).wrapping_sub(b'a') < 26);
            let latin_extended = (byte.wrapping_sub(0xc4) < 6) | (byte == 0xcc);
            let latin_1 = byte == 0xc3;
            let latin_1_letter = latin_1 & (next != 0x97) & (next != 0xb7);
            let extended_additional = (byte == 0xe1) & (next.wrapping_sub(0xb4) < 8);
            sure[i] =
                u8::from(alphanumeric | latin_extended | latin_1_letter | extended_additional);
            let known = latin_extended | latin_1 | extended_additional;
            unsure[i] = u8::from((byte >= 0xc0) & !known);
            following[i] = u8::from(byte & 0xc0 == 0x80);
            markup_starts[i] = u8::from((byte == b'<') | (byte == b'&'));
            closes[i] = u8::from(byte == b'>');
        }
        Masks {
            first_bytes: bits(&sure),
            unsure: bits(&unsure),
            following: bits(&following),
            markup_starts: bits(&markup_starts),
            closes: bits(&closes),
        }
    }
}

/// Lanes of 0 or 1 as the bits of a number, lane `i` bit `i`: eight lanes at a time, each
/// multiplied onto its bit.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn bits(lanes: &[u8; BLOCK]) -> u64 {
    lanes
        .chunks_exact(8)
        .enumerate()
        .fold(0, |bits, (eighth, lanes)| {
            let mut eight = [0; 8];
            eight.copy_from_slice(lanes);
            let packed = u64::from_le_bytes(eight).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            bits | packed << (8 * eighth)
        })
}

#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every byte, after every byte: the two ways of classing agree on each pair, in every
    /// lane of the block (the pair repeated, so it also stands across the sixteen-byte parts).
    #[test]
    fn sse2_classes_every_pair_of_bytes_as_lanes_do() {
        for byte in 0..=255u8 {
            for next in 0..=255u8 {
                let mut block = [0; BLOCK + 1];
                for (i, lane) in block.iter_mut().enumerate() {
                    *lane = if i % 2 == 0 { byte } else { next };
                }
                let lanes = Masks::of_lanes(&block);
                assert_eq!(Masks::of(&block), lanes, "{byte:#04x} {next:#04x}");
            }
        }
    }

    proptest! {
        /// Blocks of any bytes, and of text: the two ways agree.
        #[test]
        fn sse2_classes_any_block_as_lanes_do(
            bytes in proptest::collection::vec(any::<u8>(), BLOCK + 1),
            text in "[a-zA-Z0-9 <>&;đĐếởựàáÀ×÷\u{300}\u{301}–—“”\u{a0}\u{1680}ᴀ-ỿ]{65}",
        ) {
            let mut block = [0; BLOCK + 1];
            block.copy_from_slice(&bytes);
            prop_assert_eq!(Masks::of(&block), Masks::of_lanes(&block));
            let mut block = [0; BLOCK + 1];
            let text = text.as_bytes();
            block.copy_from_slice(&text[..BLOCK + 1]);
            prop_assert_eq!(Masks::of(&block), Masks::of_lanes(&block));
        }
    }
}
