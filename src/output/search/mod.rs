//! The static search index of each language, under `/search-index/LANG/`, read by the search
//! page's script (`themes/default/static/search.js`). It is split so that a query fetches a
//! small part of it:
//! - `meta.json`: the format's version, the number of documents, how many share a documents
//!   file, the keys of the terms files, and which keys are split into longer ones;
//! - `terms/t_KEY.bin`: the words whose folded form starts with KEY (its first two characters,
//!   or more where two would make a large file), each folded form with its exact forms and,
//!   for each, the documents that hold it: the step from the document before, the fields and
//!   the first position (binary: the format is in `terms`);
//! - `docs/N.json`: what a result shows (URL, title, section, date, description, the start of
//!   the text), [`DOCS_PER_FILE`] documents a file.
//!
//! Words are compared as `text::fold` says. Pages and sections (with an `_index` of their own
//! in the language) are indexed by their own content (title, headings, description, body),
//! never the theme's navigation; stand-ins of untranslated pages are left out (their text is in
//! the original's language, indexed there), and so is anything with `search = false` in its
//! `[extra]`.
//!
//! Each document is analysed on its own (`document`), its words looked up in the language's
//! `lexicon`; `postings` gathers the postings by word, and `terms` writes the terms files.
//! `build` files each document as soon as its body is made ([`IndexFiler`]), and makes the
//! files once every document is filed ([`FiledIndex`]). `serve` keeps a
//! [`SearchCache`]: a document whose text did not change is not analysed again, a language
//! whose documents did not change keeps its files, the postings are edited where a few
//! documents changed rather than filed again, and the files that did not change are taken
//! again (`kept`).

mod document;
mod kept;
mod lexicon;
mod postings;
mod terms;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use xxhash_rust::xxh3::Xxh3Default;

use crate::artifact::{Artifact, Sink, through};
use crate::diagnostic::Diagnostic;
use crate::load::front_matter::Date;
use crate::markdown::Bodies;
use crate::markdown::html::RenderedMarkdown;
use crate::model::Site;
use crate::model::page::Item;
use crate::output::search::document::{Analysis, Entry, SEARCH_KEY, Scratch, Source};
use crate::output::search::kept::KeptBytes;
use crate::output::search::lexicon::Lexicon;
use crate::output::search::postings::Postings;
use crate::output::search::terms::{file_name, terms_files};
use crate::render::search_page::index_url;

/// The format of the index's files, `version` in its `meta.json` (the terms files were JSON in
/// version 1). The default theme's page asks for `search.js` by the hash of its bytes
/// (`asset_url`), so a browser that kept the script of an older format fetches the new one.
const INDEX_VERSION: u32 = 2;

/// Documents per `docs/N.json`: a page of ten results fetches at most ten of these.
pub const DOCS_PER_FILE: usize = 10;

/// How many words that no document holds any more a kept lexicon may carry beyond twice the
/// words in use, before `serve` starts a fresh one (see [`LanguageState::forget_old_words`]).
const OLD_WORDS_KEPT: usize = 4096;

/// One indexed document, as a result shows it.
#[derive(Serialize, Hash)]
struct Shown<'a>(&'a str, &'a str, &'a str, String, &'a str, &'a str);

/// `serve` edits the last run's postings when at most one document in this many changed (and
/// at least one may); past that, filing every document again is as quick.
const EDITED_AT_MOST_ONE_IN: usize = 8;

/// What [`LanguageState::file_kept`] returns.
type KeptFiling = (Postings, Vec<String>, HashMap<u64, Arc<Analysis>>);

/// What `serve` keeps of each language's index from one rebuild to the next.
#[derive(Default)]
pub struct SearchCache {
    languages: HashMap<String, LanguageState>,
}

/// One language's words, and with a cache, what it keeps.
struct LanguageState {
    lexicon: Lexicon,
    scratch: Scratch,
    /// By `Source::key`.
    analyses: HashMap<u64, Arc<Analysis>>,
    /// The hash of each body (`Source::body_hash`), by the body's address. Each entry holds
    /// its body, so no other body can take that address while the entry stands: `serve`
    /// reuses the bodies of unchanged files, and their hashes are not computed again.
    body_hashes: HashMap<usize, (Arc<RenderedMarkdown>, u64)>,
    /// The last run's documents' keys, by number, and the postings it filed.
    filed: Option<(Vec<u64>, Postings)>,
    /// The terms files.
    terms: KeptBytes,
    /// The documents files.
    docs: KeptBytes,
    /// The length of each variant's postings list in the last run.
    list_lengths: Vec<usize>,
    /// The files last made, under the hash of everything they show.
    files: Option<(u64, Vec<Artifact>)>,
}

/// `serve`'s index of every language, made with what `cache` kept from the last run; `cache`
/// is refilled. (`build` files its index with an [`IndexFiler`] per language.)
pub fn render_search_indexes(
    site: &Site,
    bodies: &Bodies,
    cache: &mut SearchCache,
) -> Vec<Artifact> {
    let mut states: Vec<(&str, LanguageState)> = site
        .config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let kept = cache.languages.remove(lang);
            (lang, kept.unwrap_or_else(|| LanguageState::new(lang)))
        })
        .collect();
    let artifacts = states
        .par_iter_mut()
        .flat_map_iter(|(lang, state)| state.index(&sources(site, bodies, lang), lang))
        .collect();
    cache.languages = states
        .into_iter()
        .map(|(lang, state)| (lang.to_string(), state))
        .collect();
    artifacts
}

/// A warning for each page or section whose `[extra]` gives `search` a value other than
/// `true` or `false` (`search = "no"`): such a page stays in the index, which its editor
/// meant otherwise, most likely.
pub fn search_setting_problems(site: &Site) -> Vec<Diagnostic> {
    let pages = site
        .pages()
        .iter()
        .map(|page| (&page.file, &page.front.extra));
    let sections = (site.sections.iter())
        .filter_map(|section| Some((section.file.as_ref()?, &section.front.extra)));
    pages
        .chain(sections)
        .filter_map(|(file, extra)| {
            let value = extra.get(SEARCH_KEY).filter(|value| !value.is_boolean())?;
            let span = file.span_of(&format!("extra.{SEARCH_KEY}"));
            Some(
                Diagnostic::warning(format!(
                    "`{SEARCH_KEY}` takes true or false, not {value}: this page stays in the search index"
                ))
                .at(&file.source, span)
                .with_help(
                    "set it to false, without quotes, to keep the page out of search; or remove the line",
                ),
            )
        })
        .collect()
}

/// The pages and sections of `lang` that are indexed, in the order of their numbers.
fn sources<'a>(site: &'a Site, bodies: &'a Bodies, lang: &str) -> Vec<Source<'a>> {
    let pages = site
        .pages_in(lang)
        .map(|id| (Item::Page(id), &bodies.pages[id]));
    let sections = (0..site.sections.len())
        .filter(|id| site.sections[*id].lang == lang)
        .map(|id| (Item::Section(id), &bodies.sections[id]));
    pages
        .chain(sections)
        .filter_map(|(item, body)| {
            let entry = entry(site, item).filter(Entry::indexed)?;
            Some(Source { entry, body })
        })
        .collect()
}

/// What the index reads of a page or section besides its body; `None` for a section with no
/// `_index` of its own in its language. A section is found by its own text, under its parent.
fn entry(site: &Site, item: Item) -> Option<Entry<'_>> {
    match item {
        Item::Page(id) => {
            let page = site.page(id);
            Some(Entry {
                url: &page.url,
                title: &page.title,
                section: &site.sections[page.section].title,
                date: page.front.date,
                description: page.front.description.as_deref().unwrap_or(""),
                extra: &page.front.extra,
            })
        }
        Item::Section(id) => {
            let section = &site.sections[id];
            section.file.as_ref()?;
            let parent = section
                .parent
                .map_or("", |parent| site.sections[parent].title.as_str());
            Some(Entry {
                url: &section.url,
                title: &section.title,
                section: parent,
                date: None,
                description: section.front.description.as_deref().unwrap_or(""),
                extra: &section.front.extra,
            })
        }
    }
}

impl<'a> Entry<'a> {
    /// What a result shows of the document, quoting `quote` of its text.
    fn shown(&self, quote: &'a str) -> Shown<'a> {
        let date = self.date.map(Date::ymd).unwrap_or_default();
        Shown(
            self.url,
            self.title,
            self.section,
            date,
            self.description,
            quote,
        )
    }
}

/// `build`'s index of one language, filed one document at a time, in the order of their
/// numbers, as `build`'s page pass makes their bodies: each document is analysed, its postings
/// filed and its analysis dropped, so that no body waits for the index. Only its quote is
/// kept, for the documents files.
pub struct IndexFiler<'a> {
    lang: &'a str,
    state: LanguageState,
    postings: Postings,
    /// Each document filed, with its quote, by number.
    shown: Vec<(Item, Box<str>)>,
}

impl<'a> IndexFiler<'a> {
    /// An index of `lang` with no document yet.
    pub fn new(lang: &'a str) -> Self {
        IndexFiler {
            lang,
            state: LanguageState::new(lang),
            postings: Postings::with_room_for(&[]),
            shown: Vec::new(),
        }
    }

    pub fn lang(&self) -> &str {
        self.lang
    }

    /// Files `item`, a page or section of this filer's language, with its body; unless it is
    /// left out of the index (a stand-in, `search = false`, a section without its own text).
    pub fn file(&mut self, site: &Site, item: Item, body: &Arc<RenderedMarkdown>) {
        let stand_in = matches!(item, Item::Page(id) if site.page(id).stand_in);
        if let Some(entry) = entry(site, item).filter(|e| e.indexed() && !stand_in) {
            self.add(item, entry, body);
        }
    }

    /// Files `item`, the next document, which shows `entry`.
    fn add(&mut self, item: Item, entry: Entry, body: &Arc<RenderedMarkdown>) {
        let source = Source { entry, body };
        let scratch = &mut self.state.scratch;
        let quote = source.file_postings(&mut self.state.lexicon, scratch);
        self.postings.add(self.shown.len() as u32, scratch.filed());
        scratch.clear();
        self.shown.push((item, quote.into_boxed_str()));
    }

    /// The language's index once every document is filed, its files still to make.
    pub fn filed(self) -> FiledIndex {
        FiledIndex {
            lang: self.lang.to_string(),
            state: self.state,
            postings: self.postings,
            shown: self.shown,
        }
    }
}

/// A language's index with every document filed, its files still to make. `build` makes them
/// while the site is checked and its other outputs made, which keep one core busy and leave
/// the other idle.
pub struct FiledIndex {
    lang: String,
    state: LanguageState,
    postings: Postings,
    shown: Vec<(Item, Box<str>)>,
}

impl FiledIndex {
    /// The language's index files, through `sink`: the documents files, then the terms files
    /// and `meta.json`.
    pub fn finish(self, site: &Site, sink: Sink) -> Vec<Artifact> {
        self.files(|item| entry(site, item), sink)
    }

    /// [`FiledIndex::finish`], with the entry of each document filed from `entry_of`. The
    /// documents files are made in parallel with the terms files, a few at a time, so that
    /// a core that comes free helps.
    fn files<'a>(
        self,
        entry_of: impl Fn(Item) -> Option<Entry<'a>> + Sync,
        sink: Sink,
    ) -> Vec<Artifact> {
        let FiledIndex {
            lang,
            mut state,
            mut postings,
            shown,
        } = self;
        let (folder, origin) = index_folder(&lang);
        let (mut files, terms) = rayon::join(
            || {
                (shown.par_chunks(DOCS_PER_FILE).enumerate())
                    .map(|(number, docs)| {
                        // Every document filed has its entry.
                        let shown: Vec<Shown> = (docs.iter())
                            .filter_map(|(item, quote)| Some(entry_of(*item)?.shown(quote)))
                            .collect();
                        through(sink, docs_file(&folder, &origin, number, &shown, None))
                    })
                    .collect::<Vec<_>>()
            },
            || state.terms_and_meta(&lang, &mut postings, shown.len(), false, sink),
        );
        files.extend(terms);
        files
    }
}

/// The folder of the index of `lang` (below the output folder), and the origin its files name.
fn index_folder(lang: &str) -> (String, String) {
    let url = index_url(lang);
    let folder = url.trim_start_matches('/').to_string();
    (folder, format!("(search index, {lang})"))
}

impl LanguageState {
    fn new(lang: &str) -> LanguageState {
        LanguageState {
            lexicon: Lexicon::new(lang),
            scratch: Scratch::default(),
            analyses: HashMap::new(),
            body_hashes: HashMap::new(),
            filed: None,
            terms: KeptBytes::default(),
            docs: KeptBytes::default(),
            list_lengths: Vec::new(),
            files: None,
        }
    }

    /// `serve`'s files of the language's index: the analyses and the files are kept for the
    /// next run, and taken from the last one where nothing they show changed.
    fn index(&mut self, sources: &[Source], lang: &str) -> Vec<Artifact> {
        let keys = self.keys(sources);
        let mut hasher = Xxh3Default::new();
        for (source, key) in sources.iter().zip(&keys) {
            let entry = &source.entry;
            let date = entry.date.map(Date::as_written);
            let shown = (entry.url, entry.title, entry.section, date);
            (shown, entry.description, key).hash(&mut hasher);
        }
        let signature = hasher.finish();
        if let Some((kept, files)) = &self.files
            && signature == *kept
        {
            return files.clone();
        }

        let (mut postings, quotes, analyses) = self.file_kept(sources, &keys);
        let shown: Vec<Shown> = (sources.iter())
            .zip(&quotes)
            .map(|(source, quote)| source.entry.shown(quote))
            .collect();
        self.list_lengths = postings.lengths();
        let (folder, origin) = index_folder(lang);
        let mut files: Vec<Artifact> = (shown.chunks(DOCS_PER_FILE).enumerate())
            .map(|(number, shown)| docs_file(&folder, &origin, number, shown, Some(&mut self.docs)))
            .collect();
        self.docs.finish_run();
        files.extend(self.terms_and_meta(lang, &mut postings, shown.len(), true, None));
        self.analyses = analyses;
        self.filed = Some((keys, postings));
        self.files = Some((signature, files.clone()));
        self.forget_old_words(lang);
        files
    }

    /// The terms files and `meta.json` of an index of `docs` documents, each through `sink`
    /// as soon as it is made. With `keep` (`serve`, which has no sink), the postings stay for
    /// the next run, and a terms file the last run wrote alike is taken from it.
    fn terms_and_meta(
        &mut self,
        lang: &str,
        postings: &mut Postings,
        docs: usize,
        keep: bool,
        sink: Sink,
    ) -> Vec<Artifact> {
        let (folder, origin) = index_folder(lang);
        let mut files = Vec::new();
        let mut term_keys = Vec::new();
        let kept = keep.then_some(&mut self.terms);
        let split = terms_files(
            postings.lists_mut(),
            &self.lexicon,
            kept,
            &mut |key, bytes| {
                let path = format!("{folder}terms/{}.bin", file_name(&key));
                files.push(through(sink, Artifact::shared(path, origin.clone(), bytes)));
                term_keys.push(key);
            },
        );
        let meta = meta_file(lang, &folder, &origin, docs, &term_keys, split);
        files.push(through(sink, meta));
        files
    }

    /// `serve`'s filing: a document whose key (`keys`, by number) is the last run's keeps its
    /// analysis. When few documents changed and the others kept their numbers, the last run's
    /// postings are edited where the changed ones stand; else every document is filed again.
    /// Returns the postings, the quotes, and the analyses by key.
    fn file_kept(&mut self, sources: &[Source], keys: &[u64]) -> KeptFiling {
        let analyses: Vec<Arc<Analysis>> = sources
            .iter()
            .zip(keys)
            .map(|(source, key)| match self.analyses.get(key) {
                Some(kept) => kept.clone(),
                None => Arc::new(source.analyse(&mut self.lexicon, &mut self.scratch)),
            })
            .collect();
        let edited = self.filed.take().and_then(|(last_keys, mut postings)| {
            if last_keys.len() != keys.len() {
                return None;
            }
            let changed_docs: Vec<usize> = (0..keys.len())
                .filter(|doc| last_keys[*doc] != keys[*doc])
                .collect();
            if changed_docs.len() > (keys.len() / EDITED_AT_MOST_ONE_IN).max(1) {
                return None;
            }
            for doc in changed_docs {
                let old = self.analyses.get(&last_keys[doc])?;
                postings.replace(doc as u32, old, &analyses[doc]);
            }
            Some(postings)
        });
        let postings = edited.unwrap_or_else(|| {
            let mut postings = Postings::with_room_for(&self.list_lengths);
            for (doc, analysis) in analyses.iter().enumerate() {
                postings.add(doc as u32, &analysis.postings);
            }
            postings
        });
        let quotes = analyses.iter().map(|a| a.quote.clone()).collect();
        let by_key = keys.iter().copied().zip(analyses).collect();
        (postings, quotes, by_key)
    }

    /// The key of each source ([`Source::key`]), its body's hash taken from the last run when
    /// it is the same body.
    fn keys(&mut self, sources: &[Source]) -> Vec<u64> {
        let mut body_hashes = HashMap::with_capacity(sources.len());
        let keys = sources
            .iter()
            .map(|source| {
                let address = Arc::as_ptr(source.body) as usize;
                let body_hash = match self.body_hashes.get(&address) {
                    Some((_, hash)) => *hash,
                    None => Source::body_hash(source.body),
                };
                body_hashes.insert(address, (source.body.clone(), body_hash));
                source.key(body_hash)
            })
            .collect();
        self.body_hashes = body_hashes;
        keys
    }

    /// The words of earlier versions of the documents keep their variants, since kept
    /// analyses name variants by number. When they outnumber the words in use (a long session
    /// of edits), everything but the files is dropped, and the next run analyses every
    /// document again with a fresh lexicon.
    fn forget_old_words(&mut self, lang: &str) {
        let in_use = self.list_lengths.iter().filter(|n| **n > 0).count();
        if self.lexicon.forms.len() > 2 * in_use + OLD_WORDS_KEPT {
            let files = self.files.take();
            *self = LanguageState::new(lang);
            self.files = files;
        }
    }
}

/// The documents file `number` of the index in `folder`, showing `shown`; with `kept`
/// (`serve`), the last run's file that showed the same is taken again.
fn docs_file(
    folder: &str,
    origin: &str,
    number: usize,
    shown: &[Shown],
    kept: Option<&mut KeptBytes>,
) -> Artifact {
    let json = || serde_json::to_vec(shown).unwrap_or_default();
    // A kept file is shared with the cache, not copied.
    let bytes = match kept {
        Some(kept) => {
            let mut hasher = Xxh3Default::new();
            shown.hash(&mut hasher);
            kept.get_or_make(hasher.finish(), json)
        }
        None => Arc::from(json()),
    };
    Artifact::shared(format!("{folder}docs/{number}.json"), origin, bytes)
}

/// `meta.json` of the index of `lang` in `folder`: `docs` documents, and terms files with
/// `keys`, of which `split` are split into longer ones.
fn meta_file(
    lang: &str,
    folder: &str,
    origin: &str,
    docs: usize,
    keys: &[String],
    split: Vec<String>,
) -> Artifact {
    let meta = json!({
        "version": INDEX_VERSION,
        "lang": lang,
        "docs": docs,
        "docsPerFile": DOCS_PER_FILE,
        "split": split,
        "keys": keys,
    });
    Artifact::bytes(format!("{folder}meta.json"), origin, meta.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::ArtifactContent;

    /// The body of a page that says `text`.
    fn page(text: &str) -> Arc<RenderedMarkdown> {
        Arc::new(RenderedMarkdown {
            html: format!("<p>{text}</p>"),
            ..RenderedMarkdown::default()
        })
    }

    /// `serve`'s index of a page that says `text`, made with what `state` kept.
    fn kept_index_of(state: &mut LanguageState, text: &str) -> Vec<(String, Vec<u8>)> {
        contents(state.index(&[Source::titled_hue(&page(text))], "vi"))
    }

    /// `build`'s index of `sources`.
    fn clean_index(sources: &[Source]) -> Vec<(String, Vec<u8>)> {
        let mut filer = IndexFiler::new("vi");
        for (id, source) in sources.iter().enumerate() {
            filer.add(Item::Page(id), source.entry, source.body);
        }
        let entry_of = |item| match item {
            Item::Page(id) => Some(sources[id].entry),
            Item::Section(_) => None,
        };
        contents(filer.filed().files(entry_of, None))
    }

    fn contents(artifacts: Vec<Artifact>) -> Vec<(String, Vec<u8>)> {
        artifacts
            .into_iter()
            .map(|artifact| match artifact.content {
                ArtifactContent::Bytes(bytes) => (artifact.path, bytes.to_vec()),
                _ => panic!("the index is made of bytes"),
            })
            .collect()
    }

    /// `build` makes its documents files in parallel once every document is filed: each
    /// holds ten documents in the order of their numbers (the numbers the terms files give),
    /// and the files are what `serve` makes of the same documents.
    #[test]
    fn the_documents_files_hold_ten_documents_each_in_their_order() {
        let bodies: Vec<Arc<RenderedMarkdown>> =
            (0..25).map(|n| page(&format!("trang {n}"))).collect();
        let urls: Vec<String> = (0..25).map(|n| format!("/trang-{n}/")).collect();
        let sources: Vec<Source> = (bodies.iter().zip(&urls))
            .map(|(body, url)| {
                let hue = Source::titled_hue(body);
                let entry = Entry { url, ..hue.entry };
                Source { entry, ..hue }
            })
            .collect();
        let built = clean_index(&sources);
        let docs_files: Vec<&(String, Vec<u8>)> = (built.iter())
            .filter(|(path, _)| path.contains("/docs/"))
            .collect();
        let paths: Vec<&str> = docs_files.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [0, 1, 2].map(|n| format!("search-index/vi/docs/{n}.json"))
        );
        let shown_urls: Vec<String> = (docs_files.iter())
            .flat_map(|(_, json)| {
                let rows: Vec<serde_json::Value> = serde_json::from_slice(json).unwrap();
                rows.into_iter()
                    .map(|row| row[0].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(shown_urls, urls);
        // `serve` makes the same files, terms files included.
        let mut state = LanguageState::new("vi");
        assert_eq!(built, contents(state.index(&sources, "vi")));
    }

    /// A body seen again (the same `Arc`, as `serve` passes an unchanged file's) keeps its hash,
    /// and the document's other fields still count: with a new title and the same body, the
    /// kept index is what a clean run writes, documents files included.
    #[test]
    fn a_kept_body_keeps_its_hash_and_a_new_title_still_counts() {
        let body = Arc::new(RenderedMarkdown {
            html: "<p>Đại Nội</p>".to_string(),
            ..RenderedMarkdown::default()
        });
        let mut state = LanguageState::new("vi");
        let first = contents(state.index(&[Source::titled_hue(&body)], "vi"));
        assert_eq!(state.body_hashes.len(), 1);
        let renamed = || {
            let hue = Source::titled_hue(&body);
            let entry = Entry {
                title: "Kinh thành",
                ..hue.entry
            };
            Source { entry, ..hue }
        };
        let kept = contents(state.index(&[renamed()], "vi"));
        let clean = clean_index(&[renamed()]);
        assert_eq!(kept, clean);
        assert_ne!(kept, first);
        assert!(kept.iter().any(|(path, json)| path.ends_with("docs/0.json")
            && String::from_utf8_lossy(json).contains("Kinh thành")));
    }

    /// `serve` edits the kept postings where one document of several changed: the index is
    /// then what a clean run writes, after a word is added, after words are taken out, and
    /// after a document is added (which files every document again); a terms file the edits
    /// did not touch is the run before's, the same bytes.
    #[test]
    fn edited_postings_write_what_a_clean_run_writes() {
        let texts = ["Đại Nội và sông Hương", "Ngọ Môn, cửa chính", "lăng Tự Đức"];
        let bodies = |texts: &[&str]| -> Vec<Arc<RenderedMarkdown>> {
            texts.iter().map(|text| page(text)).collect()
        };
        let index = |state: &mut LanguageState, bodies: &[Arc<RenderedMarkdown>]| {
            let sources: Vec<Source> = bodies.iter().map(Source::titled_hue).collect();
            state.index(&sources, "vi")
        };
        let clean = |bodies: &[Arc<RenderedMarkdown>]| {
            let sources: Vec<Source> = bodies.iter().map(Source::titled_hue).collect();
            clean_index(&sources)
        };
        // The terms file of `lăng`, which no edit below touches while there are three pages.
        let terms_la = |files: &[Artifact]| match &files
            .iter()
            .find(|file| file.path.ends_with("terms/t_la.bin"))
            .expect("`lăng` is filed")
            .content
        {
            ArtifactContent::Bytes(bytes) => bytes.clone(),
            _ => panic!("the index is made of bytes"),
        };
        let mut state = LanguageState::new("vi");
        let mut current = bodies(&texts);
        let untouched = terms_la(&index(&mut state, &current));
        let edits: [&[&str]; 3] = [
            &[
                "Đại Nội và sông Hương",
                "Ngọ Môn, cửa chính của Hoàng thành",
                "lăng Tự Đức",
            ],
            &["Đại Nội và sông Hương", "Ngọ Môn", "lăng Tự Đức"],
            &["Đại Nội", "Ngọ Môn", "lăng Tự Đức", "chùa Thiên Mụ"],
        ];
        for texts in edits {
            // Bodies that did not change are passed again as the same `Arc`s, as `serve` does.
            let next = bodies(texts);
            current = next
                .into_iter()
                .enumerate()
                .map(|(doc, body)| match current.get(doc) {
                    Some(kept) if kept.html == body.html => kept.clone(),
                    _ => body,
                })
                .collect();
            let kept = index(&mut state, &current);
            if texts.len() == 3 {
                assert!(Arc::ptr_eq(&untouched, &terms_la(&kept)));
            }
            assert_eq!(contents(kept), clean(&current), "after {texts:?}");
        }
    }

    /// A document that once held thousands of words, then a few: the kept lexicon is dropped,
    /// and the index stays what a clean run writes.
    #[test]
    fn a_lexicon_of_mostly_old_words_is_started_again() {
        let many: Vec<String> = (0..2 * OLD_WORDS_KEPT).map(|n| format!("w{n}")).collect();
        let mut state = LanguageState::new("vi");
        kept_index_of(&mut state, &many.join(" "));
        assert!(state.lexicon.forms.len() > 2 * OLD_WORDS_KEPT);
        let kept = kept_index_of(&mut state, "Đại Nội");
        assert!(state.lexicon.forms.is_empty() && state.analyses.is_empty());
        let body = page("Đại Nội");
        assert_eq!(kept, clean_index(&[Source::titled_hue(&body)]));
        assert_eq!(kept, kept_index_of(&mut state, "Đại Nội"));
    }
}
