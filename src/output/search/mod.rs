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
//!
//! Each document is analysed on its own (`document`), its words looked up in the language's
//! `lexicon`; `postings` gathers the postings by word, and `terms` writes the terms files.
//! `serve` keeps a [`SearchCache`]: a document whose text did not change is not analysed again,
//! a language whose documents did not change keeps its files, the postings are edited where a
//! few documents changed rather than filed again, and the JSON pieces that did not change are
//! taken again (`kept`).

mod document;
mod kept;
mod lexicon;
mod postings;
mod terms;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use xxhash_rust::xxh3::Xxh3Default;

use crate::artifact::{Artifact, Sink, through};
use crate::load::front_matter::Date;
use crate::markdown::Bodies;
use crate::markdown::html::RenderedMarkdown;
use crate::model::Site;
use crate::output::search::document::{Analysis, Source};
use crate::output::search::kept::KeptJson;
use crate::output::search::lexicon::Lexicon;
use crate::output::search::postings::Postings;
use crate::output::search::terms::{KeptTerms, file_name, terms_files};
use crate::render::search_page::index_url;

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
type KeptFiling = (
    Postings,
    Vec<String>,
    Option<HashSet<u32>>,
    HashMap<u64, Arc<Analysis>>,
);

/// What `serve` keeps of each language's index from one rebuild to the next.
#[derive(Default)]
pub struct SearchCache {
    languages: HashMap<String, LanguageState>,
}

/// One language's words, and with a cache, what it keeps.
struct LanguageState {
    lexicon: Lexicon,
    /// Scratch space for `Source::analyse`.
    slots: Vec<u32>,
    /// By `Source::key`.
    analyses: HashMap<u64, Arc<Analysis>>,
    /// The hash of each body (`Source::body_hash`), by the body's address. Each entry holds
    /// its body, so no other body can take that address while the entry stands: `serve`
    /// reuses the bodies of unchanged files, and their hashes are not computed again.
    body_hashes: HashMap<usize, (Arc<RenderedMarkdown>, u64)>,
    /// The last run's documents' keys, by number, and the postings it filed.
    filed: Option<(Vec<u64>, Postings)>,
    /// The terms files' JSON.
    terms: KeptTerms,
    /// The JSON of the documents files.
    docs: KeptJson,
    /// The length of each variant's postings list in the last run.
    list_lengths: Vec<usize>,
    /// The files last made, under the hash of everything they show.
    files: Option<(u64, Vec<Artifact>)>,
}

/// The index of every language, each file through `sink` as soon as it is made; `cache`
/// (`serve`'s, which has no sink) is used and refilled.
pub fn render_search_indexes(
    site: &Site,
    bodies: &Bodies,
    mut cache: Option<&mut SearchCache>,
    sink: Sink,
) -> Vec<Artifact> {
    let keep = cache.is_some();
    let mut states: Vec<(&str, LanguageState)> = site
        .config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let kept = cache.as_mut().and_then(|c| c.languages.remove(lang));
            (lang, kept.unwrap_or_else(|| LanguageState::new(lang)))
        })
        .collect();
    let artifacts = states
        .par_iter_mut()
        .flat_map_iter(|(lang, state)| state.index(&sources(site, bodies, lang), lang, keep, sink))
        .collect();
    if let Some(cache) = cache {
        cache.languages = states
            .into_iter()
            .map(|(lang, state)| (lang.to_string(), state))
            .collect();
    }
    artifacts
}

/// The pages and sections of `lang` that are indexed, in the order of their numbers.
fn sources<'a>(site: &'a Site, bodies: &'a Bodies, lang: &str) -> Vec<Source<'a>> {
    let mut sources = Vec::new();
    for id in site.pages_in(lang) {
        let page = site.page(id);
        sources.push(Source {
            url: &page.url,
            title: &page.title,
            section: &site.sections[page.section].title,
            date: page.front.date,
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
        sources.push(Source {
            url: &section.url,
            title: &section.title,
            section: parent,
            date: None,
            description: section.front.description.as_deref().unwrap_or(""),
            extra: &section.front.extra,
            body: &bodies.sections[id],
        });
    }
    sources.retain(Source::indexed);
    sources
}

impl LanguageState {
    fn new(lang: &str) -> LanguageState {
        LanguageState {
            lexicon: Lexicon::new(lang),
            slots: Vec::new(),
            analyses: HashMap::new(),
            body_hashes: HashMap::new(),
            filed: None,
            terms: KeptTerms::default(),
            docs: KeptJson::default(),
            list_lengths: Vec::new(),
            files: None,
        }
    }

    /// The files of the language's index. With `keep`, the analyses and the files are kept
    /// for the next run, and taken from the last one where nothing they show changed.
    fn index(&mut self, sources: &[Source], lang: &str, keep: bool, sink: Sink) -> Vec<Artifact> {
        let keys: Vec<u64> = if keep { self.keys(sources) } else { Vec::new() };
        let signature = keep.then(|| {
            let mut hasher = Xxh3Default::new();
            for (source, key) in sources.iter().zip(&keys) {
                let date = source.date.map(Date::as_written);
                let shown = (source.url, source.title, source.section, date);
                (shown, source.description, key).hash(&mut hasher);
            }
            hasher.finish()
        });
        if let (Some(signature), Some((kept, files))) = (signature, &self.files)
            && signature == *kept
        {
            return files.clone();
        }

        let (mut postings, quotes, changed, analyses) = if keep {
            self.file_kept(sources, &keys)
        } else {
            let (postings, quotes) = self.file_every_document(sources);
            (postings, quotes, None, HashMap::new())
        };
        let shown: Vec<Shown> = sources
            .iter()
            .zip(&quotes)
            .map(|(source, quote)| {
                let (url, title, section) = (source.url, source.title, source.section);
                let date = source.date.map(Date::ymd).unwrap_or_default();
                Shown(url, title, section, date, source.description, quote)
            })
            .collect();
        if keep {
            self.list_lengths = postings.lengths();
        }
        let terms = keep.then_some((&mut self.terms, changed.as_ref()));
        let url = index_url(lang);
        let folder = url.trim_start_matches('/');
        let origin = format!("(search index, {lang})");
        let mut files = Vec::new();
        let mut term_keys = Vec::new();
        // Each terms file goes through the sink (is written, in `build`) as soon as it is made.
        let lists = postings.lists_mut();
        let split = terms_files(lists, &self.lexicon, terms, &mut |key, bytes| {
            let path = format!("{folder}terms/{}.json", file_name(&key));
            files.push(through(sink, Artifact::shared(path, origin.clone(), bytes)));
            term_keys.push(key);
        });
        let docs = keep.then_some(&mut self.docs);
        let others = index_files(lang, folder, &origin, &shown, &term_keys, split, docs);
        files.extend(others.into_iter().map(|artifact| through(sink, artifact)));
        // Files that went through a sink hold only their paths: a run with a sink keeps none.
        if let Some(signature) = signature.filter(|_| sink.is_none()) {
            self.analyses = analyses;
            self.filed = Some((keys, postings));
            self.files = Some((signature, files.clone()));
            self.forget_old_words(lang);
        }
        files
    }

    /// `build`'s filing: every document analysed and its postings filed, then dropped; only
    /// the quotes are kept.
    fn file_every_document(&mut self, sources: &[Source]) -> (Postings, Vec<String>) {
        let mut postings = Postings::with_room_for(&self.list_lengths);
        let mut quotes = Vec::with_capacity(sources.len());
        for (doc, source) in sources.iter().enumerate() {
            let analysis = source.analyse(&mut self.lexicon, &mut self.slots);
            postings.add(doc as u32, &analysis);
            quotes.push(analysis.quote);
        }
        (postings, quotes)
    }

    /// `serve`'s filing: a document whose key (`keys`, by number) is the last run's keeps its
    /// analysis. When few documents changed and the others kept their numbers, the last run's
    /// postings are edited where the changed ones stand, and the variants whose lists changed
    /// are returned; else every document is filed again. Returns the postings, the quotes,
    /// those variants, and the analyses by key.
    fn file_kept(&mut self, sources: &[Source], keys: &[u64]) -> KeptFiling {
        let analyses: Vec<Arc<Analysis>> = sources
            .iter()
            .zip(keys)
            .map(|(source, key)| match self.analyses.get(key) {
                Some(kept) => kept.clone(),
                None => Arc::new(source.analyse(&mut self.lexicon, &mut self.slots)),
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
            let mut changed = HashSet::new();
            for doc in changed_docs {
                let old = self.analyses.get(&last_keys[doc])?;
                postings.replace(doc as u32, old, &analyses[doc], &mut changed);
            }
            Some((postings, changed))
        });
        let (postings, changed) = match edited {
            Some((postings, changed)) => (postings, Some(changed)),
            None => {
                let mut postings = Postings::with_room_for(&self.list_lengths);
                for (doc, analysis) in analyses.iter().enumerate() {
                    postings.add(doc as u32, analysis);
                }
                (postings, None)
            }
        };
        let quotes = analyses.iter().map(|a| a.quote.clone()).collect();
        let by_key = keys.iter().copied().zip(analyses).collect();
        (postings, quotes, changed, by_key)
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

/// The documents files and `meta.json` of the index of `lang` in `folder`, whose terms files
/// have `keys`; with `kept` (`serve`), a documents file whose documents show the same is not
/// written again.
fn index_files(
    lang: &str,
    folder: &str,
    origin: &str,
    shown: &[Shown],
    keys: &[String],
    split: Vec<String>,
    mut kept: Option<&mut KeptJson>,
) -> Vec<Artifact> {
    let mut artifacts = Vec::new();
    for (number, chunk) in shown.chunks(DOCS_PER_FILE).enumerate() {
        let json = || serde_json::to_vec(chunk).unwrap_or_default();
        // A kept file is shared with the cache, not copied.
        let bytes = match kept.as_deref_mut() {
            Some(kept) => {
                let mut hasher = Xxh3Default::new();
                chunk.hash(&mut hasher);
                kept.get_or_make(hasher.finish(), json)
            }
            None => Arc::from(json()),
        };
        artifacts.push(Artifact::shared(
            format!("{folder}docs/{number}.json"),
            origin,
            bytes,
        ));
    }
    if let Some(kept) = kept {
        kept.finish_run();
    }
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
        origin,
        meta.to_string(),
    ));
    artifacts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::ArtifactContent;

    fn index_of(state: &mut LanguageState, text: &str, keep: bool) -> Vec<(String, Vec<u8>)> {
        let body = Arc::new(RenderedMarkdown {
            html: format!("<p>{text}</p>"),
            ..RenderedMarkdown::default()
        });
        contents(state.index(&[Source::titled_hue(&body)], "vi", keep, None))
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
        let first = contents(state.index(&[Source::titled_hue(&body)], "vi", true, None));
        assert_eq!(state.body_hashes.len(), 1);
        let renamed = || Source {
            title: "Kinh thành",
            ..Source::titled_hue(&body)
        };
        let kept = contents(state.index(&[renamed()], "vi", true, None));
        let clean = contents(LanguageState::new("vi").index(&[renamed()], "vi", false, None));
        assert_eq!(kept, clean);
        assert_ne!(kept, first);
        assert!(kept.iter().any(|(path, json)| path.ends_with("docs/0.json")
            && String::from_utf8_lossy(json).contains("Kinh thành")));
    }

    /// `serve` edits the kept postings where one document of several changed: the index is
    /// then what a clean run writes, after a word is added, after words are taken out, and
    /// after a document is added (which files every document again); a word the edits did not
    /// touch keeps its JSON from the run before.
    #[test]
    fn edited_postings_write_what_a_clean_run_writes() {
        let texts = ["Đại Nội và sông Hương", "Ngọ Môn, cửa chính", "lăng Tự Đức"];
        let bodies = |texts: &[&str]| -> Vec<Arc<RenderedMarkdown>> {
            texts
                .iter()
                .map(|text| {
                    Arc::new(RenderedMarkdown {
                        html: format!("<p>{text}</p>"),
                        ..RenderedMarkdown::default()
                    })
                })
                .collect()
        };
        let index = |state: &mut LanguageState, bodies: &[Arc<RenderedMarkdown>], keep| {
            let sources: Vec<Source> = bodies.iter().map(Source::titled_hue).collect();
            contents(state.index(&sources, "vi", keep, None))
        };
        let entry = |state: &LanguageState, folded: &str| state.terms.entries[folded].1.clone();
        let mut state = LanguageState::new("vi");
        let mut current = bodies(&texts);
        index(&mut state, &current, true);
        let untouched = entry(&state, "lang");
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
            let kept = index(&mut state, &current, true);
            let clean = index(&mut LanguageState::new("vi"), &current, false);
            assert_eq!(kept, clean, "after {texts:?}");
            if texts.len() == 3 {
                assert!(Arc::ptr_eq(&untouched, &entry(&state, "lang")));
            }
        }
    }

    /// A document that once held thousands of words, then a few: the kept lexicon is dropped,
    /// and the index stays what a clean run writes.
    #[test]
    fn a_lexicon_of_mostly_old_words_is_started_again() {
        let many: Vec<String> = (0..2 * OLD_WORDS_KEPT).map(|n| format!("w{n}")).collect();
        let mut state = LanguageState::new("vi");
        index_of(&mut state, &many.join(" "), true);
        assert!(state.lexicon.forms.len() > 2 * OLD_WORDS_KEPT);
        let kept = index_of(&mut state, "Đại Nội", true);
        assert!(state.lexicon.forms.is_empty() && state.analyses.is_empty());
        assert_eq!(
            kept,
            index_of(&mut LanguageState::new("vi"), "Đại Nội", false)
        );
        assert_eq!(kept, index_of(&mut state, "Đại Nội", true));
    }
}
