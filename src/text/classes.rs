//! The classes of a block of text's bytes, as bit masks (bit `i` for byte `i`), for the two
//! readers that look at every byte of the pages that search indexes: its words ([`WordMasks`],
//! for `text::words`) and the plain text a result quotes ([`RunMasks`], for the search index's
//! documents).
//!
//! On x86-64 a block is classed with vector instructions: a class is a few comparisons of every
//! lane at once. The classes are written once ([`word_classes`], [`run_classes`]) over
//! [`Lanes`], which two instruction sets implement:
//! - AVX-512 (its byte instructions, `avx512bw`), where the processor has them: the whole block
//!   of 64 bytes at once, each comparison giving its 64 bits directly;
//! - SSE2, which every x86-64 processor has: sixteen bytes at a time, one instruction
//!   (`pmovmskb`) gathering sixteen lanes into sixteen bits. The compiler does not find that
//!   instruction on its own: gathering the bits by multiplication took a quarter of the time
//!   the index spent reading words.
//!
//! Elsewhere, and in the tests that hold the ways to each other, a block is classed a lane at a
//! time, in plain Rust.

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use std::ops::{BitAnd, BitOr};

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
    /// The masks of the first [`BLOCK`] bytes of `block`: see [`word_classes`].
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[inline]
    pub fn of(block: &[u8; BLOCK + 1]) -> WordMasks {
        if has_avx512() {
            // SAFETY: the processor has AVX-512's byte instructions, as `avx512::words` needs.
            return unsafe { avx512::words(block) };
        }
        // SAFETY: `sse2::words` needs SSE2, and this is compiled only where the build enables
        // it (the `cfg` above), as every x86-64 target does.
        unsafe { sse2::words(block) }
    }

    /// See the other `of`.
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub fn of(block: &[u8; BLOCK + 1]) -> WordMasks {
        WordMasks::of_lanes(block)
    }

    /// [`word_classes`], a lane at a time.
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

    /// The masks in the order [`word_classes`] computes them.
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
    /// The masks of the first [`BLOCK`] bytes of `block`: see [`run_classes`].
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[inline]
    pub fn of(block: &[u8; BLOCK + 1]) -> RunMasks {
        if has_avx512() {
            // SAFETY: as in `WordMasks::of`.
            return unsafe { avx512::runs(block) };
        }
        // SAFETY: as in `WordMasks::of`.
        unsafe { sse2::runs(block) }
    }

    /// See the other `of`.
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub fn of(block: &[u8; BLOCK + 1]) -> RunMasks {
        RunMasks::of_lanes(block)
    }

    /// [`run_classes`], a lane at a time.
    #[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
    fn of_lanes(block: &[u8; BLOCK + 1]) -> RunMasks {
        RunMasks::from_classes(each_lane(block, |byte, next| {
            let (class, next_class) = (quote_class(byte), quote_class(next));
            let ends = (class == QuoteClass::MarkupOrSpace)
                | (class == QuoteClass::AsciiSpace) & (next_class != QuoteClass::Text)
                | (class == QuoteClass::E1) & (next == 0x9a);
            [ends, byte & 0xc0 == 0x80]
        }))
    }

    /// The masks in the order [`run_classes`] computes them.
    fn from_classes([ends, following]: [u64; 2]) -> RunMasks {
        RunMasks { ends, following }
    }
}

/// Whether the processor has AVX-512's byte instructions. `std` finds out once and keeps the
/// answer: each call is a load and a test.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn has_avx512() -> bool {
    std::is_x86_feature_detected!("avx512bw")
}

/// The comparisons the classes are made of, on many lanes (bytes) at once. Each gives a mask:
/// which lanes compare true.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
trait Lanes: Copy {
    type Mask: Copy + BitOr<Output = Self::Mask> + BitAnd<Output = Self::Mask>;

    /// Each lane with the bits of `bits` set.
    fn with_bits(self, bits: u8) -> Self;

    fn equal(self, byte: u8) -> Self::Mask;

    /// Lanes at least `from` and below `from + count`, unsigned.
    fn within(self, from: u8, count: u8) -> Self::Mask;

    /// `a` but not `b`.
    fn and_not(a: Self::Mask, b: Self::Mask) -> Self::Mask;
}

/// A block's classes for [`WordMasks`], from its bytes and the byte after each.
///
/// Surely in a word: ASCII letters and digits; U+0100 to U+027F (`đ`, `ư`, `ơ`...: first bytes
/// C4 to C9) and the combining marks U+0300 to U+033F (CC), all letters or marks; Latin-1's
/// letters (C3, but × and ÷: C3 97 and C3 B7); and U+1D00 to U+1EFF (E1 then B4 to BB: phonetic
/// letters, combining marks and Vietnamese's `ế`, `ở`, `ự`...). Every other character of two
/// bytes or more is unsure.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn word_classes<L: Lanes>(byte: L, next: L) -> [L::Mask; 5] {
    let alphanumeric = byte.within(b'0', 10) | byte.with_bits(0x20).within(b'a', 26);
    let latin_extended = byte.within(0xc4, 6) | byte.equal(0xcc);
    let latin_1 = byte.equal(0xc3);
    let sign = next.equal(0x97) | next.equal(0xb7);
    let latin_1_letter = L::and_not(latin_1, sign);
    let extended_additional = byte.equal(0xe1) & next.within(0xb4, 8);
    let known = latin_extended | latin_1 | extended_additional;
    [
        alphanumeric | latin_extended | latin_1_letter | extended_additional,
        L::and_not(byte.within(0xc0, 64), known),
        byte.within(0x80, 64),
        byte.equal(b'<') | byte.equal(b'&'),
        byte.equal(b'>'),
    ]
}

/// A block's classes for [`RunMasks`], from its bytes and the byte after each.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn run_classes<L: Lanes>(byte: L, next: L) -> [L::Mask; 2] {
    // What follows a space and ends its run: anything but plain text.
    let not_text = markup_or_space(next) | next.equal(b' ') | next.equal(0xe1);
    let ends = markup_or_space(byte)
        | (byte.equal(b' ') & not_text)
        | (byte.equal(0xe1) & next.equal(0x9a));
    [ends, byte.within(0x80, 64)]
}

/// `<`, `&`, an ASCII space other than ' ', or the first byte of a character that may be a
/// space (C2, E2, E3).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn markup_or_space<L: Lanes>(lanes: L) -> L::Mask {
    lanes.within(b'\t', 5)
        | lanes.equal(0xc2)
        | lanes.equal(b'<')
        | lanes.equal(b'&')
        | lanes.within(0xe2, 2)
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

/// The classes sixteen lanes at a time, with SSE2. Every function needs SSE2, so each is only
/// called from functions that enable it.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::*;
    use std::ops::{BitAnd, BitOr};

    use super::{BLOCK, Lanes, RunMasks, WordMasks, run_classes, word_classes};

    #[target_feature(enable = "sse2")]
    pub(super) fn words(block: &[u8; BLOCK + 1]) -> WordMasks {
        WordMasks::from_classes(each_sixteen(block, word_classes))
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn runs(block: &[u8; BLOCK + 1]) -> RunMasks {
        RunMasks::from_classes(each_sixteen(block, run_classes))
    }

    /// Sixteen lanes.
    #[derive(Clone, Copy)]
    pub(super) struct Sixteen(__m128i);

    /// Sixteen lanes, all bits set where a comparison is true.
    #[derive(Clone, Copy)]
    pub(super) struct Compared(__m128i);

    /// `class` of each sixteen bytes of the block (and the sixteen after each byte), gathered
    /// into masks of the whole block.
    #[target_feature(enable = "sse2")]
    fn each_sixteen<const N: usize>(
        block: &[u8; BLOCK + 1],
        class: impl Fn(Sixteen, Sixteen) -> [Compared; N],
    ) -> [u64; N] {
        let mut masks = [0u64; N];
        for sixteenth in 0..BLOCK / 16 {
            let at = 16 * sixteenth;
            let classes = class(sixteen(block, at), sixteen(block, at + 1));
            for (mask, Compared(lanes)) in masks.iter_mut().zip(classes) {
                let bits = _mm_movemask_epi8(lanes) as u16;
                *mask |= u64::from(bits) << at;
            }
        }
        masks
    }

    /// Sixteen bytes from `at`, read as two numbers: no pointer, so no `unsafe` load.
    #[target_feature(enable = "sse2")]
    fn sixteen(block: &[u8; BLOCK + 1], at: usize) -> Sixteen {
        let half = |at: usize| {
            let mut eight = [0; 8];
            eight.copy_from_slice(&block[at..at + 8]);
            i64::from_le_bytes(eight)
        };
        Sixteen(_mm_set_epi64x(half(at + 8), half(at)))
    }

    // SAFETY (every `unsafe` below): the build enables SSE2 (the module's `cfg`), so its
    // instructions run on every processor this code runs on.
    #[inline(always)]
    fn splat(byte: u8) -> __m128i {
        unsafe { _mm_set1_epi8(byte as i8) }
    }

    impl Lanes for Sixteen {
        type Mask = Compared;

        #[inline(always)]
        fn with_bits(self, bits: u8) -> Sixteen {
            Sixteen(unsafe { _mm_or_si128(self.0, splat(bits)) })
        }

        #[inline(always)]
        fn equal(self, byte: u8) -> Compared {
            Compared(unsafe { _mm_cmpeq_epi8(self.0, splat(byte)) })
        }

        /// Their difference from `from`, less `count - 1` (saturated at 0), is 0.
        #[inline(always)]
        fn within(self, from: u8, count: u8) -> Compared {
            Compared(unsafe {
                let offset = _mm_sub_epi8(self.0, splat(from));
                let beyond = _mm_subs_epu8(offset, splat(count - 1));
                _mm_cmpeq_epi8(beyond, _mm_setzero_si128())
            })
        }

        #[inline(always)]
        fn and_not(a: Compared, b: Compared) -> Compared {
            Compared(unsafe { _mm_andnot_si128(b.0, a.0) })
        }
    }

    impl BitOr for Compared {
        type Output = Compared;

        #[inline(always)]
        fn bitor(self, other: Compared) -> Compared {
            Compared(unsafe { _mm_or_si128(self.0, other.0) })
        }
    }

    impl BitAnd for Compared {
        type Output = Compared;

        #[inline(always)]
        fn bitand(self, other: Compared) -> Compared {
            Compared(unsafe { _mm_and_si128(self.0, other.0) })
        }
    }
}

/// The classes of the whole block at once, with AVX-512's byte instructions: each comparison
/// gives the block's 64 bits. Only the functions here, which enable those instructions, make
/// [`SixtyFour`] lanes, so its comparisons run only where the processor has them.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod avx512 {
    use std::arch::x86_64::*;

    use super::{BLOCK, Lanes, RunMasks, WordMasks, run_classes, word_classes};

    #[target_feature(enable = "avx512bw")]
    pub(super) fn words(block: &[u8; BLOCK + 1]) -> WordMasks {
        let (bytes, next) = lanes(block);
        WordMasks::from_classes(word_classes(bytes, next))
    }

    #[target_feature(enable = "avx512bw")]
    pub(super) fn runs(block: &[u8; BLOCK + 1]) -> RunMasks {
        let (bytes, next) = lanes(block);
        RunMasks::from_classes(run_classes(bytes, next))
    }

    /// A block's 64 lanes.
    #[derive(Clone, Copy)]
    pub(super) struct SixtyFour(__m512i);

    /// The block's bytes, and the byte after each.
    #[target_feature(enable = "avx512bw")]
    fn lanes(block: &[u8; BLOCK + 1]) -> (SixtyFour, SixtyFour) {
        // SAFETY: both loads read 64 bytes of the 65 of `block`, from its first and second.
        let load = |at: usize| unsafe { _mm512_loadu_si512(block[at..].as_ptr().cast()) };
        (SixtyFour(load(0)), SixtyFour(load(1)))
    }

    // SAFETY (every `unsafe` below): a `SixtyFour` is made only by `lanes`, which runs only
    // where the processor has AVX-512's byte instructions; these functions are inlined there.
    impl Lanes for SixtyFour {
        type Mask = u64;

        #[inline(always)]
        fn with_bits(self, bits: u8) -> SixtyFour {
            SixtyFour(unsafe { _mm512_or_si512(self.0, _mm512_set1_epi8(bits as i8)) })
        }

        #[inline(always)]
        fn equal(self, byte: u8) -> u64 {
            unsafe { _mm512_cmpeq_epi8_mask(self.0, _mm512_set1_epi8(byte as i8)) }
        }

        #[inline(always)]
        fn within(self, from: u8, count: u8) -> u64 {
            unsafe {
                let offset = _mm512_sub_epi8(self.0, _mm512_set1_epi8(from as i8));
                _mm512_cmplt_epu8_mask(offset, _mm512_set1_epi8(count as i8))
            }
        }

        #[inline(always)]
        fn and_not(a: u64, b: u64) -> u64 {
            a & !b
        }
    }
}

#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every length from none to past a block gives its bits, and no more.
    #[test]
    fn the_first_bytes_of_a_block_as_bits() {
        for n in 0..=BLOCK + 2 {
            let bits = first_bytes_bits(n);
            assert_eq!(bits.count_ones() as usize, n.min(BLOCK), "{n}");
            assert_eq!(bits.trailing_ones(), bits.count_ones(), "{n}");
        }
    }

    /// A way of classing a block, by name.
    type Way = (&'static str, fn(&[u8; BLOCK + 1]) -> (WordMasks, RunMasks));

    /// Each way of classing that this processor has: SSE2, and AVX-512 where it is found (else
    /// the tests say that they did not try it).
    fn ways() -> Vec<Way> {
        // SAFETY: SSE2 is in every x86-64 processor; AVX-512 is used only where it is found.
        let mut ways: Vec<Way> = vec![("sse2", |block| unsafe {
            (sse2::words(block), sse2::runs(block))
        })];
        if has_avx512() {
            ways.push(("avx512", |block| unsafe {
                (avx512::words(block), avx512::runs(block))
            }));
        } else {
            eprintln!("this processor has no AVX-512: only SSE2 is held to the lanes");
        }
        ways
    }

    /// Every byte, after every byte: each way of classing agrees with the lanes on each pair,
    /// in every lane of the block (the pair repeated, so it also stands across the sixteen-byte
    /// parts of SSE2).
    #[test]
    fn every_way_classes_every_pair_of_bytes_as_lanes_do() {
        for (way, classes) in ways() {
            for byte in 0..=255u8 {
                for next in 0..=255u8 {
                    let mut block = [0; BLOCK + 1];
                    for (i, lane) in block.iter_mut().enumerate() {
                        *lane = if i % 2 == 0 { byte } else { next };
                    }
                    let lanes = (WordMasks::of_lanes(&block), RunMasks::of_lanes(&block));
                    assert_eq!(classes(&block), lanes, "{way}: {byte:#04x} {next:#04x}");
                }
            }
        }
    }

    proptest! {
        /// Blocks of any bytes, and of text: every way agrees with the lanes.
        #[test]
        fn every_way_classes_any_block_as_lanes_do(
            bytes in proptest::collection::vec(any::<u8>(), BLOCK + 1),
            text in "[a-zA-Z0-9 \t\n<>&;đĐếởựàáÀ×÷\u{300}\u{301}–—“”\u{a0}\u{1680}\u{3000}ᴀ-ỿ]{65}",
        ) {
            for bytes in [&bytes[..], &text.as_bytes()[..BLOCK + 1]] {
                let mut block = [0; BLOCK + 1];
                block.copy_from_slice(bytes);
                for (way, classes) in ways() {
                    let lanes = (WordMasks::of_lanes(&block), RunMasks::of_lanes(&block));
                    prop_assert_eq!(classes(&block), lanes, "{}", way);
                }
            }
        }
    }
}
