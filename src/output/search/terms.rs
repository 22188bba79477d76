//! The terms files of one language's index: the documents' postings gathered by variant, then
//! written as JSON, sorted by folded form and split by its first characters (the format is in
//! `output::search`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3Default;

use crate::output::search::document::Analysis;
use crate::output::search::lexicon::{Forms, Lexicon};

/// A terms file larger than this is split by the next character of its words.
const SPLIT_ABOVE_BYTES: usize = 48 * 1024;

/// Every variant's postings, by variant: for each document that holds it, in document order,
/// `document, fields, n, n positions`.
pub(super) struct Postings {
    lists: Vec<Vec<u32>>,
}

impl Postings {
    /// Room for lists of the lengths a previous run's lists had (`lengths`): `serve` files
    /// about the same postings every time, without growing each list step by step.
    pub(super) fn with_room_for(lengths: &[usize]) -> Postings {
        Postings {
            lists: lengths.iter().map(|n| Vec::with_capacity(*n)).collect(),
        }
    }

    /// The length of every list, by variant.
    pub(super) fn lengths(&self) -> Vec<usize> {
        self.lists.iter().map(Vec::len).collect()
    }

    /// Files the postings of document `doc`, which comes after every document added before.
    pub(super) fn add(&mut self, doc: u32, analysis: &Analysis) {
        for posting in &analysis.postings {
            let variant = posting.variant as usize;
            if self.lists.len() <= variant {
                self.lists.resize_with(variant + 1, Vec::new);
            }
            let positions = posting.positions();
            let list = &mut self.lists[variant];
            list.extend([doc, u32::from(posting.fields), positions.len() as u32]);
            list.extend_from_slice(positions);
        }
    }
}

/// One folded form and its part of a terms file.
struct Entry<'a> {
    folded: &'a str,
    json: String,
}

/// The terms files by key, and the keys split into longer ones.
pub(super) fn terms_files(
    postings: Postings,
    lexicon: &Lexicon,
    mut blocks: Option<&mut Blocks>,
) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut variants: Vec<(&Forms, Vec<u32>)> = postings
        .lists
        .into_iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(variant, list)| (&lexicon.forms[variant], list))
        .collect();
    variants.sort_unstable_by(|(a, _), (b, _)| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
    // Each folded form is written once; files are made of these pieces, however often a large
    // group is split. The postings are dropped as soon as they are written.
    let entries: Vec<Entry> = variants
        .chunk_by(|(a, _), (b, _)| a.folded == b.folded)
        .map(|same| Entry {
            folded: &same[0].0.folded,
            json: entry_json(same, blocks.as_deref_mut()),
        })
        .collect();
    drop(variants);
    if let Some(blocks) = blocks {
        blocks.finish_run();
    }
    let mut files = Vec::new();
    let mut split = Vec::new();
    for group in entries.chunk_by(|a, b| same_key(a.folded, b.folded, 2)) {
        file_group(group, 2, &mut files, &mut split);
    }
    (files, split)
}

/// Writes the entries that share their first `length` characters as one file, or, when that
/// file would be large, splits them by one more character: the words of exactly `length`
/// characters stay under the short key, the longer ones go one level down.
fn file_group(
    group: &[Entry],
    length: usize,
    files: &mut Vec<(String, Vec<u8>)>,
    split: &mut Vec<String>,
) {
    let prefix = key(group[0].folded, length);
    let size = group
        .iter()
        .map(|entry| entry.json.len() + 1)
        .sum::<usize>()
        + 1;
    let splittable = group.iter().any(|e| e.folded.chars().count() > length);
    if size <= SPLIT_ABOVE_BYTES || !splittable {
        files.push((prefix, terms_json(group)));
        return;
    }
    split.push(prefix.clone());
    let short = group
        .iter()
        .take_while(|e| e.folded.chars().count() <= length)
        .count();
    if short > 0 {
        files.push((prefix, terms_json(&group[..short])));
    }
    let longer = &group[short..];
    for smaller in longer.chunk_by(|a, b| same_key(a.folded, b.folded, length + 1)) {
        file_group(smaller, length + 1, files, split);
    }
}

/// `{"folded": [...], ...}`: a terms file of entries sorted by folded form.
fn terms_json(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.json.len() + 1).sum::<usize>() + 1);
    out.push(b'{');
    for (index, entry) in entries.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(entry.json.as_bytes());
    }
    out.push(b'}');
    out
}

/// `"folded":[["exact",[[document, fields, positions...], ...]], ...]` for the variants of one
/// folded form; each document number after the first is written as the step from the one
/// before (the lists are long, the steps short).
fn entry_json(same: &[(&Forms, Vec<u32>)], mut blocks: Option<&mut Blocks>) -> String {
    let mut out = String::with_capacity(same.iter().map(|(_, list)| list.len() * 4).sum());
    push_json_string(&mut out, &same[0].0.folded);
    out.push_str(":[");
    for (index, (forms, list)) in same.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_string(&mut out, &forms.exact);
        out.push_str(",[");
        match blocks.as_deref_mut() {
            Some(blocks) => blocks.push_postings(&mut out, list),
            None => push_postings(&mut out, list, 0),
        }
        out.push_str("]]");
    }
    out.push(']');
    out
}

/// `[step, fields, positions...]` for each posting of `list`, separated by commas; `previous`
/// is the document of the posting before the first.
fn push_postings(out: &mut String, list: &[u32], mut previous: u32) {
    let mut numbers = itoa::Buffer::new();
    let mut number = |out: &mut String, n: u32| match u8::try_from(n) {
        // Most steps, all fields and many positions are one digit: no formatting, no copy.
        Ok(digit @ 0..10) => out.push(char::from(b'0' + digit)),
        _ => out.push_str(numbers.format(n)),
    };
    let mut rest = list;
    while let [doc, fields, kept, tail @ ..] = rest {
        let (positions, after) = tail.split_at(*kept as usize);
        if rest.len() < list.len() {
            out.push(',');
        }
        out.push('[');
        number(out, doc - previous);
        previous = *doc;
        out.push(',');
        number(out, *fields);
        for position in positions {
            out.push(',');
            number(out, *position);
        }
        out.push(']');
        rest = after;
    }
}

/// Documents per block of a postings list: `serve` keeps each block's JSON, so that an edit
/// writes again only the blocks that hold the documents it changed, not the long lists of
/// common words.
const DOCS_PER_BLOCK: u32 = 256;

/// The JSON of postings blocks, by a hash of what it is made from. `serve` keeps it between
/// rebuilds: the blocks used by one run are the ones kept for the next.
#[derive(Default)]
pub(super) struct Blocks {
    previous: HashMap<u64, Arc<str>>,
    next: HashMap<u64, Arc<str>>,
}

impl Blocks {
    /// What [`push_postings`] writes, block by block, each taken from the last run where the
    /// same postings followed the same document.
    fn push_postings(&mut self, out: &mut String, list: &[u32]) {
        let mut previous = 0;
        let mut rest = list;
        while let [first, ..] = rest {
            let block = first / DOCS_PER_BLOCK;
            let (mut end, mut last) = (0, *first);
            while let [doc, _, kept, ..] = rest[end..] {
                if doc / DOCS_PER_BLOCK != block {
                    break;
                }
                last = doc;
                end += 3 + kept as usize;
            }
            let (postings, after) = rest.split_at(end);
            let mut hasher = Xxh3Default::new();
            (previous, postings).hash(&mut hasher);
            let key = hasher.finish();
            let json = match self.previous.get(&key) {
                Some(json) => json.clone(),
                None => {
                    let mut json = String::new();
                    push_postings(&mut json, postings, previous);
                    Arc::from(json)
                }
            };
            if rest.len() < list.len() {
                out.push(',');
            }
            out.push_str(&json);
            self.next.insert(key, json);
            previous = last;
            rest = after;
        }
    }

    /// Forgets the blocks this run did not use.
    pub(super) fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.next);
    }
}

fn push_json_string(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Two documents that hold one word: the first's number is written as it is, the second's
    /// as the step from the first; the two spellings of `hoà` are one entry under `hoa`.
    #[test]
    fn postings_are_written_by_folded_form_with_document_steps() {
        let mut lexicon = Lexicon::new("vi");
        let hoa = lexicon.variant_of("hòa");
        assert_eq!(lexicon.variant_of("hoà"), hoa);
        let flower = lexicon.variant_of("hoa");
        let mut lists = vec![Vec::new(); 2];
        lists[hoa as usize] = vec![3, 5, 2, 0, 12, 7, 2, 1, 5];
        lists[flower as usize] = vec![4, 4, 1, 9];
        let (files, split) = terms_files(Postings { lists }, &lexicon, None);
        assert!(split.is_empty());
        let [(key, json)] = files.as_slice() else {
            panic!("one file expected, got {files:?}")
        };
        assert_eq!(key, "ho");
        assert_eq!(
            String::from_utf8_lossy(json),
            "{\"hoa\":[[\"hoa\",[[4,4,9]]],[\"hoa\u{300}\",[[3,5,0,12],[4,2,5]]]]}"
        );
    }

    /// Blocks kept from the last run write the same JSON as the postings written at once: the
    /// step into a block depends on the document before it, which an edit may have removed.
    #[test]
    fn kept_blocks_write_what_a_clean_run_writes() {
        let posting = |doc: u32| [doc, 4, 1, doc % 7];
        let list = |docs: &[u32]| -> Vec<u32> { docs.iter().flat_map(|d| posting(*d)).collect() };
        let runs = [
            list(&[1, 200, 255, 256, 700, 701, 1000]),
            list(&[1, 200, 256, 700, 701, 1000]),
            list(&[1, 200, 256, 700, 702, 1000, 1300]),
            list(&[]),
            list(&[5]),
        ];
        let mut blocks = Blocks::default();
        for run in runs {
            let mut clean = String::new();
            push_postings(&mut clean, &run, 0);
            let mut kept = String::new();
            blocks.push_postings(&mut kept, &run);
            blocks.finish_run();
            assert_eq!(kept, clean);
        }
        assert_eq!(
            blocks.previous.len(),
            1,
            "only the last run's block is kept"
        );
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("hu"), "t_hu");
        assert_eq!(file_name("con"), "t_con");
        assert_eq!(file_name("北京"), "t__5317_4eac");
    }
}
