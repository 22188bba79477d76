//! The static search index of each language, under `/search-index/LANG/`, read by the search
//! page's script (`themes/default/static/search.js`). It is split so that a query fetches a
//! small part of it:
//! - `meta.json`: the number of documents, how many share a documents file, the keys of the
//!   terms files, and which keys are split into longer ones;
//! - `terms/t_KEY.json`: the words whose folded form starts with KEY (its first two characters, or
//!   more where two would make a large file), each folded form with its exact forms and, for
//!   each, the documents that hold it: `[document, fields, positions...]`, document numbers as
//!   steps from the one before;
//! - `docs/N.json`: what a result shows (URL, title, section, date, description, the start of
//!   the text), [`DOCS_PER_FILE`] documents a file.
//!
//! Words are compared as `text::fold` says. Pages and sections (with an `_index` of their own
//! in the language) are indexed by their own content (title, headings, description, body),
//! never the theme's navigation; stand-ins of untranslated pages are left out (their text is in
//! the original's language, indexed there), and so is anything with `search = false` in its
//! `[extra]`.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use rayon::prelude::*;

use serde::Serialize;
use serde_json::{Value, json};

use crate::artifact::Artifact;
use crate::markdown::Bodies;
use crate::markdown::html::RenderedMarkdown;
use crate::model::Site;
use crate::render::search_page::index_url;
use crate::text::fold::{exact, folded, words};

/// Documents per `docs/N.json`: a page of ten results fetches at most ten of these.
pub const DOCS_PER_FILE: usize = 10;

/// A terms file larger than this is split by the next character of its words.
const SPLIT_ABOVE_BYTES: usize = 48 * 1024;

/// Positions kept per word and document: enough to tell whether query words stand together.
const POSITIONS_KEPT: usize = 2;

/// How much of a document's text a result may quote: what a snippet needs, so that ten
/// results stay small to fetch.
const TEXT_KEPT_CHARS: usize = 600;

/// Where in a document a word stands, as bits.
const TITLE: u8 = 1;
const HEADING: u8 = 2;
const BODY: u8 = 4;

/// A gap between the fields' positions, so that the last word of a title and the first of the
/// body do not count as standing together.
const FIELD_GAP: u32 = 8;

/// One indexed document, as a result shows it.
#[derive(Serialize)]
struct Shown<'a>(&'a str, &'a str, &'a str, String, &'a str, String);

/// One exact form of a folded form, with its postings: for each document that holds it, in
/// document order, `document, fields, n, n positions`.
struct Variant {
    folded: Box<str>,
    exact: Box<str>,
    postings: Vec<u32>,
    /// Where the posting of the document being added starts in `postings`, when it has one:
    /// words arrive in the order of their positions, so each extends its variant's last posting
    /// in place.
    open: Option<(u32, usize)>,
}

/// The index of every language.
pub fn render_search_indexes(site: &Site, bodies: &Bodies) -> Vec<Artifact> {
    site.config
        .languages
        .par_iter()
        .flat_map_iter(|language| language_index(site, bodies, &language.code))
        .collect()
}

/// What the index is made of, as documents are added.
struct IndexBuilder<'a> {
    lang: &'a str,
    shown: Vec<Shown<'a>>,
    /// A word as written → its variant (most words of a site come again and again: their forms
    /// are computed once).
    words: HashMap<Box<str>, u32, FixedState>,
    /// `(folded, exact)` → its variant.
    variant_ids: HashMap<(Box<str>, Box<str>), u32, FixedState>,
    variants: Vec<Variant>,
}

/// A page or section to index.
struct Source<'a> {
    url: &'a str,
    title: &'a str,
    section: &'a str,
    date: String,
    description: &'a str,
    extra: &'a serde_json::Map<String, Value>,
    body: &'a RenderedMarkdown,
}

impl Variant {
    /// Files one occurrence, at `position` in `field` of document `doc`: the document's posting
    /// gathers the fields and keeps the first [`POSITIONS_KEPT`] positions.
    fn hit(&mut self, doc: u32, position: u32, field: u8) {
        match self.open {
            Some((open_doc, start)) if open_doc == doc => {
                self.postings[start + 1] |= u32::from(field);
                if (self.postings[start + 2] as usize) < POSITIONS_KEPT {
                    self.postings[start + 2] += 1;
                    self.postings.push(position);
                }
            }
            _ => {
                self.open = Some((doc, self.postings.len()));
                self.postings.extend([doc, u32::from(field), 1, position]);
            }
        }
    }
}

impl<'a> IndexBuilder<'a> {
    /// The variant of a word as written, made when the word is new.
    fn variant_of(&mut self, word: &str) -> u32 {
        if let Some(variant) = self.words.get(word) {
            return *variant;
        }
        let key: (Box<str>, Box<str>) = (folded(word, self.lang).into(), exact(word).into());
        let next = self.variants.len() as u32;
        let variant = *self.variant_ids.entry(key.clone()).or_insert(next);
        if variant == next {
            self.variants.push(Variant {
                folded: key.0,
                exact: key.1,
                postings: Vec::new(),
                open: None,
            });
        }
        self.words.insert(word.into(), variant);
        variant
    }

    fn add(&mut self, source: Source<'a>) {
        if source.extra.get("search") == Some(&Value::Bool(false)) {
            return;
        }
        let text = plain_text(&source.body.html);
        let headings: Vec<&str> = source
            .body
            .toc
            .iter()
            .map(|entry| entry.title.as_str())
            .collect();
        let doc = self.shown.len() as u32;
        let fields = [
            (TITLE, source.title),
            (HEADING, &headings.join(" ")),
            (BODY, source.description),
            (BODY, &text),
        ];
        let mut position = 0;
        for (field, words_of) in fields {
            for word in words(words_of) {
                let variant = self.variant_of(word);
                self.variants[variant as usize].hit(doc, position, field);
                position += 1;
            }
            position += FIELD_GAP;
        }
        let quoted = quote(&text);
        self.shown.push(Shown(
            source.url,
            source.title,
            source.section,
            source.date,
            source.description,
            quoted,
        ));
    }
}

fn language_index(site: &Site, bodies: &Bodies, lang: &str) -> Vec<Artifact> {
    let mut index = IndexBuilder {
        lang,
        shown: Vec::new(),
        words: HashMap::default(),
        variant_ids: HashMap::default(),
        variants: Vec::new(),
    };
    for id in site.pages_in(lang) {
        let page = site.page(id);
        index.add(Source {
            url: &page.url,
            title: &page.title,
            section: &site.sections[page.section].title,
            date: page.front.date.map(|date| date.ymd()).unwrap_or_default(),
            description: page.front.description.as_deref().unwrap_or(""),
            extra: &page.front.extra,
            body: &bodies.pages[id],
        });
    }
    // A section is found by its own text (its `_index` in this language), under its parent.
    for (id, section) in site.sections.iter().enumerate() {
        if section.lang != lang || section.file.is_none() {
            continue;
        }
        let parent = section
            .parent
            .map_or("", |parent| site.sections[parent].title.as_str());
        index.add(Source {
            url: &section.url,
            title: &section.title,
            section: parent,
            date: String::new(),
            description: section.front.description.as_deref().unwrap_or(""),
            extra: &section.front.extra,
            body: &bodies.sections[id],
        });
    }
    let IndexBuilder {
        shown, variants, ..
    } = index;

    let folder = index_url(lang).trim_start_matches('/').to_string();
    let origin = format!("(search index, {lang})");
    let mut artifacts = Vec::new();
    for (number, chunk) in shown.chunks(DOCS_PER_FILE).enumerate() {
        artifacts.push(Artifact::bytes(
            format!("{folder}docs/{number}.json"),
            origin.clone(),
            serde_json::to_vec(chunk).unwrap_or_default(),
        ));
    }

    let (files, split) = terms_files(variants);
    let keys: Vec<&String> = files.iter().map(|(key, _)| key).collect();
    let meta = json!({
        "version": 1,
        "lang": lang,
        "docs": shown.len(),
        "docsPerFile": DOCS_PER_FILE,
        "split": split,
        "keys": keys,
    });
    artifacts.push(Artifact::bytes(
        format!("{folder}meta.json"),
        origin.clone(),
        meta.to_string(),
    ));
    for (key, bytes) in files {
        artifacts.push(Artifact::bytes(
            format!("{folder}terms/{}.json", file_name(&key)),
            origin.clone(),
            bytes,
        ));
    }
    artifacts
}

/// The terms files by key, and the keys split into longer ones.
fn terms_files(mut variants: Vec<Variant>) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    variants.sort_unstable_by(|a, b| (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact)));
    // Each folded form is written once; files are made of these pieces, however often a large
    // group is split. The postings are dropped as soon as they are written.
    let entries: Vec<Entry> = variants
        .chunk_by(|a, b| a.folded == b.folded)
        .map(|same| Entry {
            folded: same[0].folded.clone(),
            json: entry_json(same),
        })
        .collect();
    drop(variants);
    let mut files = Vec::new();
    let mut split = Vec::new();
    for group in entries.chunk_by(|a, b| same_key(&a.folded, &b.folded, 2)) {
        file_group(group, 2, &mut files, &mut split);
    }
    (files, split)
}

/// One folded form and its part of a terms file.
struct Entry {
    folded: Box<str>,
    json: String,
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
    let prefix = key(&group[0].folded, length);
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
    for smaller in longer.chunk_by(|a, b| same_key(&a.folded, &b.folded, length + 1)) {
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
fn entry_json(same: &[Variant]) -> String {
    let mut out = String::with_capacity(same.iter().map(|v| v.postings.len() * 4).sum());
    let mut numbers = itoa::Buffer::new();
    push_json_string(&mut out, &same[0].folded);
    out.push_str(":[");
    for (index, variant) in same.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_string(&mut out, &variant.exact);
        out.push_str(",[");
        let mut rest = variant.postings.as_slice();
        let mut previous = None;
        while let [doc, fields, kept, tail @ ..] = rest {
            let (positions, after) = tail.split_at(*kept as usize);
            if previous.is_some() {
                out.push(',');
            }
            let step = doc - previous.unwrap_or(0);
            previous = Some(*doc);
            out.push('[');
            out.push_str(numbers.format(step));
            out.push(',');
            out.push_str(numbers.format(*fields));
            for position in positions {
                out.push(',');
                out.push_str(numbers.format(*position));
            }
            out.push(']');
            rest = after;
        }
        out.push_str("]]");
    }
    out.push(']');
    out
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
fn file_name(key: &str) -> String {
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

/// The text of a rendered body: tags left out (as a space), entities read. Runs of space are
/// left as they are: words do not see them, and a quote folds them (see [`quote`]).
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        text.push(' ');
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    push_decoded(&mut text, rest);
    text
}

/// The start of a text as a result quotes it: runs of space as one, at most
/// [`TEXT_KEPT_CHARS`] characters. Only that start is read.
fn quote(text: &str) -> String {
    text.split_whitespace()
        .flat_map(|word| std::iter::once(' ').chain(word.chars()))
        .skip(1)
        .take(TEXT_KEPT_CHARS)
        .collect()
}

fn push_decoded(text: &mut String, html: &str) {
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|end| *end <= 8).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                text.push(c);
                rest = &after[end + 1..];
            }
            None => {
                text.push('&');
                rest = after;
            }
        }
    }
    text.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_leaves_tags_out_and_reads_entities() {
        let html = "<h2 id=\"a\">Đại&nbsp;Nội</h2>\n<p>A &amp; B &lt;3 &#8211; &#x1EC7;</p>";
        assert_eq!(quote(&plain_text(html)), "Đại Nội A & B <3 – ệ");
        assert_eq!(plain_text("a &unknown; b & c"), "a &unknown; b & c");
        let long = "  một   hai\n\nba ".repeat(200);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), TEXT_KEPT_CHARS);
        assert!(quoted.starts_with("một hai ba một") && !quoted.contains("  "));
    }

    /// A word met three times in one document, in the title and the body, is one posting with
    /// both fields and its first two positions; the next document starts a new posting, and the
    /// terms file writes its number as a step.
    #[test]
    fn a_document_gets_one_posting_per_word_with_its_first_positions() {
        let mut variant = Variant {
            folded: "hue".into(),
            exact: "hue\u{301}".into(),
            postings: Vec::new(),
            open: None,
        };
        variant.hit(3, 0, TITLE);
        variant.hit(3, 12, BODY);
        variant.hit(3, 40, BODY);
        variant.hit(7, 5, HEADING);
        assert_eq!(variant.postings, [3, 5, 2, 0, 12, 7, 2, 1, 5]);
        let entry = Entry {
            folded: "hue".into(),
            json: entry_json(std::slice::from_ref(&variant)),
        };
        assert_eq!(
            entry.json,
            "\"hue\":[[\"hue\u{301}\",[[3,5,0,12],[4,2,5]]]]"
        );
        let file = terms_json(&[entry]);
        assert_eq!(file.first(), Some(&b'{'));
        assert_eq!(file.last(), Some(&b'}'));
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("hu"), "t_hu");
        assert_eq!(file_name("con"), "t_con");
        assert_eq!(file_name("北京"), "t__5317_4eac");
    }
}
