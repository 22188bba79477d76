//! Every variant's postings as a language's index gathers them, until the terms files are
//! written. The lists of common words hold a posting for most documents, and `build` holds all
//! of them at once, so each list is kept as bytes: for each document that holds the word, in
//! document order, the step from the document before (from 0 for the first), one byte of
//! fields and count of positions, then the positions; numbers as variable-length integers,
//! most of them one or two bytes.

use crate::output::search::document::{Analysis, POSITIONS_KEPT};

/// See the module documentation.
pub(super) struct Postings {
    /// By variant.
    lists: Vec<Vec<u8>>,
    /// By variant: the last document filed in its list.
    last_docs: Vec<u32>,
}

/// One posting read back from a list.
pub(super) struct Filed {
    pub(super) step: u32,
    pub(super) fields: u8,
    kept: u8,
    positions: [u32; POSITIONS_KEPT],
}

impl Filed {
    pub(super) fn positions(&self) -> &[u32] {
        &self.positions[..usize::from(self.kept)]
    }
}

impl Postings {
    /// Room for lists of the lengths a previous run's lists had (`lengths`): `serve` files
    /// about the same postings every time, without growing each list step by step.
    pub(super) fn with_room_for(lengths: &[usize]) -> Postings {
        Postings {
            lists: lengths.iter().map(|n| Vec::with_capacity(*n)).collect(),
            last_docs: vec![0; lengths.len()],
        }
    }

    /// The length of every list, by variant.
    pub(super) fn lengths(&self) -> Vec<usize> {
        self.lists.iter().map(Vec::len).collect()
    }

    /// Files the postings of document `doc`, which comes after every document added before.
    pub(super) fn add(&mut self, doc: u32, analysis: &Analysis) {
        for posting in &analysis.postings {
            self.push(
                posting.variant as usize,
                doc,
                posting.fields,
                posting.positions(),
            );
        }
    }

    /// Files one posting of `variant`: `doc` holds it in `fields` (bits), at `positions` (at
    /// most [`POSITIONS_KEPT`]).
    pub(super) fn push(&mut self, variant: usize, doc: u32, fields: u8, positions: &[u32]) {
        if self.lists.len() <= variant {
            self.lists.resize_with(variant + 1, Vec::new);
            self.last_docs.resize(variant + 1, 0);
        }
        let list = &mut self.lists[variant];
        push_varint(list, doc - self.last_docs[variant]);
        self.last_docs[variant] = doc;
        let positions = &positions[..positions.len().min(POSITIONS_KEPT)];
        // Fields take three bits.
        list.push(fields | (positions.len() as u8) << 3);
        for position in positions {
            push_varint(list, *position);
        }
    }

    /// The lists, by variant.
    pub(super) fn into_lists(self) -> Vec<Vec<u8>> {
        self.lists
    }
}

/// Appends `n` as a variable-length integer: seven bits a byte, the lowest first, the high bit
/// set on all but the last. Written here rather than taken from a crate: the index writes and
/// reads tens of millions of these, and the loops inline where a crate's generic code copied
/// each number through a buffer.
fn push_varint(list: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        list.push(n as u8 | 0x80);
        n >>= 7;
    }
    list.push(n as u8);
}

/// The postings of a list (or of a part of one that starts at a posting), in order, each with
/// the number of bytes it takes.
pub(super) fn read(list: &[u8]) -> impl Iterator<Item = (Filed, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at;
        let step = next_varint(list, &mut at)?;
        let packed = *list.get(at)?;
        at += 1;
        let mut filed = Filed {
            step,
            fields: packed & 0b111,
            kept: packed >> 3,
            positions: [0; POSITIONS_KEPT],
        };
        for position in filed.positions.iter_mut().take(usize::from(filed.kept)) {
            *position = next_varint(list, &mut at)?;
        }
        Some((filed, at - start))
    })
}

/// Reads what [`push_varint`] wrote, from `at`, and moves `at` past it; `None` where the list
/// ends before the number does.
fn next_varint(list: &[u8], at: &mut usize) -> Option<u32> {
    let mut n = 0;
    // A `u32` takes at most five bytes, the last holding its top four bits.
    for shift in (0..32).step_by(7) {
        let byte = *list.get(*at)?;
        *at += 1;
        n |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number of up to three bytes, and the largest, reads back as written, taking the
    /// bytes it should; a number cut short reads as nothing.
    #[test]
    fn numbers_read_back_as_written() {
        for n in (0..1 << 21).chain([1 << 28, u32::MAX - 1, u32::MAX]) {
            let mut list = Vec::new();
            push_varint(&mut list, n);
            let expected_bytes = (32 - n.leading_zeros()).div_ceil(7).max(1) as usize;
            assert_eq!(list.len(), expected_bytes, "{n}");
            let mut at = 0;
            assert_eq!(next_varint(&list, &mut at), Some(n));
            assert_eq!(at, list.len());
        }
        assert_eq!(next_varint(&[0x80, 0x80], &mut 0), None);
    }

    /// Postings read back as they were filed, with steps between documents, large numbers
    /// too, in lists that grow one variant at a time.
    #[test]
    fn postings_read_back_as_filed() {
        let mut postings = Postings::with_room_for(&[]);
        postings.push(1, 3, 5, &[0, 12]);
        postings.push(0, 4, 4, &[9]);
        postings.push(1, 70_000, 2, &[u32::MAX]);
        let lists = postings.into_lists();
        let read_back = |list: &[u8]| -> Vec<(u32, u8, Vec<u32>)> {
            read(list)
                .map(|(p, _)| (p.step, p.fields, p.positions().to_vec()))
                .collect()
        };
        let posting = |step, fields, positions: &[u32]| (step, fields, positions.to_vec());
        assert_eq!(read_back(&lists[0]), [posting(4, 4, &[9])]);
        assert_eq!(
            read_back(&lists[1]),
            [posting(3, 5, &[0, 12]), posting(69_997, 2, &[u32::MAX])]
        );
        let sizes: usize = read(&lists[1]).map(|(_, size)| size).sum();
        assert_eq!(sizes, lists[1].len());
    }
}
