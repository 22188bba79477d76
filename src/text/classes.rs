//! The classes of a block of text's bytes, as bit masks (bit `i` for byte `i`), for the two
//! readers that look at every byte of the pages that search indexes: its words ([`WordMasks`],
//! for `text::words`) and the plain text a result quotes ([`RunMasks`], for the search index's
//! documents).
//!
//! On x86-64 a block is classed sixteen bytes at a time with SSE2, which every x86-64
//! processor has: a class is a few vector comparisons, and one instruction (`pmovmskb`)
//! gathers sixteen lanes into sixteen bits. The compiler does not find that instruction on its
//! own: gathering the bits by multiplication took a quarter of the time the index spent
//! reading words. Elsewhere, and in the tests that hold the two to each other, a block is
//! classed a lane at a time, in plain Rust.

/// The bytes classed at a time: one bit of a `u64` each. A block is passed with the byte after
/// it, which the class of its last byte may need.
pub const BLOCK: usize = 64;

/// The block of `bytes` from `at`, with the byte after it, read where it stands; near the end
/// of `bytes`, copied into `spare` with `padding` after them.
pub fn block_at<'a>(
    bytes: &'a [u8],
    at: usize,
    padding: u8,
    spare: &'a mut [u8; BLOCK + 1],
) -> &'a [u8; BLOCK + 1] {
    if let Some(block) = bytes.get(at..at + BLOCK + 1)
        && let Ok(block) = block.try_into()
    {
        return block;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    *spare = [padding; BLOCK + 1];
    spare[..rest.len()].copy_from_slice(rest);
    spare
}

/// The bits of the first `n` bytes of a block (`n` up to [`BLOCK`]), without a branch: the
/// readers ask for every length, which a branch would mispredict (a shift of a `u64` by 64
/// would overflow, one of a `u128` not).
pub fn first_bytes_bits(n: usize) -> u64 {
    ((1u128 << n.min(BLOCK)) - 1) as u64
}

/// A block's bytes by class for reading words.
#[derive(Debug, PartialEq, Eq)]
pub struct WordMasks {
    /// The first byte of each character that is surely in a word.
    pub first_bytes: u64,
    /// The first byte of each character whose class needs Unicode's tables.
    pub unsure: u64,
    /// The bytes that follow a character's first (UTF-8's `10xxxxxx`).
    pub following: u64,
    /// `<` and `&`, where markup may start.
    pub markup_starts: u64,
    /// `>`, where a tag ends.
    pub closes: u64,
}

/// A block's bytes by class for quoting plain text: where a run of it ends, and which bytes
/// count as no character of their own.
#[derive(Debug, PartialEq, Eq)]
pub struct RunMasks {
    /// A tag, an entity, or what may be a space: ASCII's, or the first byte of one beyond
    /// ASCII (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000 start with C2, E1 9A, E2 or
    /// E3; Vietnamese's letters, E1 BA and E1 BB, do not). A single ASCII space between two
    /// characters of text does not end a run, so that the words of a sentence are one run.
    pub ends: u64,
    /// The bytes that follow a character's first.
    pub following: u64,
}

impl WordMasks {
    /// The masks of the first [`BLOCK`] bytes of `block`.
    ///
    /// Surely in a word: ASCII letters and digits; U+0100 to U+027F (`đ`, `ư`, `ơ`...: first
    /// bytes C4 to C9) and the combining marks U+0300 to U+033F (CC), all letters or marks;
    /// Latin-1's letters (C3, but × and ÷: C3 97 and C3 B7); and U+1D00 to U+1EFF (E1 then B4 to
    /// BB: phonetic letters, combining marks and Vietnamese's `ế`, `ở`, `ự`...). Every other
    /// character of two bytes or more is unsure.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    pub fn of(block: &[u8; BLOCK + 1]) -> WordMasks {
        // SAFETY: `of_sse2` needs SSE2, and this is compiled only where the build enables it
        // (the `cfg` above), as every x86-64 target does.
        unsafe { WordMasks::of_sse2(block) }
    }

    /// See the other `of`.
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub fn of(block: &[u8; BLOCK + 1]) -> WordMasks {
        WordMasks::of_lanes(block)
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "sse2")]
    fn of_sse2(block: &[u8; BLOCK + 1]) -> WordMasks {
        use sse2::*;
        let masks = each_sixteen(block, |byte, next| {
            let alphanumeric = or(
                within(byte, b'0', 10),
                within(or(byte, splat(0x20)), b'a', 26),
            );
            let latin_extended = or(within(byte, 0xc4, 6), equal(byte, 0xcc));
            let latin_1 = equal(byte, 0xc3);
            let sign = or(equal(next, 0x97), equal(next, 0xb7));
            let latin_1_letter = and_not(latin_1, sign);
            let extended_additional = and(equal(byte, 0xe1), within(next, 0xb4, 8));
            let sure = or(
                or(alphanumeric, latin_extended),
                or(latin_1_letter, extended_additional),
            );
            let known = or(or(latin_extended, latin_1), extended_additional);
            [
                sure,
                and_not(within(byte, 0xc0, 64), known),
                within(byte, 0x80, 64),
                or(equal(byte, b'<'), equal(byte, b'&')),
                equal(byte, b'>'),
            ]
        });
        WordMasks::from_classes(masks)
    }

    #[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
    fn of_lanes(block: &[u8; BLOCK + 1]) -> WordMasks {
        let masks = each_lane(block, |byte, next| {
            let alphanumeric =
                (byte.wrapping_sub(b'0') < 10) | ((byte | 0x20).wrapping_sub(b'a') < 26);
            let latin_extended = (byte.wrapping_sub(0xc4) < 6) | (byte == 0xcc);
            let latin_1 = byte == 0xc3;
            let latin_1_letter = latin_1 & (next != 0x97) & (next != 0xb7);
            let extended_additional = (byte == 0xe1) & (next.wrapping_sub(0xb4) < 8);
            let known = latin_extended | latin_1 | extended_additional;
            [
                alphanumeric | latin_extended | latin_1_letter | extended_additional,
                (byte >= 0xc0) & !known,
                byte & 0xc0 == 0x80,
                (byte == b'<') | (byte == b'&'),
                byte == b'>',
            ]
        });
        WordMasks::from_classes(masks)
    }

    /// The masks in the order both ways of classing compute them.
    fn from_classes(masks: [u64; 5]) -> WordMasks {
        let [first_bytes, unsure, following, markup_starts, closes] = masks;
        WordMasks {
            first_bytes,
            unsure,
            following,
            markup_starts,
            closes,
        }
    }
}

impl RunMasks {
    /// The masks of the first [`BLOCK`] bytes of `block`.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    pub fn of(block: &[u8; BLOCK + 1]) -> RunMasks {
        // SAFETY: as in `WordMasks::of`.
        unsafe { RunMasks::of_sse2(block) }
    }

    /// See the other `of`.
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub fn of(block: &[u8; BLOCK + 1]) -> RunMasks {
        RunMasks::of_lanes(block)
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[target_feature(enable = "sse2")]
    fn of_sse2(block: &[u8; BLOCK + 1]) -> RunMasks {
        use sse2::*;
        let [ends, following] = each_sixteen(block, |byte, next| {
            let markup_or_space = |lanes| {
                or(
                    or(within(lanes, b'\t', 5), equal(lanes, 0xc2)),
                    or(
                        or(equal(lanes, b'<'), equal(lanes, b'&')),
                        within(lanes, 0xe2, 2),
                    ),
                )
            };
            // What follows a space and ends its run: anything but plain text.
            let not_text = or(
                markup_or_space(next),
                or(equal(next, b' '), equal(next, 0xe1)),
            );
            let ends = or(
                or(markup_or_space(byte), and(equal(byte, b' '), not_text)),
                and(equal(byte, 0xe1), equal(next, 0x9a)),
            );
            [ends, within(byte, 0x80, 64)]
        });
        RunMasks { ends, following }
    }

    #[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
    fn of_lanes(block: &[u8; BLOCK + 1]) -> RunMasks {
        let [ends, following] = each_lane(block, |byte, next| {
            let (class, next_class) = (quote_class(byte), quote_class(next));
            let ends = (class == QuoteClass::MarkupOrSpace)
                | (class == QuoteClass::AsciiSpace) & (next_class != QuoteClass::Text)
                | (class == QuoteClass::E1) & (next == 0x9a);
            [ends, byte & 0xc0 == 0x80]
        });
        RunMasks { ends, following }
    }
}

/// How a quote reads a byte that starts a character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteClass {
    Text,
    /// `<`, `&`, an ASCII space other than ' ', or the first byte of a character that may be a
    /// space (C2, E2, E3).
    MarkupOrSpace,
    AsciiSpace,
    /// A space only when E1 9A (U+1680's block), a letter most of the time.
    E1,
}

fn quote_class(byte: u8) -> QuoteClass {
    match byte {
        b'\t'..=b'\r' | b'<' | b'&' | 0xc2 | 0xe2 | 0xe3 => QuoteClass::MarkupOrSpace,
        b' ' => QuoteClass::AsciiSpace,
        0xe1 => QuoteClass::E1,
        _ => QuoteClass::Text,
    }
}

/// Whether the character at `at` of `bytes` may be a space, a tag or an entity: a quote reads
/// it as a character of its own, not as part of a run.
pub fn may_end_run(bytes: &[u8], at: usize) -> bool {
    match quote_class(bytes[at]) {
        QuoteClass::Text => false,
        QuoteClass::E1 => bytes.get(at + 1) == Some(&0x9a),
        QuoteClass::MarkupOrSpace | QuoteClass::AsciiSpace => true,
    }
}

/// `class` of each byte of the block and the byte after it, as masks: `N` classes, lane `i`
/// bit `i`.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn each_lane<const N: usize>(
    block: &[u8; BLOCK + 1],
    class: impl Fn(u8, u8) -> [bool; N],
) -> [u64; N] {
    // One byte a lane, 0 or 1, so that each lane is computed alike: vector instructions.
    let mut lanes = [[0u8; BLOCK]; N];
    for i in 0..BLOCK {
        for (lane, is) in lanes.iter_mut().zip(class(block[i], block[i + 1])) {
            lane[i] = u8::from(is);
        }
    }
    lanes.map(|lane| bits(&lane))
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

/// The comparisons the classes are made of, sixteen lanes at a time. Every function needs SSE2,
/// so each is only called from functions that enable it.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::*;

    use super::BLOCK;

    /// `class` of each sixteen bytes of the block (and the sixteen after each byte), gathered
    /// into masks of the whole block.
    #[target_feature(enable = "sse2")]
    pub(super) fn each_sixteen<const N: usize>(
        block: &[u8; BLOCK + 1],
        class: impl Fn(__m128i, __m128i) -> [__m128i; N],
    ) -> [u64; N] {
        let mut masks = [0u64; N];
        for sixteenth in 0..BLOCK / 16 {
            let at = 16 * sixteenth;
            let classes = class(sixteen(block, at), sixteen(block, at + 1));
            for (mask, lanes) in masks.iter_mut().zip(classes) {
                let bits = _mm_movemask_epi8(lanes) as u16;
                *mask |= u64::from(bits) << at;
            }
        }
        masks
    }

    /// Sixteen bytes from `at`, read as two numbers: no pointer, so no `unsafe` load.
    #[target_feature(enable = "sse2")]
    fn sixteen(block: &[u8; BLOCK + 1], at: usize) -> __m128i {
        let half = |at: usize| {
            let mut eight = [0; 8];
            eight.copy_from_slice(&block[at..at + 8]);
            i64::from_le_bytes(eight)
        };
        _mm_set_epi64x(half(at + 8), half(at))
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn splat(byte: u8) -> __m128i {
        _mm_set1_epi8(byte as i8)
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn equal(lanes: __m128i, byte: u8) -> __m128i {
        _mm_cmpeq_epi8(lanes, splat(byte))
    }

    /// Lanes at least `from` and below `from + count`, unsigned: their difference from `from`,
    /// less `count - 1` (saturated at 0), is 0.
    #[target_feature(enable = "sse2")]
    pub(super) fn within(lanes: __m128i, from: u8, count: u8) -> __m128i {
        let offset = _mm_sub_epi8(lanes, splat(from));
        _mm_cmpeq_epi8(_mm_subs_epu8(offset, splat(count - 1)), _mm_setzero_si128())
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn or(a: __m128i, b: __m128i) -> __m128i {
        _mm_or_si128(a, b)
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn and(a: __m128i, b: __m128i) -> __m128i {
        _mm_and_si128(a, b)
    }

    /// `a` but not `b`.
    #[target_feature(enable = "sse2")]
    pub(super) fn and_not(a: __m128i, b: __m128i) -> __m128i {
        _mm_andnot_si128(b, a)
    }
}

#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every byte, after every byte: the two ways of classing agree on each pair, in every
    /// lane of the block (the pair repeated, so it also stands across the sixteen-byte parts).
    /// Every length from none to past a block gives its bits, and no more.
    #[test]
    fn the_first_bytes_of_a_block_as_bits() {
        for n in 0..=BLOCK + 2 {
            let bits = first_bytes_bits(n);
            assert_eq!(bits.count_ones() as usize, n.min(BLOCK), "{n}");
            assert_eq!(bits.trailing_ones(), bits.count_ones(), "{n}");
        }
    }

    #[test]
    fn sse2_classes_every_pair_of_bytes_as_lanes_do() {
        for byte in 0..=255u8 {
            for next in 0..=255u8 {
                let mut block = [0; BLOCK + 1];
                for (i, lane) in block.iter_mut().enumerate() {
                    *lane = if i % 2 == 0 { byte } else { next };
                }
                let pair = format!("{byte:#04x} {next:#04x}");
                assert_eq!(WordMasks::of(&block), WordMasks::of_lanes(&block), "{pair}");
                assert_eq!(RunMasks::of(&block), RunMasks::of_lanes(&block), "{pair}");
            }
        }
    }

    proptest! {
        /// Blocks of any bytes, and of text: the two ways agree.
        #[test]
        fn sse2_classes_any_block_as_lanes_do(
            bytes in proptest::collection::vec(any::<u8>(), BLOCK + 1),
            text in "[a-zA-Z0-9 \t\n<>&;đĐếởựàáÀ×÷\u{300}\u{301}–—“”\u{a0}\u{1680}\u{3000}ᴀ-ỿ]{65}",
        ) {
            for bytes in [&bytes[..], &text.as_bytes()[..BLOCK + 1]] {
                let mut block = [0; BLOCK + 1];
                block.copy_from_slice(bytes);
                prop_assert_eq!(WordMasks::of(&block), WordMasks::of_lanes(&block));
                prop_assert_eq!(RunMasks::of(&block), RunMasks::of_lanes(&block));
            }
        }
    }
}
