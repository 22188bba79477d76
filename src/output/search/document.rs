//! What one page or section gives its language's index: the postings of its words (which
//! fields hold each word, and where it first stands) and the start of its text that a result
//! quotes. `serve` keeps each document's analysis under [`Source::key`] and analyses only the
//! documents whose text changed.

use std::hash::{Hash, Hasher};
use std::hint::select_unpredictable;
use std::sync::Arc;

use memchr::{memchr, memchr2};

use serde_json::Value;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::load::front_matter::Date;
use crate::markdown::html::RenderedMarkdown;
use crate::output::search::lexicon::Lexicon;
use crate::text::classes::{BLOCK, RunMasks, block_at, first_bytes_bits, may_end_run};
use crate::text::escape::entity;
use crate::text::words::{Words, words, words_of_html};

/// Positions a posting holds at most. A document's posting of a word holds the first, which
/// tells whether query words stand together where they first appear (the title's words come
/// first, then the headings'). A second position cost about 7 % of the time the index takes
/// to file a document, for the few pages whose query words first stand apart and further on
/// together. A posting counts its positions, so the files could hold more.
pub(super) const POSITIONS_KEPT: usize = 1;

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

/// One word of one document: the fields that hold it, and its first position.
#[derive(Clone, Copy, Default)]
pub(super) struct Posting {
    pub(super) variant: u32,
    pub(super) fields: u8,
    position: u32,
}

/// See the module documentation.
pub(super) struct Analysis {
    /// In the order of the words' first appearance.
    pub(super) postings: Vec<Posting>,
    pub(super) quote: String,
}

/// The key of a page's `[extra]` that keeps it out of the index when `false`.
pub(super) const SEARCH_KEY: &str = "search";

impl Entry<'_> {
    /// Whether the document is indexed at all: `search = false` in its `[extra]` leaves it out.
    pub(super) fn indexed(&self) -> bool {
        self.extra.get(SEARCH_KEY) != Some(&Value::Bool(false))
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

    /// The document's postings, its words looked up in `lexicon`.
    pub(super) fn analyse(&self, lexicon: &mut Lexicon, scratch: &mut Scratch) -> Analysis {
        let quote = self.file_postings(lexicon, scratch);
        let postings = scratch.filed().to_vec();
        scratch.clear();
        Analysis { postings, quote }
    }

    /// Files the document's postings in `scratch` ([`Scratch::filed`], until it is cleared),
    /// its words looked up in `lexicon`, and returns its quote: `build` adds them to the lists
    /// from there, with no copy to keep.
    pub(super) fn file_postings(&self, lexicon: &mut Lexicon, scratch: &mut Scratch) -> String {
        if !self.file_words(lexicon, scratch, BodyRead::AsWritten) {
            // An entity stands for a letter: rare, so the document is filed again from the
            // start rather than every body searched for such entities first. The words filed
            // before the entity are the first of the text decoded, at the same positions:
            // filing them again changes nothing, and the scratch space need not be cleared.
            self.file_words(lexicon, scratch, BodyRead::Decoded);
        }
        quote(&self.body.html)
    }

    /// Files the document's words in `scratch`, the fields in order with a gap after each; a
    /// tag or the next heading parts words as a space would. False, with the body's words
    /// filed only in part, where the body read as written holds an entity that stands for a
    /// letter (see `words_of_html`).
    fn file_words(&self, lexicon: &mut Lexicon, scratch: &mut Scratch, body: BodyRead) -> bool {
        let mut filing = Filing {
            lexicon,
            scratch,
            position: 0,
        };
        filing.file(&mut words(self.entry.title), TITLE);
        filing.position += FIELD_GAP;
        for entry in &self.body.toc {
            filing.file(&mut words(&entry.title), HEADING);
        }
        filing.position += FIELD_GAP;
        filing.file(&mut words(self.entry.description), BODY);
        filing.position += FIELD_GAP;
        match body {
            BodyRead::AsWritten => {
                let mut body_words = words_of_html(&self.body.html);
                filing.file(&mut body_words, BODY);
                !body_words.met_letter_entity()
            }
            BodyRead::Decoded => {
                let mut text = String::new();
                each_text_run(&self.body.html, &mut text, |run| {
                    filing.file(&mut words(run), BODY);
                });
                true
            }
        }
    }
}

/// How [`Source::file_words`] reads a body's words.
#[derive(Clone, Copy)]
enum BodyRead {
    /// Off the HTML, its tags and entities masked out: no copy.
    AsWritten,
    /// From the runs of text between tags, their entities decoded into a copy.
    Decoded,
}

/// Space [`Source::file_postings`] works in, kept from one document to the next so that it is
/// allocated once.
#[derive(Default)]
pub(super) struct Scratch {
    /// By variant, the index of its posting in `postings`, or `u32::MAX`.
    slots: Vec<u32>,
    /// The document's postings so far, then an empty one (the next new word's), then room
    /// for more.
    postings: Vec<Posting>,
    /// How many postings the document has so far.
    filed: usize,
}

impl Scratch {
    /// The postings of the document filed last, in the order of their words' first appearance.
    pub(super) fn filed(&self) -> &[Posting] {
        &self.postings[..self.filed]
    }

    /// Makes room for the next document.
    pub(super) fn clear(&mut self) {
        for posting in &self.postings[..self.filed] {
            self.slots[posting.variant as usize] = u32::MAX;
        }
        if let Some(first) = self.postings.first_mut() {
            *first = Posting::default();
        }
        self.filed = 0;
    }
}

/// Words looked up at once before their postings are filed (see [`Filing::file`]).
const WORDS_AT_ONCE: usize = 32;

/// A document's postings as its words are read.
struct Filing<'a> {
    lexicon: &'a mut Lexicon,
    scratch: &'a mut Scratch,
    /// The position of the next word.
    position: u32,
}

impl Filing<'_> {
    /// Files `words`, in `field`, [`WORDS_AT_ONCE`] at a time: their variants are looked up
    /// first, then their postings filed. A look-up mostly waits for the lexicon's table,
    /// which is larger than the processor's nearest cache; side by side, the look-ups of
    /// several words wait at once, where each word's filing, which needs its variant, held up
    /// the look-up of the next (about 5 % of the filing's time).
    ///
    /// Whether a word is new to the document changes from word to word as no branch
    /// predicts: what depends on it is chosen by value, with `select_unpredictable` (the
    /// compiler had turned plain `if`s back into branches, mispredicted on about a third of
    /// the words). A new word's posting is the empty one after the document's, so known and
    /// new are filed alike.
    fn file(&mut self, words: &mut Words, field: u8) {
        let Scratch {
            slots,
            postings,
            filed,
        } = &mut *self.scratch;
        let mut variants = [0u32; WORDS_AT_ONCE];
        loop {
            let mut count = 0;
            while count < variants.len() {
                let Some((word, from_word)) = words.next_with_rest() else {
                    break;
                };
                variants[count] = self.lexicon.variant_of(word, from_word);
                count += 1;
            }
            if count == 0 {
                break;
            }
            if slots.len() < self.lexicon.forms.len() {
                slots.resize(self.lexicon.forms.len(), u32::MAX);
            }
            if postings.len() <= *filed + count + 1 {
                postings.resize_with(2 * (*filed + count) + 64, Posting::default);
            }
            for &variant in &variants[..count] {
                let slot = &mut slots[variant as usize];
                let new = *slot == u32::MAX;
                let at = select_unpredictable(new, *filed, *slot as usize);
                *slot = at as u32;
                let posting = &mut postings[at];
                posting.variant = variant;
                posting.fields |= field;
                posting.position = select_unpredictable(new, self.position, posting.position);
                *filed += usize::from(new);
                postings[*filed] = Posting::default();
                self.position += 1;
            }
        }
    }
}

impl Posting {
    /// The positions kept: the first.
    pub(super) fn positions(&self) -> &[u32] {
        std::slice::from_ref(&self.position)
    }

    /// Whether `other` files the same: fields and positions (its variant aside).
    pub(super) fn same_as(&self, other: &Posting) -> bool {
        self.fields == other.fields && self.positions() == other.positions()
    }
}

/// Calls `each` with each run of text between the tags of `html`, entities read. The text is
/// not copied, but for a run that holds an entity, which is read into `scratch`.
fn each_text_run(html: &str, scratch: &mut String, mut each: impl FnMut(&str)) {
    let mut rest = html;
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
        if entity {
            scratch.clear();
            push_decoded(scratch, run);
            each(scratch);
        } else if !run.is_empty() {
            each(run);
        }
        let Some(tag) = after else { return };
        // A tag without its `>` ends the text.
        rest = memchr(b'>', tag.as_bytes()).map_or("", |close| &tag[close + 1..]);
    }
}

/// Whether `tag` (from its `<` on) is a block's or a line break's: the elements a body's HTML
/// parts its text with.
fn is_block_tag(tag: &str) -> bool {
    let name = tag[1..].trim_start_matches('/').as_bytes();
    let end = name
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    // No block's name is longer than `blockquote`.
    let mut lower = [0; 10];
    let Some(lower) = lower.get_mut(..end) else {
        return false;
    };
    lower.copy_from_slice(&name[..end]);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"br"
            | b"caption"
            | b"dd"
            | b"details"
            | b"div"
            | b"dl"
            | b"dt"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"header"
            | b"hr"
            | b"li"
            | b"nav"
            | b"ol"
            | b"p"
            | b"pre"
            | b"section"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"tr"
            | b"ul"
    )
}

/// The start of the text of `html` as a result quotes it, on one line: runs of space, and the
/// breaks between blocks, as one space; a tag within a line (`<strong>Huế</strong>, the`)
/// adds none. At most [`TEXT_KEPT_CHARS`] characters; only that start is read. The text
/// between two spaces, tags or entities is copied whole: it is most of the bytes.
fn quote(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut quote = Quote {
        text: String::with_capacity(2 * TEXT_KEPT_CHARS),
        room: TEXT_KEPT_CHARS,
        spaced: false,
    };
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (c, taken) = match byte {
            b'<' => {
                quote.spaced |= is_block_tag(&html[at..]);
                // A tag without its `>` ends the text.
                let Some(close) = memchr(b'>', &bytes[at..]) else {
                    break;
                };
                at += close + 1;
                continue;
            }
            b'&' => entity(&html[at + 1..]).map_or(('&', 1), |(c, n)| (c, 1 + n)),
            _ if may_end_run(bytes, at) => decoded(&html[at..]),
            _ => {
                let (end, chars) = plain_run(bytes, at);
                if !quote.push_run(&html[at..end], chars) {
                    break;
                }
                at = end;
                continue;
            }
        };
        at += taken;
        if c.is_whitespace() {
            quote.spaced = true;
        } else if !quote.push_char(c) {
            break;
        }
    }
    quote.text
}

/// Where the run of plain text from `at` ends, and how many characters it holds: up to a tag,
/// an entity or what may be a space, but for single ASCII spaces between its words, which
/// are kept as they are ([`RunMasks`]). It ends before an ASCII byte or a first byte, so on a
/// character's edge. Read a block at a time: a run is most of a sentence.
fn plain_run(bytes: &[u8], at: usize) -> (usize, usize) {
    let (mut end, mut chars) = (at, 0);
    let mut spare = [0; BLOCK + 1];
    loop {
        // Past the end of the text, as if a tag followed: a last space is not kept.
        let masks = RunMasks::of(block_at(bytes, end, b'<', &mut spare));
        let run = masks.ends.trailing_zeros() as usize;
        chars += run - (masks.following & first_bytes_bits(run)).count_ones() as usize;
        end += run;
        if run < BLOCK {
            return (end, chars);
        }
    }
}

/// The first character of `text`, and its length.
fn decoded(text: &str) -> (char, usize) {
    let c = text.chars().next().unwrap_or_default();
    (c, c.len_utf8())
}

/// A quote as [`quote`] makes it.
struct Quote {
    text: String,
    /// The characters it may still take.
    room: usize,
    /// Whether a space (or a block's edge) stands between the text so far and the next.
    spaced: bool,
}

impl Quote {
    /// Adds a run of `chars` characters, none a space, or as many as there is room for; false
    /// once the quote is full.
    fn push_run(&mut self, run: &str, chars: usize) -> bool {
        if !self.begin_text() {
            return false;
        }
        if chars <= self.room {
            self.text.push_str(run);
            self.room -= chars;
            return true;
        }
        let end = run
            .char_indices()
            .nth(self.room)
            .map_or(run.len(), |(at, _)| at);
        self.text.push_str(&run[..end]);
        self.room = 0;
        false
    }

    /// Adds a character that is not a space; false, and nothing added, once the quote is full.
    fn push_char(&mut self, c: char) -> bool {
        if !self.begin_text() {
            return false;
        }
        self.text.push(c);
        self.room -= 1;
        true
    }

    /// Puts a space before the text that comes next, if one is due and there is room; false
    /// when the quote is full.
    fn begin_text(&mut self) -> bool {
        if self.spaced && !self.text.is_empty() && self.room > 0 {
            self.text.push(' ');
            self.room -= 1;
        }
        self.spaced = false;
        self.room > 0
    }
}

fn push_decoded(text: &mut String, html: &str) {
    let mut rest = html;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match entity(after) {
            Some((c, taken)) => {
                text.push(c);
                rest = &after[taken..];
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
        assert_eq!(quote(html), "Đại Nội A & B <3 – ệ");
        assert_eq!(quote("Huế, sông Hương "), "Huế, sông Hương");
        let mut scratch = String::new();
        let mut runs = Vec::new();
        each_text_run(
            "a &unknown; &amp; <b>b &amp; c</b><br>d<i",
            &mut scratch,
            |run| runs.push(run.to_string()),
        );
        assert_eq!(runs, ["a &unknown; & ", "b & c", "d"]);
        // Tags within a line add no space; blocks and spaces written around tags give one.
        let html = "<h2>Lợi thế</h2>\n<p><strong>Cảng biển</strong>: Chân Mây, <em>UNESCO</em> \
                    <a href=\"/\">công nhận</a>.</p><ul><li>Huế</li><li>Đà<br>Nẵng</li></ul>";
        assert_eq!(
            quote(html),
            "Lợi thế Cảng biển: Chân Mây, UNESCO công nhận. Huế Đà Nẵng"
        );
        let long = "  một   hai\n\nba ".repeat(200);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), TEXT_KEPT_CHARS);
        assert!(quoted.starts_with("một hai ba một") && !quoted.contains("  "));
    }

    /// A word met three times, in the title and the body, is one posting with both fields and
    /// its first position; the heading's positions follow the title's after a gap.
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
        let mut scratch = Scratch::default();
        let analysis = source.analyse(&mut lexicon, &mut scratch);
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
                ("hue", TITLE | BODY, &[0][..]),
                ("lich", HEADING, &[1 + FIELD_GAP][..]),
                ("su", HEADING, &[2 + FIELD_GAP][..]),
                ("va", BODY, &[body_start + 2][..]),
            ]
        );
        assert_eq!(analysis.quote, "Huế, huế và Huế.");
        assert!(scratch.slots.iter().all(|slot| *slot == u32::MAX));
    }

    proptest::proptest! {
        /// Filing [`WORDS_AT_ONCE`] words at a time files what reading the words one by one
        /// gives: one posting a variant, in the order the words first appear, with every field
        /// that holds it and its first position; for titles and bodies of any number of words,
        /// short of one batch, across several, and spellings that share a variant.
        #[test]
        fn a_document_files_each_word_where_it_first_stands(
            title in "(Huế|huế|hue|sông|Hương| ){0,40}",
            body in "(Huế|HUẾ|hoà|hòa|sông|Hương|núi|Ngự|Đại|Nội|và| |, |<em>|</em>|</p><p>){0,300}",
        ) {
            let body = Arc::new(RenderedMarkdown {
                html: format!("<p>{body}</p>"),
                ..RenderedMarkdown::default()
            });
            let hue = Source::titled_hue(&body);
            let entry = Entry { title: &title, ..hue.entry };
            let source = Source { entry, ..hue };
            let mut lexicon = Lexicon::new("vi");
            let analysis = source.analyse(&mut lexicon, &mut Scratch::default());
            let filed: Vec<(u32, u8, u32)> = (analysis.postings.iter())
                .map(|p| (p.variant, p.fields, p.positions()[0]))
                .collect();
            // One word at a time: the title, then the body after the gaps that stand for the
            // headings and the description (this page has neither).
            let mut expected: Vec<(u32, u8, u32)> = Vec::new();
            let fields_and_starts = [
                (words(&title).collect::<Vec<_>>(), TITLE, 0),
                (words_of_html(&body.html).collect(), BODY, 3 * FIELD_GAP),
            ];
            let mut position = 0;
            for (field_words, field, gap) in fields_and_starts {
                position += gap;
                for word in field_words {
                    let variant = lexicon.variant_of(word, word);
                    match expected.iter_mut().find(|(v, _, _)| *v == variant) {
                        Some((_, fields, _)) => *fields |= field,
                        None => expected.push((variant, field, position)),
                    }
                    position += 1;
                }
            }
            proptest::prop_assert_eq!(filed, expected);
        }
    }

    /// What a document files does not depend on the documents analysed before it in the same
    /// scratch space, whose postings are overwritten, not cleared.
    #[test]
    fn a_document_files_the_same_after_others() {
        let page = |html: &str| {
            Arc::new(RenderedMarkdown {
                html: html.to_string(),
                ..RenderedMarkdown::default()
            })
        };
        let first = page("<p>sông Hương sông Hương sông núi Ngự Bình, Huế Huế</p>");
        let second = page("<p>núi Ngự, sông Hương; Huế</p>");
        let filed = |analysis: &Analysis| -> Vec<(u32, u8, Vec<u32>)> {
            (analysis.postings.iter())
                .map(|p| (p.variant, p.fields, p.positions().to_vec()))
                .collect()
        };
        let mut lexicon = Lexicon::new("vi");
        let mut scratch = Scratch::default();
        Source::titled_hue(&first).analyse(&mut lexicon, &mut scratch);
        let after = Source::titled_hue(&second).analyse(&mut lexicon, &mut scratch);
        let alone = Source::titled_hue(&second).analyse(&mut lexicon, &mut Scratch::default());
        assert_eq!(filed(&after), filed(&alone));
        assert_eq!(after.postings.len(), 5);
    }

    /// The text of `html` as a reader sees it, for [`quote`] to agree with: tags out, a block's as
    /// a space, entities read, every run of spaces one space; its first characters.
    fn text_on_one_line(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            push_decoded(&mut text, &rest[..open]);
            let tag = &rest[open..];
            if is_block_tag(tag) {
                text.push(' ');
            }
            rest = tag.find('>').map_or("", |close| &tag[close + 1..]);
        }
        push_decoded(&mut text, rest);
        let words: Vec<&str> = text.split_whitespace().collect();
        words.join(" ").chars().take(TEXT_KEPT_CHARS).collect()
    }

    proptest::proptest! {
        /// A quote is the start of the text on one line, whatever its spaces (of one byte or
        /// three, written or as entities), tags, letters and length, and however it ends: the
        /// ending is drawn on its own, as random text rarely ends in a word and one space. A
        /// sentence of single spaces makes runs longer than a block of the classes.
        #[test]
        fn a_quote_is_the_start_of_the_text_on_one_line(
            html in "([aăđếệ1 .,\t\n\x0b\u{a0}\u{1680}\u{1681}\u{2003}\u{3000}–]|Huế|Đại Nội|&nbsp;|&#x2003;|&amp;|&lt;|&#x1EC7;|&bogus;|<p>|</p>|<br>|<em>|</em>|<a href=\"x\">|<li|\u{1d11e}|Lăng Tự Đức nằm giữa rừng thông bên bờ sông Hương, không xa kinh thành){0,500}",
            ending in "(|a|a |a  |ế |\u{a0})",
        ) {
            let html = format!("{html}{ending}");
            proptest::prop_assert_eq!(quote(&html), text_on_one_line(&html));
        }

        /// The words read off a body's HTML (tags and entities masked) are the words of its
        /// text runs with their entities decoded, the way taken when an entity names a letter;
        /// where one does, the words read before it stops are the first of those.
        #[test]
        fn the_words_of_html_are_the_words_of_its_text(
            html in "([aăđếb ,.<>/&;#x0-9]|&amp;|&nbsp;|&#x1EC7;|&#8211;|&lt;|&bogus;|<p>|</em>|<a href=\"x&amp;y\">|Huế){0,80}"
        ) {
            let mut text = String::new();
            let mut by_runs: Vec<String> = Vec::new();
            each_text_run(&html, &mut text, |run| {
                by_runs.extend(words(run).map(String::from));
            });
            let mut masked = words_of_html(&html);
            let read: Vec<String> = masked.by_ref().map(String::from).collect();
            if masked.met_letter_entity() {
                proptest::prop_assert!(html.contains("&#x1EC7;"));
                proptest::prop_assert!(by_runs.starts_with(&read), "{:?} {:?}", read, by_runs);
            } else {
                proptest::prop_assert_eq!(read, by_runs);
            }
        }

        /// A body with an entity that stands for a letter, after words enough to be filed
        /// before it is met, files what the same body with the letter written files.
        #[test]
        fn a_letter_written_as_an_entity_files_as_the_letter(
            before in "(Huế|sông|Hương|và|<em>|</em>| ){0,60}",
            after in "(núi|Ngự|Việt| |</p><p>){0,10}",
        ) {
            let analyse = |body: &str| {
                let body = Arc::new(RenderedMarkdown {
                    html: format!("<p>{before} Vi{body}t Nam {after}</p>"),
                    ..RenderedMarkdown::default()
                });
                let mut lexicon = Lexicon::new("vi");
                let analysis = Source::titled_hue(&body).analyse(&mut lexicon, &mut Scratch::default());
                let filed: Vec<(String, u8, u32)> = (analysis.postings.iter())
                    .map(|p| {
                        let exact = lexicon.forms[p.variant as usize].exact.to_string();
                        (exact, p.fields, p.positions()[0])
                    })
                    .collect();
                (filed, analysis.quote)
            };
            proptest::prop_assert_eq!(analyse("&#x1EC7;"), analyse("ệ"));
        }
    }
}
