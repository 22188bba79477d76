//! The terms files of one language's index, `terms/t_KEY.bin`: each word's postings list
//! (`postings.rs`), sorted by folded form and split by its first characters (see
//! `output::search`).
//!
//! The files are binary, and a list is written as it is held: a copy, no formatting. Written
//! as JSON text, a posting (`[12,4,101,205]`) took two to three times the bytes, so a query
//! fetched more, and writing the lists took a quarter of the index's time. A file is its
//! entries, one after the other, by folded form:
//! - the folded form, then how many exact forms (variants) it has;
//! - for each variant: its exact form, then its postings list's length in bytes and the list.
//!
//! A string is its length in bytes then its UTF-8; a number, here and in the lists, is a
//! variable-length integer (seven bits a byte, the lowest first, the high bit set on all but
//! the last).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3Default;

use crate::output::search::kept::KeptBytes;
use crate::output::search::lexicon::{Forms, Lexicon};
use crate::output::search::postings::{List, push_varint};

/// A terms file larger than this is split by the next character of its words.
const SPLIT_ABOVE_BYTES: usize = 48 * 1024;

/// One folded form and its part of a terms file.
struct Entry<'a> {
    folded: &'a str,
    bytes: Vec<u8>,
}

/// Hands each terms file to `file` (its key, its bytes) as soon as it is made, and returns the
/// keys split into longer ones. Without `kept` (`build`), each list is dropped as soon as it is
/// written; with it (`serve`, which edits the lists in the next run), the lists stay, and a
/// file whose bytes the last run wrote is taken from it, the same bytes.
pub(super) fn terms_files(
    lists: &mut [List],
    lexicon: &Lexicon,
    kept: Option<&mut KeptBytes>,
    file: &mut dyn FnMut(String, Arc<[u8]>),
) -> Vec<String> {
    let mut variants: Vec<(&Forms, &mut Vec<u8>)> = lists
        .iter_mut()
        .enumerate()
        .filter(|(_, list)| !list.bytes.is_empty())
        .map(|(variant, list)| (&lexicon.forms[variant], &mut list.bytes))
        .collect();
    variants.sort_unstable_by(|(a, _), (b, _)| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
    let drop_lists = kept.is_none();
    let mut filer = Filer {
        kept,
        file,
        split: Vec::new(),
    };
    // A group of files (the folded forms that share their first two characters) at a time:
    // only that group's bytes are held before they are written.
    for group in variants.chunk_by_mut(|(a, _), (b, _)| same_key(&a.folded, &b.folded, 2)) {
        let mut entries: Vec<Entry> = group
            .chunk_by_mut(|(a, _), (b, _)| a.folded == b.folded)
            .map(|same| Entry {
                folded: &same[0].0.folded,
                bytes: entry_bytes(same, drop_lists),
            })
            .collect();
        file_group(&mut entries, 2, &mut filer);
    }
    if let Some(kept) = filer.kept {
        kept.finish_run();
    }
    filer.split
}

/// Where the terms files go, and the keys split into longer ones.
struct Filer<'a> {
    /// `serve`'s files of the last run.
    kept: Option<&'a mut KeptBytes>,
    file: &'a mut dyn FnMut(String, Arc<[u8]>),
    split: Vec<String>,
}

impl Filer<'_> {
    fn file(&mut self, key: String, entries: &mut [Entry]) {
        let bytes = match self.kept.as_deref_mut() {
            Some(kept) => {
                let mut hasher = Xxh3Default::new();
                for entry in entries.iter() {
                    hasher.update(&entry.bytes);
                }
                key.hash(&mut hasher);
                kept.get_or_make(hasher.finish(), || file_bytes(entries))
            }
            None => Arc::from(file_bytes(entries)),
        };
        (self.file)(key, bytes);
    }
}

/// Makes the entries that share their first `length` characters one file, or, when that file
/// would be large, splits them by one more character: the words of exactly `length` characters
/// stay under the short key, the longer ones go one level down.
fn file_group(group: &mut [Entry], length: usize, filer: &mut Filer) {
    let prefix = key(group[0].folded, length);
    let size: usize = group.iter().map(|entry| entry.bytes.len()).sum();
    let splittable = group.iter().any(|e| e.folded.chars().count() > length);
    if size <= SPLIT_ABOVE_BYTES || !splittable {
        filer.file(prefix, group);
        return;
    }
    filer.split.push(prefix.clone());
    let short = group
        .iter()
        .take_while(|e| e.folded.chars().count() <= length)
        .count();
    if short > 0 {
        filer.file(prefix, &mut group[..short]);
    }
    let longer = &mut group[short..];
    for smaller in longer.chunk_by_mut(|a, b| same_key(a.folded, b.folded, length + 1)) {
        file_group(smaller, length + 1, filer);
    }
}

/// A terms file: its entries one after the other. Each entry's bytes are taken: they are
/// written once.
fn file_bytes(entries: &mut [Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.bytes.len()).sum());
    for entry in entries {
        out.extend_from_slice(&entry.bytes);
        entry.bytes = Vec::new();
    }
    out
}

/// The entry of one folded form, its variants `same` (see the module's documentation). With
/// `drop_lists`, each list is dropped once written.
fn entry_bytes(same: &mut [(&Forms, &mut Vec<u8>)], drop_lists: bool) -> Vec<u8> {
    let lists: usize = same.iter().map(|(_, list)| list.len()).sum();
    let mut out = Vec::with_capacity(lists + 16 * same.len());
    push_string(&mut out, &same[0].0.folded);
    push_varint(&mut out, same.len() as u32);
    for (forms, list) in same.iter_mut() {
        push_string(&mut out, &forms.exact);
        push_varint(&mut out, list.len() as u32);
        out.extend_from_slice(list);
        if drop_lists {
            **list = Vec::new();
        }
    }
    out
}

fn push_string(out: &mut Vec<u8>, text: &str) {
    push_varint(out, text.len() as u32);
    out.extend_from_slice(text.as_bytes());
}

/// The first `length` characters of a folded word: the key of its terms file.
fn key(folded_form: &str, length: usize) -> String {
    folded_form.chars().take(length).collect()
}

/// Two folded words share their first `length` characters (without making either key).
fn same_key(a: &str, b: &str, length: usize) -> bool {
    a.chars().take(length).eq(b.chars().take(length))
}

/// A key as a file name that every server and file system takes: `t_`, so that no key is a
/// device name on Windows (`con`, `aux`), then ASCII letters and digits as they are and any
/// other character as `_` and its code point in hex.
pub(super) fn file_name(key: &str) -> String {
    let encoded: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", u32::from(c))
            }
        })
        .collect();
    format!("t_{encoded}")
}

/// A posting read back: `(step, fields, positions)`.
#[cfg(test)]
type ReadPosting = (u32, u8, Vec<u32>);

/// A folded form read back, with its exact forms and their postings.
#[cfg(test)]
type ReadEntry = (String, Vec<(String, Vec<ReadPosting>)>);

/// A terms file read back, as the search page's script reads it.
#[cfg(test)]
pub(super) fn read_terms(bytes: &[u8]) -> Vec<ReadEntry> {
    use crate::output::search::postings::{next_varint, read};
    let mut at = 0;
    let string = |at: &mut usize| {
        let len = next_varint(bytes, at).unwrap() as usize;
        *at += len;
        String::from_utf8(bytes[*at - len..*at].to_vec()).unwrap()
    };
    let mut entries = Vec::new();
    while at < bytes.len() {
        let folded = string(&mut at);
        let count = next_varint(bytes, &mut at).unwrap();
        let variants = (0..count)
            .map(|_| {
                let exact = string(&mut at);
                let len = next_varint(bytes, &mut at).unwrap() as usize;
                at += len;
                let postings = read(&bytes[at - len..at])
                    .map(|(p, _)| (p.step, p.fields, p.positions().to_vec()))
                    .collect();
                (exact, postings)
            })
            .collect();
        entries.push((folded, variants));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::search::postings::Postings;

    /// Two documents that hold one word: the first's number is written as it is, the second's
    /// as the step from the first; the two spellings of `hoà` are one entry under `hoa`.
    #[test]
    fn postings_are_written_by_folded_form_with_document_steps() {
        let mut lexicon = Lexicon::new("vi");
        let hoa = lexicon.variant_of("hòa", "hòa") as usize;
        assert_eq!(lexicon.variant_of("hoà", "hoà") as usize, hoa);
        let flower = lexicon.variant_of("hoa", "hoa") as usize;
        let hoi = lexicon.variant_of("hội", "hội") as usize;
        let mut postings = Postings::with_room_for(&[]);
        postings.push(hoa, 3, 5, &[12]);
        postings.push(flower, 4, 4, &[9]);
        postings.push(hoi, 4, 1, &[200]);
        postings.push(hoa, 7, 2, &[5]);
        let mut files = Vec::new();
        let split = terms_files(postings.lists_mut(), &lexicon, None, &mut |key, bytes| {
            files.push((key, bytes))
        });
        assert!(split.is_empty());
        let [(key, bytes)] = files.as_slice() else {
            panic!("one file expected, got {files:?}")
        };
        assert_eq!(key, "ho");
        let posting = |step, fields, positions: &[u32]| (step, fields, positions.to_vec());
        let expected: Vec<ReadEntry> = vec![
            (
                "hoa".into(),
                vec![
                    ("hoa".into(), vec![posting(4, 4, &[9])]),
                    (
                        "hoa\u{300}".into(),
                        vec![posting(3, 5, &[12]), posting(4, 2, &[5])],
                    ),
                ],
            ),
            (
                "hoi".into(),
                vec![("hôi\u{323}".into(), vec![posting(4, 1, &[200])])],
            ),
        ];
        assert_eq!(read_terms(bytes), expected);
        assert!(
            postings
                .lists_mut()
                .iter()
                .all(|list| list.bytes.is_empty())
        );
    }

    /// Many words under one key make a file too large: it is split by the next character,
    /// the words of two characters staying under the short key, and every word is in one file.
    #[test]
    fn a_large_group_is_split_by_its_next_character() {
        let mut lexicon = Lexicon::new("en");
        let mut postings = Postings::with_room_for(&[]);
        let words: Vec<String> = ["ha", "hb", "hc"]
            .iter()
            .flat_map(|stem| (0..40).map(move |n| format!("{stem}{n}x")))
            .chain(["hu".to_string()])
            .collect();
        for word in &words {
            let variant = lexicon.variant_of(word, word) as usize;
            for doc in 0..400 {
                postings.push(variant, doc, 4, &[doc, doc + 1]);
            }
        }
        let mut files = Vec::new();
        let split = terms_files(postings.lists_mut(), &lexicon, None, &mut |key, bytes| {
            files.push((key, bytes))
        });
        assert_eq!(split, ["ha", "hb", "hc"].map(String::from));
        let keys: Vec<&str> = files.iter().map(|(key, _)| key.as_str()).collect();
        assert!(keys.contains(&"ha0") && keys.contains(&"hu"), "{keys:?}");
        let mut filed: Vec<String> = (files.iter())
            .flat_map(|(_, bytes)| read_terms(bytes).into_iter().map(|(folded, _)| folded))
            .collect();
        filed.sort();
        let mut expected: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        expected.sort();
        assert_eq!(filed, expected);
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("hu"), "t_hu");
        assert_eq!(file_name("con"), "t_con");
        assert_eq!(file_name("北京"), "t__5317_4eac");
    }
}
