//! What one page or section gives its language's index: the postings of its words (which
//! fields hold each word, and where it first stands) and the start of its text that a result
//! quotes. `serve` keeps each document's analysis under [`Source::key`] and analyses only the
//! documents whose text changed.

use std::hash::{Hash, Hasher};
use std::ops::ControlFlow;
use std::sync::Arc;

use memchr::{memchr, memchr2};

use serde_json::Value;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::load::front_matter::Date;
use crate::markdown::html::RenderedMarkdown;
use crate::output::search::lexicon::Lexicon;
use crate::text::fold::words;

/// Positions kept per word and document: enough to tell whether query words stand together.
pub(super) const POSITIONS_KEPT: usize = 2;

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

/// What the index reads of a page or section besides its body, and shows in a result: all of
/// it from the site model.
#[derive(Clone, Copy)]
pub(super) struct Entry<'a> {
    pub(super) url: &'a str,
    pub(super) title: &'a str,
    pub(super) section: &'a str,
    /// Formatted only when the language's files are written again.
    pub(super) date: Option<Date>,
    pub(super) description: &'a str,
    pub(super) extra: &'a serde_json::Map<String, Value>,
}

/// A page or section to index.
pub(super) struct Source<'a> {
    pub(super) entry: Entry<'a>,
    pub(super) body: &'a Arc<RenderedMarkdown>,
}

/// One word of one document: the fields that hold it, and its first positions.
pub(super) struct Posting {
    pub(super) variant: u32,
    pub(super) fields: u8,
    kept: u8,
    positions: [u32; POSITIONS_KEPT],
}

/// See the module documentation.
pub(super) struct Analysis {
    /// In the order of the words' first appearance.
    pub(super) postings: Vec<Posting>,
    pub(super) quote: String,
}

impl Entry<'_> {
    /// Whether the document is indexed at all: `search = false` in its `[extra]` leaves it out.
    pub(super) fn indexed(&self) -> bool {
        self.extra.get("search") != Some(&Value::Bool(false))
    }
}

impl Source<'_> {
    /// A hash of everything its analysis is made from, given its body's
    /// ([`Source::body_hash`]): equal keys, equal analyses.
    pub(super) fn key(&self, body_hash: u64) -> u64 {
        let mut hasher = Xxh3Default::new();
        (self.entry.title, self.entry.description, body_hash).hash(&mut hasher);
        hasher.finish()
    }

    /// A hash of what the analysis reads of a body: its HTML and its headings.
    pub(super) fn body_hash(body: &RenderedMarkdown) -> u64 {
        let mut hasher = Xxh3Default::new();
        // The HTML in one call: the streaming hasher copies what it is fed in pieces.
        xxh3_64(body.html.as_bytes()).hash(&mut hasher);
        for entry in &body.toc {
            entry.title.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The document's postings, its words looked up in `lexicon`. `slots` is scratch space,
    /// by variant, kept between documents so that it is allocated once.
    pub(super) fn analyse(&self, lexicon: &mut Lexicon, slots: &mut Vec<u32>) -> Analysis {
        let mut filing = Filing {
            lexicon,
            slots,
            postings: Vec::new(),
            position: 0,
        };
        // The fields in order, a gap after each; a tag or the next heading parts words as a
        // space would.
        filing.file(self.entry.title, TITLE);
        filing.position += FIELD_GAP;
        for entry in &self.body.toc {
            filing.file(&entry.title, HEADING);
        }
        filing.position += FIELD_GAP;
        filing.file(self.entry.description, BODY);
        filing.position += FIELD_GAP;
        let mut scratch = String::new();
        each_text_run(&self.body.html, &mut scratch, |run, _| {
            filing.file(run, BODY);
            ControlFlow::Continue(())
        });
        for posting in &filing.postings {
            filing.slots[posting.variant as usize] = u32::MAX;
        }
        Analysis {
            postings: filing.postings,
            quote: quote(&self.body.html, &mut scratch),
        }
    }
}

/// A document's postings as its words are read.
struct Filing<'a> {
    lexicon: &'a mut Lexicon,
    /// By variant, the index of its posting in `postings`, or `u32::MAX`.
    slots: &'a mut Vec<u32>,
    postings: Vec<Posting>,
    /// The position of the next word.
    position: u32,
}

impl Filing<'_> {
    /// Files the words of `text`, in `field`.
    fn file(&mut self, text: &str, field: u8) {
        for word in words(text) {
            let variant = self.lexicon.variant_of(word);
            if self.slots.len() <= variant as usize {
                self.slots.resize(self.lexicon.forms.len(), u32::MAX);
            }
            let slot = &mut self.slots[variant as usize];
            match self.postings.get_mut(*slot as usize) {
                Some(posting) => posting.hit(self.position, field),
                None => {
                    *slot = self.postings.len() as u32;
                    self.postings.push(Posting {
                        variant,
                        fields: field,
                        kept: 1,
                        positions: [self.position, 0],
                    });
                }
            }
            self.position += 1;
        }
    }
}

impl Posting {
    /// One more occurrence of the word: its field is added, and its position kept while fewer
    /// than [`POSITIONS_KEPT`] are.
    fn hit(&mut self, position: u32, field: u8) {
        self.fields |= field;
        if usize::from(self.kept) < POSITIONS_KEPT {
            self.positions[usize::from(self.kept)] = position;
            self.kept += 1;
        }
    }

    /// The positions kept, in order.
    pub(super) fn positions(&self) -> &[u32] {
        &self.positions[..usize::from(self.kept)]
    }

    /// Whether `other` files the same: fields and positions (its variant aside).
    pub(super) fn same_as(&self, other: &Posting) -> bool {
        self.fields == other.fields && self.positions() == other.positions()
    }
}

/// Calls `each` with each run of text between the tags of `html`, entities read, until it
/// breaks; and with the markup between that run and the one before (its tags), for a caller
/// that asks what parts them. The text is not copied, but for a run that holds an entity, which
/// is read into `scratch`.
fn each_text_run(
    html: &str,
    scratch: &mut String,
    mut each: impl FnMut(&str, &str) -> ControlFlow<()>,
) {
    let mut rest = html;
    // Where the markup after the last run handed to `each` starts.
    let mut markup_from = 0;
    loop {
        // One search finds the run's end, and whether an entity comes before it.
        let stop = memchr2(b'<', b'&', rest.as_bytes());
        let entity = stop.is_some_and(|at| rest.as_bytes()[at] == b'&');
        let open = match stop {
            Some(at) if entity => memchr(b'<', &rest.as_bytes()[at..]).map(|open| at + open),
            stop => stop,
        };
        let (run, after) = match open {
            Some(open) => (&rest[..open], Some(&rest[open..])),
            None => (rest, None),
        };
        let flow = if run.is_empty() {
            ControlFlow::Continue(())
        } else {
            let at = html.len() - rest.len();
            let markup = &html[markup_from..at];
            markup_from = at + run.len();
            if entity {
                scratch.clear();
                push_decoded(scratch, run);
                each(scratch, markup)
            } else {
                each(run, markup)
            }
        };
        let Some(tag) = after else { return };
        if flow.is_break() {
            return;
        }
        // A tag without its `>` ends the text.
        rest = memchr(b'>', tag.as_bytes()).map_or("", |close| &tag[close + 1..]);
    }
}

/// Whether `markup` (the tags between two runs of text) parts them as lines are parted: it
/// opens or closes a block, or breaks a line. Any other tag (a link, emphasis, code) runs on in
/// its line.
fn parts_lines(markup: &str) -> bool {
    markup
        .match_indices('<')
        .any(|(at, _)| is_block_tag(&markup[at..]))
}

/// Whether `tag` (from its `<` on) is a block's or a line break's: the elements a body's HTML
/// parts its text with.
fn is_block_tag(tag: &str) -> bool {
    let name = tag[1..].trim_start_matches('/');
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ];
    BLOCKS
        .iter()
        .any(|block| block.eq_ignore_ascii_case(&name[..end]))
}

/// The start of the text of `html` as a result quotes it, on one line: runs of space, and the
/// breaks between blocks, as one space; a tag within a line (`<strong>Huế</strong>, the`)
/// adds none. At most [`TEXT_KEPT_CHARS`] characters; only that start is read.
fn quote(html: &str, scratch: &mut String) -> String {
    let mut quote = String::with_capacity(TEXT_KEPT_CHARS);
    let mut room = TEXT_KEPT_CHARS;
    // Whether the text so far ends in a space (or a block), which the next word follows.
    let mut spaced = false;
    each_text_run(html, scratch, |run, markup| {
        spaced |= run.starts_with(char::is_whitespace) || parts_lines(markup);
        for (index, word) in run.split_whitespace().enumerate() {
            if !quote.is_empty() && (index > 0 || spaced) {
                quote.push(' ');
                room -= 1;
                if room == 0 {
                    return ControlFlow::Break(());
                }
            }
            // A word's bytes are at least its characters: most words fit without counting.
            let taken = if word.len() <= room {
                word
            } else {
                word.char_indices()
                    .nth(room)
                    .map_or(word, |(end, _)| &word[..end])
            };
            quote.push_str(taken);
            room -= taken.chars().count();
            if room == 0 {
                return ControlFlow::Break(());
            }
        }
        spaced = run.ends_with(char::is_whitespace);
        ControlFlow::Continue(())
    });
    quote
}

fn push_decoded(text: &mut String, html: &str) {
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // An entity's name is short: only its first bytes are searched for the `;`.
        let end = after.bytes().take(9).position(|b| b == b';');
        let decoded = end.and_then(|end| {
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
impl<'a> Source<'a> {
    /// A page titled "Huế" with `body` and nothing else, for tests.
    pub(super) fn titled_hue(body: &'a Arc<RenderedMarkdown>) -> Source<'a> {
        static NO_EXTRA: std::sync::LazyLock<serde_json::Map<String, Value>> =
            std::sync::LazyLock::new(serde_json::Map::new);
        Source {
            entry: Entry {
                url: "/",
                title: "Huế",
                section: "",
                date: None,
                description: "",
                extra: &NO_EXTRA,
            },
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::html::TocEntry;

    #[test]
    fn the_text_leaves_tags_out_and_reads_entities() {
        let html = "<h2 id=\"a\">Đại&nbsp;Nội</h2>\n<p>A &amp; B &lt;3 &#8211; &#x1EC7;</p>";
        let mut scratch = String::new();
        assert_eq!(quote(html, &mut scratch), "Đại Nội A & B <3 – ệ");
        let mut runs = Vec::new();
        each_text_run(
            "a &unknown; &amp; <b>b &amp; c</b><br>d<i",
            &mut scratch,
            |run, markup| {
                runs.push((run.to_string(), markup.to_string()));
                ControlFlow::Continue(())
            },
        );
        let runs: Vec<(&str, &str)> = runs.iter().map(|(r, m)| (&**r, &**m)).collect();
        assert_eq!(
            runs,
            [("a &unknown; & ", ""), ("b & c", "<b>"), ("d", "</b><br>")]
        );
        assert!(parts_lines("</b><br>") && !parts_lines("<b>") && !parts_lines(""));
        // Tags within a line add no space; blocks and spaces written around tags give one.
        let html = "<h2>Lợi thế</h2>\n<p><strong>Cảng biển</strong>: Chân Mây, <em>UNESCO</em> \
                    <a href=\"/\">công nhận</a>.</p><ul><li>Huế</li><li>Đà<br>Nẵng</li></ul>";
        assert_eq!(
            quote(html, &mut scratch),
            "Lợi thế Cảng biển: Chân Mây, UNESCO công nhận. Huế Đà Nẵng"
        );
        let long = "  một   hai\n\nba ".repeat(200);
        let quoted = quote(&long, &mut scratch);
        assert_eq!(quoted.chars().count(), TEXT_KEPT_CHARS);
        assert!(quoted.starts_with("một hai ba một") && !quoted.contains("  "));
    }

    /// A word met three times, in the title and the body, is one posting with both fields and
    /// its first two positions; the heading's positions follow the title's after a gap.
    #[test]
    fn a_document_gets_one_posting_per_word_with_its_first_positions() {
        let body = Arc::new(RenderedMarkdown {
            html: "<p>Huế, huế và Huế.</p>".to_string(),
            toc: vec![TocEntry {
                level: 2,
                id: "a".to_string(),
                title: "Lịch sử".to_string(),
            }],
            ..RenderedMarkdown::default()
        });
        let source = Source::titled_hue(&body);
        let mut lexicon = Lexicon::new("vi");
        let mut slots = Vec::new();
        let analysis = source.analyse(&mut lexicon, &mut slots);
        let summary: Vec<(&str, u8, &[u32])> = analysis
            .postings
            .iter()
            .map(|p| {
                let forms = &lexicon.forms[p.variant as usize];
                (&*forms.folded, p.fields, p.positions())
            })
            .collect();
        let body_start = 1 + FIELD_GAP + 2 + FIELD_GAP + FIELD_GAP;
        assert_eq!(
            summary,
            [
                ("hue", TITLE | BODY, &[0, body_start][..]),
                ("lich", HEADING, &[1 + FIELD_GAP][..]),
                ("su", HEADING, &[2 + FIELD_GAP][..]),
                ("va", BODY, &[body_start + 2][..]),
            ]
        );
        assert_eq!(analysis.quote, "Huế, huế và Huế.");
        assert!(slots.iter().all(|slot| *slot == u32::MAX));
    }
}
