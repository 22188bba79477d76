//! The static search index of each language, under `/search-index/LANG/`, read by the search
//! page's script (`themes/default/static/search.js`). It is split so that a query fetches a
//! small part of it:
//! - `meta.json`: the number of documents, how many share a documents file, the keys of the
//!   terms files, and which two-character keys are split into three-character ones;
//! - `terms/KEY.json`: the words whose folded form starts with KEY (its first two characters, or
//!   three where two would make a large file), each folded form with its exact forms and, for
//!   each, the documents that hold it: `[document, fields, positions...]`;
//! - `docs/N.json`: what a result shows (URL, title, section, date, description, the start of
//!   the text), [`DOCS_PER_FILE`] documents a file.
//!
//! Words are compared as `text::fold` says. Pages and sections (with an `_index` of their own
//! in the language) are indexed by their own content (title, headings, description, body),
//! never the theme's navigation; stand-ins of untranslated pages are left out (their text is in
//! the original's language, indexed there), and so is anything with `search = false` in its
//! `[extra]`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Value, json};

use crate::artifact::Artifact;
use crate::markdown::Bodies;
use crate::markdown::html::RenderedMarkdown;
use crate::model::Site;
use crate::render::search_page::index_url;
use crate::text::fold::{exact, folded, words};

/// Documents per `docs/N.json`: a page of ten results fetches a few of these.
pub const DOCS_PER_FILE: usize = 20;

/// A terms file larger than this is split by the third character of its words.
const SPLIT_ABOVE_BYTES: usize = 48 * 1024;

/// Positions kept per word and document: enough to tell whether query words stand together.
const POSITIONS_KEPT: usize = 4;

/// How much of a document's text a result may quote.
const TEXT_KEPT_CHARS: usize = 1200;

/// Where in a document a word stands, as bits.
const TITLE: u8 = 1;
const HEADING: u8 = 2;
const BODY: u8 = 4;

/// A gap between the fields' positions, so that the last word of a title and the first of the
/// body do not count as standing together.
const FIELD_GAP: usize = 8;

/// One indexed document, as a result shows it.
#[derive(Serialize)]
struct Shown<'a>(&'a str, &'a str, &'a str, String, &'a str, String);

/// A word's occurrences in one document.
struct Occurrences {
    fields: u8,
    positions: Vec<usize>,
}

/// Folded form → exact form → document → occurrences.
type Postings = BTreeMap<String, BTreeMap<String, BTreeMap<usize, Occurrences>>>;

/// The index of every language.
pub fn render_search_indexes(site: &Site, bodies: &Bodies) -> Vec<Artifact> {
    site.config
        .languages
        .iter()
        .flat_map(|language| language_index(site, bodies, &language.code))
        .collect()
}

/// What the index is made of, as documents are added.
struct IndexBuilder<'a> {
    lang: &'a str,
    shown: Vec<Shown<'a>>,
    postings: Postings,
    /// The forms of each word met so far (a site uses the same words again and again).
    forms: HashMap<String, (String, String)>,
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

impl<'a> IndexBuilder<'a> {
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
        let doc = self.shown.len();
        let fields = [
            (TITLE, source.title),
            (HEADING, &headings.join(" ")),
            (BODY, source.description),
            (BODY, &text),
        ];
        let mut position = 0;
        for (field, words_of) in fields {
            for word in words(words_of) {
                let lang = self.lang;
                let (exact_form, folded_form) = self
                    .forms
                    .entry(word.to_string())
                    .or_insert_with(|| (exact(word), folded(word, lang)));
                let occurrences = self
                    .postings
                    .entry(folded_form.clone())
                    .or_default()
                    .entry(exact_form.clone())
                    .or_default()
                    .entry(doc)
                    .or_insert(Occurrences {
                        fields: 0,
                        positions: Vec::new(),
                    });
                occurrences.fields |= field;
                if occurrences.positions.len() < POSITIONS_KEPT {
                    occurrences.positions.push(position);
                }
                position += 1;
            }
            position += FIELD_GAP;
        }
        let quoted: String = text.chars().take(TEXT_KEPT_CHARS).collect();
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
        postings: Postings::new(),
        forms: HashMap::new(),
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
        shown, postings, ..
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

    let (files, split) = terms_files(&postings);
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

/// The terms files by key, and the two-character keys split into three-character ones.
fn terms_files(postings: &Postings) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut by_key: BTreeMap<String, Vec<(&String, Value)>> = BTreeMap::new();
    for (folded_form, exact_forms) in postings {
        let variants: Vec<Value> = exact_forms
            .iter()
            .map(|(exact_form, documents)| {
                let rows: Vec<Vec<usize>> = documents
                    .iter()
                    .map(|(doc, occurrences)| {
                        let mut row = vec![*doc, usize::from(occurrences.fields)];
                        row.extend(&occurrences.positions);
                        row
                    })
                    .collect();
                json!([exact_form, rows])
            })
            .collect();
        by_key
            .entry(key(folded_form, 2))
            .or_default()
            .push((folded_form, Value::Array(variants)));
    }
    let mut files = Vec::new();
    let mut split = Vec::new();
    for (two, terms) in by_key {
        let whole = terms_json(&terms);
        if whole.len() <= SPLIT_ABOVE_BYTES {
            files.push((two, whole));
            continue;
        }
        split.push(two.clone());
        let mut by_three: BTreeMap<String, Vec<(&String, Value)>> = BTreeMap::new();
        for (term, variants) in terms {
            by_three
                .entry(key(term, 3))
                .or_default()
                .push((term, variants));
        }
        files.extend(
            by_three
                .into_iter()
                .map(|(three, terms)| (three, terms_json(&terms))),
        );
    }
    (files, split)
}

fn terms_json(terms: &[(&String, Value)]) -> Vec<u8> {
    let object: serde_json::Map<String, Value> = terms
        .iter()
        .map(|(term, variants)| ((*term).clone(), variants.clone()))
        .collect();
    serde_json::to_vec(&object).unwrap_or_default()
}

/// The first `length` characters of a folded word: the key of its terms file.
fn key(folded_form: &str, length: usize) -> String {
    folded_form.chars().take(length).collect()
}

/// A key as a file name that every server and file system takes: ASCII letters and digits as
/// they are, any other character as `_` and its code point in hex.
fn file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", u32::from(c))
            }
        })
        .collect()
}

/// The text of a rendered body: tags left out, entities read, runs of space as one.
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
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `html` text with its character references decoded (the ones HTML writers use).
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
        assert_eq!(
            plain_text("<h2 id=\"a\">Đại&nbsp;Nội</h2>\n<p>A &amp; B &lt;3 &#8211; &#x1EC7;</p>"),
            "Đại Nội A & B <3 – ệ"
        );
        assert_eq!(plain_text("a &unknown; b & c"), "a &unknown; b & c");
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("hu"), "hu");
        assert_eq!(file_name("北京"), "_5317_4eac");
    }
}
