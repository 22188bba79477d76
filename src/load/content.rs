//! Walks `content/` (and `static/` folders) and reads every file: Markdown becomes a
//! [`ContentFile`] with its language, its translation key and parsed front matter; everything
//! else is an [`AssetFile`] to be copied. Text is normalised here, once: BOM dropped, CRLF → LF,
//! NFC, so that no later stage sees two spellings of one word.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use rayon::prelude::*;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::load::front_matter::{
    PageFront, SectionFront, Split, parse_page_front, parse_section_front, split_front_matter,
};
use crate::text::slug::slugify;
use crate::text::{find_mojibake, fingerprint, position_of_byte};

/// Shared: a page's front matter is the file's until a translation inherits fields into it.
#[derive(Debug, Clone)]
pub enum Front {
    Page(Arc<PageFront>),
    Section(Arc<SectionFront>),
}

/// One Markdown file of `content/`.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Path shown to the user (`content/di-san/dai-noi.vi.md`) and the normalised text.
    pub source: SourceText,
    /// Path below `content/` with `/` separators: `di-san/dai-noi.vi.md`.
    pub rel: String,
    pub lang: String,
    /// `rel` without language suffix and extension: what translations share (`di-san/dai-noi`).
    pub key: String,
    /// The folder the file stands for: its section, or the bundle folder of a bundle page.
    pub dir: String,
    pub split: Split,
    pub front: Front,
    /// The first line that was not in Unicode NFC on disk (it is normalised in memory).
    pub non_nfc_line: Option<usize>,
    /// The first line that held control characters, and the first of them: removed in memory,
    /// since they make the feeds invalid XML and show as nothing or boxes.
    pub control_line: Option<(usize, char)>,
    /// Where the text looks like a legacy Vietnamese encoding, and which (see `text`).
    pub mojibake: Option<(Range<usize>, &'static str)>,
    /// The fingerprint of the title and body, which translations record: made when first asked
    /// for (see [`ContentFile::fingerprint`]).
    fingerprint: OnceLock<String>,
    /// A hash of the whole text (front matter included), by which `serve` tells that a file
    /// changed without comparing texts.
    pub digest: u64,
    /// The title without accents or case (its slug), to find titles typed twice (`check`).
    pub folded_title: String,
}

impl ContentFile {
    /// The Markdown body; empty once a run took the text out (see `model::markdown_text`).
    pub fn body(&self) -> &str {
        self.source
            .text
            .get(self.split.body.clone())
            .unwrap_or_default()
    }

    /// The text up to the body: the front matter and its fences, all the model reads.
    pub fn before_body(&self) -> &str {
        self.source
            .text
            .get(..self.split.body.start)
            .unwrap_or_default()
    }

    /// The fingerprint of the title and body, which translations record (`translated_from`).
    /// Only the originals of translations that record one need it: it is made on first use, or
    /// before a run takes the text out (`model::markdown_text::take_markdown`).
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            let title = match &self.front {
                Front::Page(front) => front.title.as_deref(),
                Front::Section(front) => front.title.as_deref(),
            };
            fingerprint(title.unwrap_or_default(), self.body())
        })
    }

    /// Where the front matter key `path` (`slug`, `taxonomies.tags`) is written, from the key
    /// to the end of its value; the opening fence when the key is not in the file.
    pub fn span_of(&self, path: &str) -> Range<usize> {
        let spans = match &self.front {
            Front::Page(front) => &front.spans,
            Front::Section(front) => &front.spans,
        };
        spans.get(path).unwrap_or_else(|| {
            let start = self.split.front_matter.start;
            start.saturating_sub(4)..start.saturating_sub(1)
        })
    }
}

/// A file that is copied as it is: bundle images, section PDFs, files of `static/`.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Path below the walked folder, `/`-separated.
    pub rel: String,
    /// The folder it belongs to (below the walked folder).
    pub dir: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Content {
    /// Shared: `serve` hands unchanged files from one run to the next without copying them.
    pub files: Vec<Arc<ContentFile>>,
    pub assets: Vec<AssetFile>,
}

/// Files read by an earlier run (`serve`), reused while their size and modification time are
/// unchanged. Reusing the same text (the same `Arc`) also lets later stages reuse their work.
#[derive(Default)]
pub struct LoadCache {
    /// By path below `content/`.
    files: HashMap<String, (Stamp, Arc<ContentFile>)>,
    /// Whether a watcher tells every change ([`LoadCache::told`]).
    watched: bool,
    /// The files the last walk found, when it found no problem.
    walked: Option<Found>,
    /// The paths the watcher has named since that walk; `None` when it lost track.
    changed_since: Option<BTreeSet<PathBuf>>,
}

/// Files found below a folder: `/`-separated relative path, path on disk.
type Found = Vec<(String, PathBuf)>;

/// A Markdown file read, or what is wrong with it.
type Loaded = Result<Arc<ContentFile>, Vec<Diagnostic>>;

/// A file's modification time and size.
pub(crate) type Stamp = (SystemTime, u64);

/// A file's stamp, taken before it is read, so that a save during the read makes the next run
/// read it again.
pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

impl LoadCache {
    fn get(&self, rel: &str, stamp: Option<Stamp>) -> Option<Arc<ContentFile>> {
        let (kept, file) = self.files.get(rel)?;
        (stamp? == *kept).then(|| file.clone())
    }

    /// From now on a watcher tells every change before each run (`serve`, whose watcher
    /// starts before its first build).
    pub fn watch(&mut self) {
        self.watched = true;
    }

    /// What the watcher saw before this run: the paths it named, or `None` when it lost track.
    /// Unless it lost track, the next run walks only these paths and leaves the other files
    /// unread: walking and taking the size and time of every file is most of a load.
    pub fn told(&mut self, paths: Option<&BTreeSet<PathBuf>>) {
        match (self.changed_since.as_mut(), paths) {
            (Some(changed), Some(paths)) => changed.extend(paths.iter().cloned()),
            _ => self.changed_since = None,
        }
    }

    /// The files of `content_dir` as a walk would find them, from the last walk and the paths
    /// changed since; `None` where only a walk can tell (a folder created, moved or become a
    /// link, a path that cannot be read).
    fn walk_again(&self, content_dir: &Path) -> Option<(Found, &BTreeSet<PathBuf>)> {
        let changed = self.changed_since.as_ref()?;
        let mut files: BTreeMap<PathBuf, String> = self
            .walked
            .as_ref()?
            .iter()
            .map(|(rel, path)| (path.clone(), rel.clone()))
            .collect();
        for path in changed {
            let Ok(relative) = path.strip_prefix(content_dir) else {
                continue;
            };
            let ignored = relative
                .components()
                .any(|part| is_ignored(&part.as_os_str().to_string_lossy()));
            if ignored || relative.as_os_str().is_empty() {
                continue;
            }
            match fs::symlink_metadata(path) {
                Ok(metadata) if metadata.is_file() => {
                    files.insert(path.clone(), relative_name(relative));
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    // A file, or a folder with everything in it.
                    files.retain(|file, _| !file.starts_with(path));
                }
                _ => return None,
            }
        }
        // `Path`s compare part by part, which is the order of a walk sorted by name.
        let files = files.into_iter().map(|(path, rel)| (rel, path)).collect();
        Some((files, changed))
    }
}

/// Reads the site's `content/` folder. For repeated runs (`serve`), unchanged files come from
/// `cache`; returns the next cache.
pub fn load_content(
    config: &Config,
    cache: Option<&LoadCache>,
) -> (Content, Diagnostics, LoadCache) {
    let content_dir = config.content_dir();
    let mut diagnostics = Diagnostics::default();
    let watched = cache.is_some_and(|cache| cache.watched);
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(format!(
                "there is no `content` folder in `{}`",
                config.root.display()
            ))
            .with_help("create content/_index.md, or run `huong init DIR` for a new site"),
        );
        let next = LoadCache {
            watched,
            ..LoadCache::default()
        };
        return (Content::default(), diagnostics, next);
    }
    let (entries, changed, clean_walk) = match cache.and_then(|c| c.walk_again(&content_dir)) {
        Some((entries, changed)) => (entries, Some(changed), true),
        None => {
            let (entries, walk_problems) = walk_files(&content_dir, &config.root);
            let clean = walk_problems.is_empty();
            diagnostics.extend(walk_problems);
            (entries, None, clean)
        }
    };
    let mut next = LoadCache {
        watched,
        walked: (watched && clean_walk).then(|| entries.clone()),
        changed_since: watched.then(BTreeSet::new),
        ..LoadCache::default()
    };

    let bundles: HashSet<String> = entries
        .iter()
        .filter(|(rel, _)| is_markdown(rel) && file_name(rel).starts_with("index."))
        .map(|(rel, _)| parent_dir(rel).to_string())
        .filter(|dir| !dir.is_empty())
        .collect();
    // The innermost bundle folder that holds `rel`: its ancestors, looked up from below.
    let in_bundle = |rel: &str| -> Option<String> {
        rel.rmatch_indices('/')
            .map(|(end, _)| &rel[..end])
            .find(|dir| bundles.contains(*dir))
            .map(str::to_string)
    };

    let mut content = Content::default();
    let mut markdown = Vec::new();
    for (rel, path) in entries {
        let bundle = in_bundle(&rel);
        if is_markdown(&rel) {
            let misplaced = bundle.as_deref().is_some_and(|bundle| {
                parent_dir(&rel) != bundle || !file_name(&rel).starts_with("index.")
            });
            if misplaced {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{rel}` is inside the page bundle `{}/`",
                        bundle.as_deref().unwrap_or_default()
                    ))
                    .in_file(display_path(&config.root, &path))
                    .with_help("a bundle folder holds one page (index.LANG.md) and its files; move this page out of it"),
                );
                continue;
            }
            markdown.push((rel, path));
        } else {
            let dir = bundle.unwrap_or_else(|| parent_dir(&rel).to_string());
            content.assets.push(AssetFile { rel, dir, path });
        }
    }

    let results = read_markdown(config, &markdown, cache, changed);
    for (stamp, result) in results {
        match result {
            Ok(file) => {
                if let Some(stamp) = stamp {
                    next.files.insert(file.rel.clone(), (stamp, file.clone()));
                }
                content.files.push(file);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    diagnostics.extend(find_same_language_twice(&content.files));
    (content, diagnostics, next)
}

/// Each Markdown file (`markdown`: relative path, path on disk) read, or taken from `cache` while
/// its size and modification time are unchanged, or without looking at the file where the
/// watcher named only other paths (`changed`); each with its stamp when there is a cache.
fn read_markdown(
    config: &Config,
    markdown: &[(String, PathBuf)],
    cache: Option<&LoadCache>,
    changed: Option<&BTreeSet<PathBuf>>,
) -> Vec<(Option<Stamp>, Loaded)> {
    markdown
        .par_iter()
        .map(|(rel, path)| {
            let Some(cache) = cache else {
                return (None, load_markdown(config, rel, path).map(Arc::new));
            };
            if changed.is_some_and(|changed| !changed.contains(path))
                && let Some((stamp, file)) = cache.files.get(rel)
            {
                return (Some(*stamp), Ok(file.clone()));
            }
            let stamp = stamp(path);
            let loaded = cache
                .get(rel, stamp)
                .map_or_else(|| load_markdown(config, rel, path).map(Arc::new), Ok);
            (stamp, loaded)
        })
        .collect()
}

/// Every regular file below `dir`, sorted, as (`/`-separated relative path, path on disk).
/// Hidden files, editor leftovers and symlinks are not content; symlinks are reported because
/// following them could publish files from outside the site.
pub fn walk_files(dir: &Path, root: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        // An optional folder (static/, locales/) that the site does not have.
        return (files, problems);
    }
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                problems.push(
                    Diagnostic::error(format!("cannot read `{}`: {error}", path.display()))
                        .in_file(display_path(root, &path))
                        .with_help("check the file's permissions"),
                );
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::error(format!(
                    "`{}` is a symbolic link, which huong does not follow",
                    display_path(root, path).display()
                ))
                .in_file(display_path(root, path))
                .with_help("put a copy of the file here instead of a link"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        files.push((relative_name(relative), path.to_path_buf()));
    }
    (files, problems)
}

/// A path below the walked folder as pages name it: `/`-separated, in NFC.
fn relative_name(relative: &Path) -> String {
    let rel = relative
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    // Names typed on a Mac arrive decomposed; most names are ASCII and need no work.
    if rel.is_ascii() {
        rel
    } else {
        rel.nfc().collect()
    }
}

/// Hidden files, the temporary and backup files editors leave behind while saving, and the
/// files operating systems put into folders: none of them is content, none is published.
pub fn is_ignored(name: &str) -> bool {
    const SYSTEM_FILES: &[&str] = &["Thumbs.db", "ehthumbs.db", "desktop.ini", "Icon\r"];
    // Editors' swap, backup and partial files (vim, emacs, Kate, browsers' downloads...).
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".bak",
        ".orig",
        ".rej",
        ".kate-swp",
        ".crdownload",
        ".part",
    ];
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        // vim checks that it may write into a folder by creating a file named 4913.
        || name == "4913"
        || SYSTEM_FILES.iter().any(|system| name.eq_ignore_ascii_case(system))
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// The path a user sees in messages: relative to the site root when possible.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn is_markdown(rel: &str) -> bool {
    rel.ends_with(".md")
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Reads a file as text the way editors save it: UTF-8 with or without BOM, LF or CRLF. Also
/// returns the first line (1-based) that was not in NFC before normalisation, for the lint.
pub fn read_text(root: &Path, path: &Path) -> Result<(SourceText, Option<usize>), Diagnostic> {
    let shown = display_path(root, path);
    let bytes = fs::read(path).map_err(|error| {
        Diagnostic::error(format!("cannot read `{}`: {error}", shown.display()))
            .in_file(&shown)
            .with_help("check that the file exists and can be read")
    })?;
    let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
        return Err(not_utf8(&shown, &bytes));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Each pass below runs over every byte of the site: each looks before it copies, and the
    // text is copied once more, into the shared string that every stage reads.
    let text = if text.as_bytes().contains(&b'\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    // Most files are NFC already; the quick check is far cheaper than re-composing every
    // character (a profile of the benchmark showed normalisation as the top cost).
    let (text, non_nfc_line) = match is_nfc_quick(not_plain_nfc(&text)) {
        IsNormalized::Yes => (text, None),
        _ => {
            let line = text
                .lines()
                .position(|line| !line.nfc().eq(line.chars()))
                .map(|index| index + 1);
            (Cow::Owned(text.nfc().collect()), line)
        }
    };
    Ok((SourceText::new(shown, &*text), non_nfc_line))
}

/// The error for a file that is not UTF-8, at its first byte that is not.
fn not_utf8(shown: &Path, bytes: &[u8]) -> Diagnostic {
    let at = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => 0,
        Err(error) => error.valid_up_to(),
    };
    let source = SourceText::new(shown, String::from_utf8_lossy(bytes));
    Diagnostic::error(format!("`{}` is not valid UTF-8 text", shown.display()))
        .at(&source, at..at + 1)
        .with_label("this byte")
        .with_help("open the file in your editor and save it as UTF-8 (\"Unicode (UTF-8)\")")
}

/// Characters that are NFC whatever stands around them (no combining class, never composed
/// with what follows): ASCII and the Latin letters Vietnamese is written with. The quick check
/// skips them; leaving out such a character can only make it say "maybe", never "yes" wrongly.
fn is_plain_nfc(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}')
}

/// The characters of `text` that are not [plain](is_plain_nfc), found by their bytes rather
/// than by decoding every character: a plain character is ASCII, two bytes led by 0xC2 to 0xCB
/// (up to U+02FF) or three led by 0xE1 (U+1000 to U+1FFF, the plain ones among them decoded to
/// be told apart); any other starts with 0xCC or above.
fn not_plain_nfc(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let lead = position_of_byte(rest.as_bytes(), |byte| byte >= 0xcc)?;
            let c = rest[lead..].chars().next()?;
            rest = &rest[lead + c.len_utf8()..];
            if !is_plain_nfc(c) {
                return Some(c);
            }
        }
    })
}

fn load_markdown(config: &Config, rel: &str, path: &Path) -> Result<ContentFile, Vec<Diagnostic>> {
    let (source, non_nfc_line) = read_text(&config.root, path).map_err(|problem| vec![problem])?;
    let (source, control_line) = without_control_characters(source);
    let name = file_name(rel).trim_end_matches(".md");
    let (stem, lang) = match name.rsplit_once('.') {
        Some((stem, suffix)) if config.is_language(suffix) => (stem, suffix.to_string()),
        Some((stem, suffix)) if config.is_language(&suffix.to_lowercase()) => {
            let lower = suffix.to_lowercase();
            return Err(vec![Diagnostic::error(format!(
                "`{}` has the suffix `.{suffix}`, which is not a language: language suffixes are lower case",
                source.path.display()
            ))
            .in_file(&source.path)
            .with_help(format!("rename it to `{stem}.{lower}.md`"))]);
        }
        Some((_, suffix)) if looks_like_language(suffix) => {
            let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(vec![
                Diagnostic::error(format!(
                    "`{}` has the language suffix `.{suffix}`, which is not in [languages]",
                    source.path.display()
                ))
                .in_file(&source.path)
                .with_help(format!(
                    "use one of {} (or add [languages.{suffix}] to site.toml)",
                    known
                        .iter()
                        .map(|c| format!("`.{c}.md`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ]);
        }
        _ => (name, config.default_language.clone()),
    };
    if source.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(format!("`{}` is empty", source.path.display()))
                .in_file(&source.path)
                .with_help("start the file with front matter, e.g. +++ / title = \"...\" / +++"),
        ]);
    }
    let split = split_front_matter(&source.text).map_err(|problem| {
        vec![Diagnostic::error(format!("{problem} in `{}`", source.path.display()))
            .at(
                &source,
                0..source.text.find('\n').unwrap_or(source.text.len()),
            )
            .with_label("front matter expected here")
            .with_help(
                "start the file with a line `+++`, then `title = \"...\"`, then a closing `+++`",
            )]
    })?;
    let dir = parent_dir(rel);
    let key_dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let key = format!("{key_dir}{stem}");
    let (front, dir) = if stem == "_index" {
        let front = parse_section_front(&source, &split, &config.kinds)?;
        (Front::Section(Arc::new(front)), dir.to_string())
    } else {
        let front = parse_page_front(&source, &split, &config.kinds)?;
        let dir = if stem == "index" {
            dir.to_string()
        } else {
            key.clone()
        };
        (Front::Page(Arc::new(front)), dir)
    };
    let title = match &front {
        Front::Page(front) => front.title.clone(),
        Front::Section(front) => front.title.clone(),
    }
    .unwrap_or_default();
    Ok(ContentFile {
        mojibake: find_mojibake(&source.text),
        digest: xxhash_rust::xxh3::xxh3_64(source.text.as_bytes()),
        folded_title: slugify(&title),
        fingerprint: OnceLock::new(),
        source,
        rel: rel.to_string(),
        lang,
        key,
        dir,
        split,
        front,
        non_nfc_line,
        control_line,
    })
}

/// Control characters other than tab and line break (pasted from old documents or PDFs)
/// removed; a lone carriage return (old Mac line ends) becomes a line break.
fn without_control_characters(source: SourceText) -> (SourceText, Option<(usize, char)>) {
    let is_control =
        |c: char| (c.is_control() && c != '\t' && c != '\n') && !('\u{80}'..='\u{9f}').contains(&c);
    // The only control characters outside C1 are ASCII: a search of the bytes finds them.
    let Some(at) = position_of_byte(source.text.as_bytes(), |b| {
        (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f
    }) else {
        return (source, None);
    };
    let first = source.text[at..].chars().next().unwrap_or_default();
    let line = source.text[..at].matches('\n').count() + 1;
    let text: String = source
        .text
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            c if is_control(c) => None,
            c => Some(c),
        })
        .collect();
    (SourceText::new(&source.path, text), Some((line, first)))
}

fn looks_like_language(suffix: &str) -> bool {
    let primary = suffix.split('-').next().unwrap_or("");
    (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase())
}

/// `x.md` and `x.vi.md` (when vi is the default) are one page written twice.
fn find_same_language_twice(files: &[Arc<ContentFile>]) -> Vec<Diagnostic> {
    let mut sorted: Vec<&ContentFile> = files.iter().map(|file| &**file).collect();
    sorted.sort_by(|a, b| (&a.key, &a.lang, &a.rel).cmp(&(&b.key, &b.lang, &b.rel)));
    sorted
        .windows(2)
        .filter(|pair| pair[0].key == pair[1].key && pair[0].lang == pair[1].lang)
        .map(|pair| {
            Diagnostic::error(format!(
                "`{}` and `{}` are both the `{}` version of one page",
                pair[0].source.path.display(),
                pair[1].source.path.display(),
                pair[0].lang
            ))
            .in_file(&pair[1].source.path)
            .with_help(
                "a file without language suffix is in the default language; keep one of the two",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;

    /// The quick check may skip these characters only if none of them could ever change
    /// under NFC, alone or next to another: checked for every one of them.
    #[test]
    fn the_characters_the_nfc_check_skips_never_change() {
        let skipped = ('\0'..='\u{2ff}').chain('\u{1e00}'..='\u{1eff}');
        for c in skipped {
            assert!(is_plain_nfc(c));
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(!is_plain_nfc('\u{301}'));
    }

    /// The byte search hands the quick check every character that is not plain, and only
    /// those: each character of the planes a page may hold, between plain letters.
    #[test]
    fn the_byte_search_finds_every_character_that_is_not_plain() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let text = format!("Huế{c}ở\u{1e00}{c}");
            let expected: Vec<char> = text.chars().filter(|&c| !is_plain_nfc(c)).collect();
            assert_eq!(not_plain_nfc(&text).collect::<Vec<_>>(), expected, "{c:?}");
        }
    }

    #[test]
    fn a_decomposed_letter_after_skipped_ones_is_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.vi.md");
        fs::write(&file, "\u{feff}Huế\r\nHue\u{302}\u{301} là\r\n").unwrap();
        let (source, line) = read_text(dir.path(), &file).unwrap();
        assert_eq!(&*source.text, "Huế\nHuế là\n");
        assert_eq!(line, Some(2));
    }

    #[test]
    fn control_characters_are_found_in_ascii_and_c1_is_kept() {
        let source = SourceText::new("a.md", "Huế\u{85}\nbad\u{7}here\rend");
        let (clean, found) = without_control_characters(source);
        assert_eq!(&*clean.text, "Huế\u{85}\nbadhere\nend");
        assert_eq!(found, Some((2, '\u{7}')));
    }
}
