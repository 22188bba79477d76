//! Every variant's postings as a language's index gathers them, until the terms files are
//! written. The lists of common words hold a posting for most documents, and `build` holds all
//! of them at once, so each list is kept as bytes: for each document that holds the word, in
//! document order, the step from the document before (from 0 for the first), one byte of
//! fields and count of positions, then the positions; numbers as variable-length integers,
//! most of them one or two bytes.

use std::collections::HashMap;

use crate::output::search::document::{Analysis, POSITIONS_KEPT, Posting};

/// See the module documentation.
pub(super) struct Postings {
    /// By variant.
    lists: Vec<List>,
}

/// One variant's postings list, and the last document filed in it: both are read for each
/// posting filed, so they are kept side by side, where one memory access finds them.
#[derive(Default)]
pub(super) struct List {
    pub(super) bytes: Vec<u8>,
    last_doc: u32,
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
            lists: (lengths.iter())
                .map(|n| List {
                    bytes: Vec::with_capacity(*n),
                    last_doc: 0,
                })
                .collect(),
        }
    }

    /// The length of every list, by variant.
    pub(super) fn lengths(&self) -> Vec<usize> {
        self.lists.iter().map(|list| list.bytes.len()).collect()
    }

    /// Files the postings of document `doc`, which comes after every document added before.
    pub(super) fn add(&mut self, doc: u32, postings: &[Posting]) {
        for posting in postings {
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
            self.lists.resize_with(variant + 1, List::default);
        }
        let list = &mut self.lists[variant];
        push_posting(&mut list.bytes, doc - list.last_doc, fields, positions);
        list.last_doc = doc;
    }

    /// Puts what `new` files for document `doc` where `old` filed it. `serve` edits the last
    /// run's postings this way when a few documents changed and the others kept their numbers;
    /// the lists are then what filing every document again would make. Lists edited so take
    /// no more [`Postings::push`]es.
    pub(super) fn replace(&mut self, doc: u32, old: &Analysis, new: &Analysis) {
        let new_by_variant: HashMap<u32, &Posting> =
            new.postings.iter().map(|p| (p.variant, p)).collect();
        let gone = old
            .postings
            .iter()
            .filter(|p| !new_by_variant.contains_key(&p.variant))
            .map(|p| (p.variant, None));
        let old_by_variant: HashMap<u32, &Posting> =
            old.postings.iter().map(|p| (p.variant, p)).collect();
        let filed = new
            .postings
            .iter()
            .filter(|p| {
                old_by_variant
                    .get(&p.variant)
                    .is_none_or(|was| !was.same_as(p))
            })
            .map(|p| (p.variant, Some((p.fields, p.positions()))));
        for (variant, posting) in gone.chain(filed) {
            let at = variant as usize;
            if self.lists.len() <= at {
                self.lists.resize_with(at + 1, List::default);
            }
            let list = &mut self.lists[at].bytes;
            *list = spliced(list, doc, posting);
        }
    }

    /// The lists, by variant.
    #[cfg(test)]
    pub(super) fn into_lists(self) -> Vec<Vec<u8>> {
        self.lists.into_iter().map(|list| list.bytes).collect()
    }

    /// The lists, by variant, for the terms files to read (and, in `build`, to empty).
    pub(super) fn lists_mut(&mut self) -> &mut [List] {
        &mut self.lists
    }
}

/// Appends one posting: the step from the document before, one byte of fields and count of
/// positions, then the positions (at most [`POSITIONS_KEPT`]).
fn push_posting(list: &mut Vec<u8>, step: u32, fields: u8, positions: &[u32]) {
    push_varint(list, step);
    let positions = &positions[..positions.len().min(POSITIONS_KEPT)];
    // Fields take three bits.
    list.push(fields | (positions.len() as u8) << 3);
    for position in positions {
        push_varint(list, *position);
    }
}

/// `list` with the posting of document `doc` made `posting` (fields and positions), or taken
/// out where that is `None`. The bytes before and after are copied as they are, but the step
/// into the posting that follows, which counts from the document before it.
fn spliced(list: &[u8], doc: u32, posting: Option<(u8, &[u32])>) -> Vec<u8> {
    let mut postings = read(list);
    // The document before `doc` in the list (0 before the first), where its posting ends, and
    // the first posting at or after `doc` with its document.
    let (mut before, mut at) = (0, 0);
    let mut after = None;
    for (filed, size) in postings.by_ref() {
        let filed_doc = before + filed.step;
        if filed_doc >= doc {
            after = Some((filed_doc, filed, size));
            break;
        }
        before = filed_doc;
        at += size;
    }
    let mut out = Vec::with_capacity(list.len() + 16);
    out.extend_from_slice(&list[..at]);
    let mut last = before;
    if let Some((fields, positions)) = posting {
        push_posting(&mut out, doc - before, fields, positions);
        last = doc;
    }
    let mut rest = at;
    if let Some((filed_doc, filed, size)) = after {
        rest += size;
        // `doc`'s own posting is left out; the one after it steps from `last`.
        let next = if filed_doc == doc {
            postings.next().map(|(following, size)| {
                rest += size;
                (filed_doc + following.step, following)
            })
        } else {
            Some((filed_doc, filed))
        };
        if let Some((next_doc, next)) = next {
            push_posting(&mut out, next_doc - last, next.fields, next.positions());
        }
    }
    out.extend_from_slice(&list[rest..]);
    out
}

/// Appends `n` as a variable-length integer: seven bits a byte, the lowest first, the high bit
/// set on all but the last. Written here rather than taken from a crate: the index writes and
/// reads tens of millions of these, and the loops inline where a crate's generic code copied
/// each number through a buffer.
pub(super) fn push_varint(list: &mut Vec<u8>, mut n: u32) {
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
pub(super) fn next_varint(list: &[u8], at: &mut usize) -> Option<u32> {
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
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::markdown::html::RenderedMarkdown;
    use crate::output::search::document::{Scratch, Source};
    use crate::output::search::lexicon::Lexicon;

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
        postings.push(1, 3, 5, &[12]);
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
            [posting(3, 5, &[12]), posting(69_997, 2, &[u32::MAX])]
        );
        let sizes: usize = read(&lists[1]).map(|(_, size)| size).sum();
        assert_eq!(sizes, lists[1].len());
    }

    type Filings = BTreeMap<u32, (u8, Vec<u32>)>;

    /// A list as filing these postings in document order makes it.
    fn filed(postings: &Filings) -> Vec<u8> {
        let mut filing = Postings::with_room_for(&[]);
        for (doc, (fields, positions)) in postings {
            filing.push(0, *doc, *fields, positions);
        }
        filing.into_lists().pop().unwrap_or_default()
    }

    /// Fields and positions.
    fn posting() -> impl Strategy<Value = (u8, Vec<u32>)> {
        (
            1u8..8,
            proptest::collection::vec(0u32..100_000, 0..=POSITIONS_KEPT),
        )
    }

    fn filings() -> impl Strategy<Value = Filings> {
        proptest::collection::btree_map(0u32..600, posting(), 0..40)
    }

    proptest! {
        /// A document's posting put in, changed or taken out of a list gives the list that
        /// filing the postings afresh gives: before the first, between two, after the last,
        /// with steps of one and of several bytes.
        #[test]
        fn a_spliced_list_is_the_list_filed_afresh(
            mut postings in filings(),
            doc in 0u32..700,
            posting in proptest::option::of(posting()),
        ) {
            let list = filed(&postings);
            let new = posting.as_ref().map(|(fields, positions)| (*fields, positions.as_slice()));
            let edited = spliced(&list, doc, new);
            match posting {
                Some(posting) => postings.insert(doc, posting),
                None => postings.remove(&doc),
            };
            prop_assert_eq!(edited, filed(&postings));
        }
    }

    /// Two versions of a document, analysed: replacing the first's postings with the second's
    /// makes the lists that filing every document with the second makes.
    #[test]
    fn replacing_a_document_files_what_filing_again_files() {
        let mut lexicon = Lexicon::new("vi");
        let mut scratch = Scratch::default();
        let mut analyse = |text: &str| {
            let body = Arc::new(RenderedMarkdown {
                html: format!("<p>{text}</p>"),
                ..RenderedMarkdown::default()
            });
            Source::titled_hue(&body).analyse(&mut lexicon, &mut scratch)
        };
        let others = [analyse("sông Hương núi Ngự"), analyse("Đại Nội sông")];
        let before = analyse("Đại Nội bên sông Hương");
        let after = analyse("Đại Nội bên sông, Ngọ Môn");
        let file_all = |middle: &Analysis| {
            let mut postings = Postings::with_room_for(&[]);
            for (doc, analysis) in [&others[0], middle, &others[1]].into_iter().enumerate() {
                postings.add(doc as u32, &analysis.postings);
            }
            postings
        };
        let mut edited = file_all(&before);
        edited.replace(1, &before, &after);
        let mut expected = file_all(&after).into_lists();
        expected.resize(edited.lists.len(), Vec::new());
        assert_eq!(edited.into_lists(), expected);
    }
}
