//! The terms files of one language's index: each word's postings list (`postings.rs`) written
//! as JSON, sorted by folded form and split by its first characters (the format is in
//! `output::search`).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::output::search::kept::KeptJson;
use crate::output::search::lexicon::{Forms, Lexicon};
use crate::output::search::postings::read;

/// A terms file larger than this is split by the next character of its words.
const SPLIT_ABOVE_BYTES: usize = 48 * 1024;

/// What `serve` keeps of a language's terms files from one run to the next, each piece taken
/// again where nothing it is made of changed.
#[derive(Default)]
pub(super) struct KeptTerms {
    /// Blocks of postings lists (see [`push_postings_in_blocks`]).
    blocks: KeptJson,
    /// Each folded form's JSON, with its hash, by folded form.
    pub(super) entries: HashMap<Box<str>, (u64, Arc<[u8]>)>,
    /// Each terms file, under a hash of its key and its folded forms' hashes.
    files: KeptJson,
}

/// The variants whose postings lists changed since the last run; `None` when any may have.
pub(super) type Changed<'a> = Option<&'a HashSet<u32>>;

/// One folded form and its part of a terms file.
struct Entry<'a> {
    folded: &'a str,
    json: EntryJson,
}

enum EntryJson {
    /// Made by this run, written once and dropped (`build`).
    Made(Vec<u8>),
    /// Kept for the next run, with its hash (`serve`).
    Kept(u64, Arc<[u8]>),
}

/// Hands each terms file to `file` (its key, its bytes) as soon as it is made, and returns the
/// keys split into longer ones. Without `kept` (`build`), each list is dropped as soon as it is
/// written, and each folded form's JSON as soon as it is in its file; with it (`serve`), the
/// lists stay, and a folded form none of whose variants is `changed` is not written again.
pub(super) fn terms_files(
    lists: &mut [Vec<u8>],
    lexicon: &Lexicon,
    kept: Option<(&mut KeptTerms, Changed)>,
    file: &mut dyn FnMut(String, Arc<[u8]>),
) -> Vec<String> {
    let mut variants: Vec<(&Forms, &mut Vec<u8>)> = lists
        .iter_mut()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(variant, list)| (&lexicon.forms[variant], list))
        .collect();
    variants.sort_unstable_by(|(a, _), (b, _)| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
    let (kept, changed) = kept.unzip();
    let (mut reuse, files) = match kept {
        Some(KeptTerms {
            blocks,
            entries,
            files,
        }) => {
            // A folded form is written again when any of its variants changed, one whose list
            // is now empty too.
            let changed_forms: Option<HashSet<&str>> = changed.flatten().map(|changed| {
                changed
                    .iter()
                    .map(|variant| &*lexicon.forms[*variant as usize].folded)
                    .collect()
            });
            let reuse = Reuse {
                last: std::mem::take(entries),
                entries,
                changed_forms,
                blocks,
            };
            (Some(reuse), Some(files))
        }
        None => (None, None),
    };
    let mut filer = Filer {
        files,
        file,
        split: Vec::new(),
    };
    // A group of files (the folded forms that share their first two characters) at a time:
    // only that group's JSON is held before it is written.
    for group in variants.chunk_by_mut(|(a, _), (b, _)| same_key(&a.folded, &b.folded, 2)) {
        let mut entries: Vec<Entry> = group
            .chunk_by_mut(|(a, _), (b, _)| a.folded == b.folded)
            .map(|same| {
                let json = match reuse.as_mut() {
                    None => EntryJson::Made(entry_json(same, None, true)),
                    Some(reuse) => reuse.json(same),
                };
                Entry {
                    folded: &same[0].0.folded,
                    json,
                }
            })
            .collect();
        file_group(&mut entries, 2, &mut filer);
    }
    if let Some(files) = filer.files {
        files.finish_run();
    }
    if let Some(reuse) = reuse {
        reuse.blocks.finish_run();
    }
    filer.split
}

/// Where the terms files go, and the keys split into longer ones.
struct Filer<'a> {
    /// `serve`'s kept files.
    files: Option<&'a mut KeptJson>,
    file: &'a mut dyn FnMut(String, Arc<[u8]>),
    split: Vec<String>,
}

impl Filer<'_> {
    fn file(&mut self, key: String, entries: &mut [Entry]) {
        let bytes = match self.files.as_deref_mut() {
            Some(files) => {
                let mut hasher = Xxh3Default::new();
                key.hash(&mut hasher);
                for entry in entries.iter() {
                    if let EntryJson::Kept(hash, _) = entry.json {
                        hash.hash(&mut hasher);
                    }
                }
                files.get_or_make(hasher.finish(), || terms_json(entries))
            }
            None => Arc::from(terms_json(entries)),
        };
        (self.file)(key, bytes);
    }
}

/// `serve`'s way to a folded form's JSON: taken again from the last run when none of its
/// variants changed, made (from kept blocks) otherwise. `entries` is filled again as the forms
/// come; `last` holds what the last run left there.
struct Reuse<'a, 'b> {
    entries: &'a mut HashMap<Box<str>, (u64, Arc<[u8]>)>,
    last: HashMap<Box<str>, (u64, Arc<[u8]>)>,
    changed_forms: Option<HashSet<&'b str>>,
    blocks: &'a mut KeptJson,
}

impl Reuse<'_, '_> {
    fn json(&mut self, same: &mut [(&Forms, &mut Vec<u8>)]) -> EntryJson {
        let folded = &same[0].0.folded;
        let unchanged = self
            .changed_forms
            .as_ref()
            .is_some_and(|forms| !forms.contains(&**folded));
        let (hash, json) = match self.last.remove(folded) {
            Some(entry) if unchanged => entry,
            _ => {
                let json = entry_json(same, Some(self.blocks), false);
                (xxh3_64(&json), Arc::from(json))
            }
        };
        self.entries.insert(folded.clone(), (hash, json.clone()));
        EntryJson::Kept(hash, json)
    }
}

/// Makes the entries that share their first `length` characters one file, or, when that file
/// would be large, splits them by one more character: the words of exactly `length` characters
/// stay under the short key, the longer ones go one level down.
fn file_group(group: &mut [Entry], length: usize, filer: &mut Filer) {
    let prefix = key(group[0].folded, length);
    let size = group
        .iter()
        .map(|entry| entry.json.bytes().len() + 1)
        .sum::<usize>()
        + 1;
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

impl EntryJson {
    fn bytes(&self) -> &[u8] {
        match self {
            EntryJson::Made(json) => json,
            EntryJson::Kept(_, json) => json,
        }
    }
}

/// `{"folded": [...], ...}`: a terms file of entries sorted by folded form. The JSON this run
/// made is taken: it is written once.
fn terms_json(entries: &mut [Entry]) -> Vec<u8> {
    let size = entries
        .iter()
        .map(|e| e.json.bytes().len() + 1)
        .sum::<usize>();
    let mut out = Vec::with_capacity(size + 1);
    out.push(b'{');
    for (index, entry) in entries.iter_mut().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(entry.json.bytes());
        if let EntryJson::Made(json) = &mut entry.json {
            *json = Vec::new();
        }
    }
    out.push(b'}');
    out
}

/// `"folded":[["exact",[[document, fields, positions...], ...]], ...]` for the variants of one
/// folded form; each document number after the first is written as the step from the one
/// before (the lists are long, the steps short). With `drop_lists`, each list is dropped once
/// written.
fn entry_json(
    same: &mut [(&Forms, &mut Vec<u8>)],
    mut blocks: Option<&mut KeptJson>,
    drop_lists: bool,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(same.iter().map(|(_, list)| list.len() * 4).sum());
    push_json_string(&mut out, &same[0].0.folded);
    out.extend_from_slice(b":[");
    for (index, (forms, list)) in same.iter_mut().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_json_string(&mut out, &forms.exact);
        out.extend_from_slice(b",[");
        match blocks.as_deref_mut() {
            Some(blocks) => push_postings_in_blocks(&mut out, list, blocks),
            None => push_postings(&mut out, list),
        }
        if drop_lists {
            **list = Vec::new();
        }
        out.extend_from_slice(b"]]");
    }
    out.push(b']');
    out
}

/// `[step, fields, positions...]` for each posting of `list` (or of a part of one that starts
/// at a posting), separated by commas.
fn push_postings(out: &mut Vec<u8>, list: &[u8]) {
    for (index, (posting, _)) in read(list).enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_number(out, posting.step);
        out.push(b',');
        push_number(out, u32::from(posting.fields));
        for position in posting.positions() {
            out.push(b',');
            push_number(out, *position);
        }
        out.push(b']');
    }
}

/// A number in decimal. Most steps, all fields and most positions are below a thousand: they
/// are written digit by digit, without formatting or copying.
fn push_number(out: &mut Vec<u8>, n: u32) {
    let digit = |n: u32| b'0' + (n % 10) as u8;
    match n {
        0..10 => out.push(digit(n)),
        10..100 => out.extend_from_slice(&[digit(n / 10), digit(n)]),
        100..1000 => out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]),
        _ => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// Documents per block of a postings list: `serve` keeps each block's JSON, so that an edit
/// writes again only the blocks that hold the documents it changed, not the long lists of
/// common words.
const DOCS_PER_BLOCK: u32 = 256;

/// What [`push_postings`] writes, block by block, each taken from the last run where a block
/// had the same bytes (which hold the step into it from the document before).
fn push_postings_in_blocks(out: &mut Vec<u8>, list: &[u8], kept: &mut KeptJson) {
    let (mut doc, mut block) = (0, 0);
    let (mut start, mut end) = (0, 0);
    let mut push_block = |out: &mut Vec<u8>, bytes: &[u8], first: bool| {
        if !first {
            out.push(b',');
        }
        let json = kept.get_or_make(xxh3_64(bytes), || {
            let mut json = Vec::new();
            push_postings(&mut json, bytes);
            json
        });
        out.extend_from_slice(&json);
    };
    for (posting, size) in read(list) {
        doc += posting.step;
        if doc / DOCS_PER_BLOCK != block && end > start {
            push_block(out, &list[start..end], start == 0);
            start = end;
        }
        block = doc / DOCS_PER_BLOCK;
        end += size;
    }
    if end > start {
        push_block(out, &list[start..end], start == 0);
    }
}

fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&serde_json::to_vec(text).unwrap_or_default());
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
    use crate::output::search::postings::Postings;

    /// Two documents that hold one word: the first's number is written as it is, the second's
    /// as the step from the first; the two spellings of `hoà` are one entry under `hoa`.
    #[test]
    fn postings_are_written_by_folded_form_with_document_steps() {
        let mut lexicon = Lexicon::new("vi");
        let hoa = lexicon.variant_of("hòa") as usize;
        assert_eq!(lexicon.variant_of("hoà") as usize, hoa);
        let flower = lexicon.variant_of("hoa") as usize;
        let mut postings = Postings::with_room_for(&[]);
        postings.push(hoa, 3, 5, &[0, 12]);
        postings.push(flower, 4, 4, &[9]);
        postings.push(hoa, 7, 2, &[5]);
        let mut files = Vec::new();
        let split = terms_files(postings.lists_mut(), &lexicon, None, &mut |key, json| {
            files.push((key, json))
        });
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
        let list = |docs: &[u32]| -> Vec<u8> {
            let mut postings = Postings::with_room_for(&[]);
            for doc in docs {
                postings.push(0, *doc, 4, &[doc % 7]);
            }
            postings.into_lists().pop().unwrap_or_default()
        };
        let runs = [
            list(&[1, 200, 255, 256, 700, 701, 1000]),
            list(&[1, 200, 256, 700, 701, 1000]),
            list(&[1, 200, 256, 700, 702, 1000, 1300]),
            list(&[]),
            list(&[5]),
        ];
        let mut blocks = KeptJson::default();
        for run in runs {
            let mut clean = Vec::new();
            push_postings(&mut clean, &run);
            let mut kept = Vec::new();
            push_postings_in_blocks(&mut kept, &run, &mut blocks);
            blocks.finish_run();
            assert_eq!(kept, clean);
        }
        assert_eq!(blocks.len(), 1, "only the last run's block is kept");
    }

    /// Numbers written digit by digit and those formatted read as Rust writes them, across the
    /// lengths where the two ways meet.
    #[test]
    fn numbers_are_written_in_decimal() {
        for n in (0..20_000).chain([99_999, 100_000, u32::MAX - 1, u32::MAX]) {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(String::from_utf8_lossy(&out), n.to_string());
        }
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("hu"), "t_hu");
        assert_eq!(file_name("con"), "t_con");
        assert_eq!(file_name("北京"), "t__5317_4eac");
    }
}
