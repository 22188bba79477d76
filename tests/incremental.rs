//! `serve` rebuilds from a cache and re-renders only what an edit can have changed. The promise
//! is that this never shows anything else than a clean build would: after any sequence of edits,
//! the cached generation equals a fresh one, file for file and byte for byte, and fails exactly
//! when a fresh one fails.
//!
//! The test writes a small bilingual site from a description, applies random edits of every kind
//! an editor makes (text, title, date, tags, weight, `extra`, links, drafts, new and deleted
//! pages and translations, section titles, order and pagination, broken front matter), and
//! compares the two generations after each one. A second test checks that the cache does its
//! job: an edited article re-renders itself and the lists that show it, nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::{Duration, SystemTime};

use huong::artifact::{ArtifactContent, FileSource};
use huong::build::{BuildCache, Generated, SiteOptions, generate, generate_cached};
use proptest::prelude::*;

const LANGS: [&str; 2] = ["vi", "en"];
const PAGE_KEYS: [&str; 5] = [
    "di-san/dai-noi",
    "di-san/lang-tu-duc",
    "tin-tuc/ke-hoach",
    "tin-tuc/tin-1",
    "tin-tuc/tin-2",
];
const SECTION_DIRS: [&str; 3] = ["", "di-san", "tin-tuc"];
const TAGS: [[&str; 3]; 2] = [
    ["Di sản", "Lễ hội", "Đầu tư"],
    ["Heritage", "Festivals", "Investment"],
];
const TITLES: [&str; 5] = ["Đại Nội", "Ngọ Môn", "Apricot", "ăn", "Zoo"];

#[derive(Clone, Debug)]
struct PageSpec {
    title: String,
    description: Option<String>,
    date: Option<u8>,
    weight: Option<i64>,
    tags: Vec<usize>,
    draft: bool,
    extra: Option<i64>,
    summary: String,
    body: String,
    link: Option<usize>,
    /// Front matter that does not parse.
    broken: bool,
}

impl PageSpec {
    fn new(title: &str) -> PageSpec {
        PageSpec {
            title: title.to_string(),
            description: None,
            date: None,
            weight: None,
            tags: Vec::new(),
            draft: false,
            extra: None,
            summary: format!("Tóm tắt {title}."),
            body: "Thân bài.".to_string(),
            link: None,
            broken: false,
        }
    }

    fn text(&self, lang: usize) -> String {
        let mut front = format!("title = {:?}\n", self.title);
        if let Some(description) = &self.description {
            front += &format!("description = {description:?}\n");
        }
        if let Some(day) = self.date {
            front += &format!("date = 2024-01-{:02}\n", day % 28 + 1);
        }
        if let Some(weight) = self.weight {
            front += &format!("weight = {weight}\n");
        }
        if self.draft {
            front += "draft = true\n";
        }
        if self.broken {
            front += "date = 2024-13-45\n";
        }
        if !self.tags.is_empty() {
            let tags: Vec<String> = self
                .tags
                .iter()
                .map(|t| format!("{:?}", TAGS[lang][*t]))
                .collect();
            front += &format!("[taxonomies]\ntags = [{}]\n", tags.join(", "));
        }
        if let Some(value) = self.extra {
            front += &format!("[extra]\nlevel = {value}\n");
        }
        let link = self
            .link
            .map(|target| format!(" Xem [trang khác](@/{}.md).", PAGE_KEYS[target]))
            .unwrap_or_default();
        format!(
            "+++\n{front}+++\n{}\n\n<!-- more -->\n\n## Phần\n\n{}{link}\n",
            self.summary, self.body
        )
    }
}

#[derive(Clone, Debug)]
struct SectionSpec {
    title: String,
    weight: Option<i64>,
    sort_by: &'static str,
    paginate_by: Option<usize>,
}

impl SectionSpec {
    fn text(&self) -> String {
        let mut front = format!("title = {:?}\nsort_by = {:?}\n", self.title, self.sort_by);
        if let Some(weight) = self.weight {
            front += &format!("weight = {weight}\n");
        }
        if let Some(per_page) = self.paginate_by {
            front += &format!("paginate_by = {per_page}\n");
        }
        format!("+++\n{front}+++\nGiới thiệu {}.\n", self.title)
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Body(String),
    Summary(String),
    Title(usize),
    Description(Option<String>),
    Date(Option<u8>),
    Weight(Option<i64>),
    Tags(Vec<usize>),
    Draft(bool),
    Extra(Option<i64>),
    Link(Option<usize>),
    Broken(bool),
    Delete,
    Create,
    SectionTitle(usize),
    SectionWeight(Option<i64>),
    SectionSort(&'static str),
    SectionPaginate(Option<usize>),
}

fn words() -> impl Strategy<Value = String> {
    "[a-zàđươ ]{1,12}".prop_map(|s| format!("Chữ {s}"))
}

fn edit() -> impl Strategy<Value = Edit> {
    // Edits that move pages between lists, terms and languages come more often.
    prop_oneof![
        1 => words().prop_map(Edit::Body),
        1 => words().prop_map(Edit::Summary),
        1 => (0..TITLES.len()).prop_map(Edit::Title),
        1 => proptest::option::of(words()).prop_map(Edit::Description),
        2 => proptest::option::of(0u8..40).prop_map(Edit::Date),
        1 => proptest::option::of(-2i64..3).prop_map(Edit::Weight),
        3 => proptest::collection::vec(0..3usize, 0..3).prop_map(Edit::Tags),
        1 => any::<bool>().prop_map(Edit::Draft),
        1 => proptest::option::of(0i64..3).prop_map(Edit::Extra),
        1 => proptest::option::of(0..PAGE_KEYS.len()).prop_map(Edit::Link),
        1 => any::<bool>().prop_map(Edit::Broken),
        2 => Just(Edit::Delete),
        2 => Just(Edit::Create),
        1 => (0..TITLES.len()).prop_map(Edit::SectionTitle),
        1 => proptest::option::of(-1i64..2).prop_map(Edit::SectionWeight),
        1 => prop::sample::select(vec!["date", "title", "weight", "none"]).prop_map(Edit::SectionSort),
        1 => proptest::option::of(1usize..3).prop_map(Edit::SectionPaginate),
    ]
}

/// The site being edited: every file it holds, by path below the site root.
struct Model {
    pages: BTreeMap<(usize, usize), Option<PageSpec>>,
    sections: BTreeMap<(usize, usize), SectionSpec>,
    /// Every write gets a later modification time than the one before, as a real save would.
    clock: SystemTime,
    /// The paths written or deleted since they were last taken, as a watcher names them.
    written: BTreeSet<PathBuf>,
}

impl Model {
    fn new() -> Model {
        let mut pages = BTreeMap::new();
        for (key, _) in PAGE_KEYS.iter().enumerate() {
            for lang in 0..LANGS.len() {
                // The last two news items start untranslated.
                let present = lang == 0 || key < 3;
                // Translations start without date and `extra`: they inherit the original's.
                // Every page links to the next one, so deleting, drafting or translating a page
                // changes the bodies that link to it.
                let spec = present.then(|| {
                    let mut spec = PageSpec::new(TITLES[(key + lang) % TITLES.len()]);
                    if lang == 0 {
                        spec.date = Some(key as u8 * 3);
                        spec.extra = Some(key as i64);
                    }
                    spec.tags = vec![key % 3];
                    spec.link = Some((key + 1) % PAGE_KEYS.len());
                    spec
                });
                pages.insert((key, lang), spec);
            }
        }
        let mut sections = BTreeMap::new();
        for (dir, _) in SECTION_DIRS.iter().enumerate() {
            for (lang, code) in LANGS.iter().enumerate() {
                let spec = SectionSpec {
                    title: format!("{} {code}", TITLES[dir]),
                    weight: Some(dir as i64),
                    sort_by: "date",
                    paginate_by: Some(2),
                };
                sections.insert((dir, lang), spec);
            }
        }
        Model {
            pages,
            sections,
            clock: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            written: BTreeSet::new(),
        }
    }

    fn page_path(key: usize, lang: usize) -> String {
        format!("content/{}.{}.md", PAGE_KEYS[key], LANGS[lang])
    }

    fn section_path(dir: usize, lang: usize) -> String {
        match SECTION_DIRS[dir] {
            "" => format!("content/_index.{}.md", LANGS[lang]),
            dir => format!("content/{dir}/_index.{}.md", LANGS[lang]),
        }
    }

    fn write(&mut self, root: &Path, rel: &str, text: Option<String>) {
        let path = root.join(rel);
        self.written.insert(path.clone());
        match text {
            Some(text) => {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, text).unwrap();
                self.clock += Duration::from_secs(1);
                let file = fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(self.clock).unwrap();
            }
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }

    fn write_all(&mut self, root: &Path, missing: &str) {
        fs::write(
            root.join("site.toml"),
            format!(
                "base_url = \"https://example.org\"\ndefault_language = \"vi\"\n\n\
                 [languages.vi]\ntitle = \"Cổng\"\n[languages.en]\ntitle = \"Portal\"\n\n\
                 [translations]\nmissing = \"{missing}\"\n\n\
                 [[taxonomies]]\nname = \"tags\"\nslugs = {{ vi = \"chu-de\", en = \"topics\" }}\n\
                 paginate_by = 2\nfeed = true\n"
            ),
        )
        .unwrap();
        let pages: Vec<_> = self.pages.iter().map(|(k, v)| (*k, v.clone())).collect();
        for ((key, lang), spec) in pages {
            self.write(
                root,
                &Model::page_path(key, lang),
                spec.map(|s| s.text(lang)),
            );
        }
        let sections: Vec<_> = self.sections.iter().map(|(k, v)| (*k, v.clone())).collect();
        for ((dir, lang), spec) in sections {
            self.write(root, &Model::section_path(dir, lang), Some(spec.text()));
        }
    }

    /// Applies `edit` to page `key` in `lang` (or to that section), and saves the file.
    fn apply(&mut self, root: &Path, key: usize, lang: usize, edit: Edit) {
        let dir = key % SECTION_DIRS.len();
        let section = self.sections.get_mut(&(dir, lang)).unwrap();
        let mut section_changed = true;
        match &edit {
            Edit::SectionTitle(title) => section.title = TITLES[*title].to_string(),
            Edit::SectionWeight(weight) => section.weight = *weight,
            Edit::SectionSort(sort_by) => section.sort_by = sort_by,
            Edit::SectionPaginate(per_page) => section.paginate_by = *per_page,
            _ => section_changed = false,
        }
        if section_changed {
            let text = section.text();
            self.write(root, &Model::section_path(dir, lang), Some(text));
            return;
        }
        let slot = self.pages.get_mut(&(key, lang)).unwrap();
        match edit {
            Edit::Delete => *slot = None,
            Edit::Create if slot.is_none() => *slot = Some(PageSpec::new(TITLES[key])),
            edit => {
                let Some(page) = slot else { return };
                match edit {
                    Edit::Body(text) => page.body = text,
                    Edit::Summary(text) => page.summary = text,
                    Edit::Title(title) => page.title = TITLES[title].to_string(),
                    Edit::Description(text) => page.description = text,
                    Edit::Date(day) => page.date = day,
                    Edit::Weight(weight) => page.weight = weight,
                    Edit::Tags(tags) => page.tags = tags,
                    Edit::Draft(draft) => page.draft = draft,
                    Edit::Extra(value) => page.extra = value,
                    Edit::Link(target) => page.link = target,
                    Edit::Broken(broken) => page.broken = broken,
                    _ => return,
                }
            }
        }
        let text = slot.as_ref().map(|s| s.text(lang));
        self.write(root, &Model::page_path(key, lang), text);
    }
}

/// Every output file as `path → bytes` (a copied file by its source).
fn files(generated: &Generated) -> BTreeMap<String, Vec<u8>> {
    generated
        .artifacts
        .iter()
        .map(|artifact| {
            let bytes = match &artifact.content {
                ArtifactContent::Bytes(bytes) => bytes.to_vec(),
                ArtifactContent::Copy(FileSource::Embedded(bytes)) => bytes.to_vec(),
                ArtifactContent::Copy(FileSource::Disk(path)) => {
                    path.display().to_string().into_bytes()
                }
                ArtifactContent::Taken => panic!("`generate` keeps every file"),
            };
            (artifact.path.clone(), bytes)
        })
        .collect()
}

fn messages(diagnostics: huong::diagnostic::Diagnostics) -> Vec<String> {
    let mut texts: Vec<String> = diagnostics
        .sorted()
        .iter()
        .map(|d| d.render_text())
        .collect();
    texts.sort();
    texts
}

/// Generates the site twice, from `cache` and from nothing, and asserts both agree.
fn assert_same_as_clean(options: &SiteOptions, cache: &mut BuildCache, after: &str) {
    let cached = generate_cached(options, cache);
    let clean = generate(options);
    match (cached, clean) {
        (Ok(cached), Ok(clean)) => {
            let (cached_files, clean_files) = (files(&cached), files(&clean));
            let cached_paths: Vec<_> = cached_files.keys().collect();
            let clean_paths: Vec<_> = clean_files.keys().collect();
            assert_eq!(cached_paths, clean_paths, "the files differ after {after}");
            for (path, bytes) in &clean_files {
                assert!(
                    cached_files[path] == *bytes,
                    "`{path}` differs from a clean build after {after}:\ncached:\n{}\nclean:\n{}",
                    String::from_utf8_lossy(&cached_files[path]),
                    String::from_utf8_lossy(bytes)
                );
            }
            assert_eq!(
                messages(cached.diagnostics),
                messages(clean.diagnostics),
                "the warnings differ after {after}"
            );
        }
        (Err((_, cached)), Err((_, clean))) => {
            assert_eq!(
                messages(cached),
                messages(clean),
                "the errors differ after {after}"
            );
        }
        (cached, clean) => panic!(
            "after {after}, the cached generation {} and the clean one {}",
            if cached.is_ok() { "worked" } else { "failed" },
            if clean.is_ok() { "worked" } else { "failed" },
        ),
    }
}

/// Feeds carry the build time, which must not differ between the two generations compared.
fn fix_build_time() {
    static ONCE: Once = Once::new();
    // SAFETY: every test of this binary calls this before anything else, and the first call
    // ends before any other returns, so no thread reads the environment while it is written.
    ONCE.call_once(|| unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1700000000") });
}

/// A new site written from [`Model::new`] with the translation policy `missing`, in a folder
/// that lives as long as the returned handle, and the options that build it.
fn model_site(missing: &str) -> (tempfile::TempDir, Model, SiteOptions) {
    fix_build_time();
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::new();
    model.write_all(dir.path(), missing);
    let options = SiteOptions {
        root: dir.path().to_path_buf(),
        ..SiteOptions::default()
    };
    (dir, model, options)
}

#[test]
fn an_edited_article_re_renders_itself_and_the_lists_that_show_it() {
    let (dir, mut model, options) = model_site("skip");
    let root = dir.path();
    let mut cache = BuildCache::default();
    let before = generate_cached(&options, &mut cache).unwrap();
    // `tin-tuc/tin-1` has no translation and one tag (`Di sản`).
    model.apply(root, 3, 0, Edit::Body("Chữ mới".to_string()));
    let after = generate_cached(&options, &mut cache).unwrap();

    // A reused document is the very same bytes as before, not a copy.
    let kept: BTreeMap<&str, &ArtifactContent> = before
        .artifacts
        .iter()
        .map(|a| (a.path.as_str(), &a.content))
        .collect();
    let changed: Vec<&str> = after
        .artifacts
        .iter()
        .filter(|a| match (&a.content, kept.get(a.path.as_str())) {
            (ArtifactContent::Bytes(new), Some(ArtifactContent::Bytes(old))) => {
                !Arc::ptr_eq(new, old)
            }
            _ => true,
        })
        .map(|a| a.path.as_str())
        .collect();
    let rendered: Vec<&str> = changed
        .iter()
        .copied()
        .filter(|path| path.ends_with(".html"))
        .collect();
    assert_eq!(rendered.len(), 3, "re-rendered: {rendered:?}");
    assert!(
        rendered.contains(&"tin-tuc/tin-1/index.html"),
        "{rendered:?}"
    );
    assert!(
        rendered
            .iter()
            .any(|p| p.starts_with("tin-tuc/") && !p.contains("tin-1"))
    );
    assert!(
        rendered.iter().any(|p| p.starts_with("chu-de/di-san/")),
        "{rendered:?}"
    );
    // The Vietnamese search index finds the new word; the English one is kept as it was.
    let index: Vec<&str> = changed
        .iter()
        .copied()
        .filter(|path| path.starts_with("search-index/"))
        .collect();
    assert!(
        index.contains(&"search-index/vi/terms/t_ch.bin"),
        "{index:?}"
    );
    assert!(
        index.iter().all(|p| p.starts_with("search-index/vi/")),
        "{index:?}"
    );
    assert_same_as_clean(&options, &mut cache, "the edit");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn cached_rebuilds_equal_clean_builds(
        notice in any::<bool>(),
        watched in any::<bool>(),
        edits in proptest::collection::vec((0..PAGE_KEYS.len(), 0..LANGS.len(), edit()), 1..14),
    ) {
        let (dir, mut model, options) = model_site(if notice { "notice" } else { "skip" });
        let root = dir.path();
        let mut cache = BuildCache::default();
        // As `serve`, told each path written: the files it does not name are not read again.
        if watched {
            cache.watch();
        }
        assert_same_as_clean(&options, &mut cache, "the first build");
        for (number, (key, lang, edit)) in edits.into_iter().enumerate() {
            let what = format!("edit {number}: {edit:?} on {} ({})", PAGE_KEYS[key], LANGS[lang]);
            model.apply(root, key, lang, edit);
            cache.told(Some(&std::mem::take(&mut model.written)));
            assert_same_as_clean(&options, &mut cache, &what);
        }
    }
}

/// `serve` is told the paths its watcher names, and reads only those: a folder copied in with
/// pages in it, then deleted with them, each named by the folder alone, still gives what a
/// clean build gives.
#[test]
fn folders_created_and_deleted_under_watch_equal_clean_builds() {
    let (dir, _, options) = model_site("skip");
    let root = dir.path();
    let mut cache = BuildCache::default();
    cache.watch();
    assert_same_as_clean(&options, &mut cache, "the first build");
    let folder = root.join("content/mua-he");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("_index.vi.md"),
        "+++\ntitle = \"Mùa hè\"\n+++\n",
    )
    .unwrap();
    fs::write(
        folder.join("bien-thuan-an.vi.md"),
        "+++\ntitle = \"Biển Thuận An\"\n+++\nBãi biển gần Huế.\n",
    )
    .unwrap();
    let named = BTreeSet::from([folder.clone()]);
    cache.told(Some(&named));
    assert_same_as_clean(&options, &mut cache, "a folder copied in");
    fs::remove_dir_all(&folder).unwrap();
    cache.told(Some(&named));
    assert_same_as_clean(&options, &mut cache, "the folder deleted");
}

/// `serve` keeps the model while only bodies change; what else the model reads makes it build
/// the model anew: `site.toml` (a language's title) and the files of a section folder, each
/// changed with no Markdown file touched, then a body edited after each.
#[test]
fn the_kept_model_gives_way_to_site_toml_and_section_files() {
    let (dir, mut model, options) = model_site("notice");
    let root = dir.path();
    let mut cache = BuildCache::default();
    assert_same_as_clean(&options, &mut cache, "the first build");
    model.apply(root, 0, 0, Edit::Body("Chữ mới".to_string()));
    assert_same_as_clean(&options, &mut cache, "a body edited");
    let config = fs::read_to_string(root.join("site.toml")).unwrap();
    let renamed = config.replace("title = \"Portal\"", "title = \"Huế Portal\"");
    assert_ne!(config, renamed);
    fs::write(root.join("site.toml"), renamed).unwrap();
    assert_same_as_clean(&options, &mut cache, "a language renamed in site.toml");
    model.apply(root, 0, 1, Edit::Body("New words".to_string()));
    assert_same_as_clean(&options, &mut cache, "a body edited after the rename");
    fs::write(root.join("content/di-san/ban-do.pdf"), "%PDF-1.4\n").unwrap();
    assert_same_as_clean(&options, &mut cache, "a file added to a section folder");
    model.apply(root, 0, 0, Edit::Body("Chữ mới hơn".to_string()));
    let last = generate_cached(&options, &mut cache).unwrap();
    assert!(files(&last).contains_key("di-san/ban-do.pdf"));
}

/// A page links to the theme's style sheet by the hash of its bytes. The site's own
/// `static/style.css` takes the theme's place, and each change of it gives every page a new
/// link, in `serve`'s rebuilds as in clean builds.
#[test]
fn a_changed_style_sheet_gives_every_page_a_new_link_to_it() {
    let (dir, _, options) = model_site("skip");
    let root = dir.path();
    let mut cache = BuildCache::default();
    let link = |generated: &Generated, page: &str| -> String {
        let html = String::from_utf8(files(generated)[page].clone()).unwrap();
        let at = html
            .find("href=\"/style.css?h=")
            .expect("a link to the style sheet");
        html[at + 6..][..29].to_string()
    };
    let first = generate_cached(&options, &mut cache).unwrap();
    let theme_link = link(&first, "index.html");
    for (n, css) in ["body { color: #123; }\n", "body { color: #456; }\n"]
        .into_iter()
        .enumerate()
    {
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("static/style.css"), css).unwrap();
        assert_same_as_clean(&options, &mut cache, &format!("style sheet {n} written"));
        let built = generate(&options).unwrap();
        let hash = xxhash_rust::xxh3::xxh3_64(css.as_bytes());
        let expected = format!("/style.css?h={hash:016x}");
        assert_ne!(expected, theme_link);
        for page in ["index.html", "en/index.html", "di-san/dai-noi/index.html"] {
            assert_eq!(link(&built, page), expected, "{page}");
        }
        // The site's file is the one published, a copy from its `static/`.
        let published = String::from_utf8(files(&built)["style.css"].clone()).unwrap();
        assert!(published.ends_with("/static/style.css"), "{published}");
    }
}

/// Copies the fixture site `name` into `root`.
fn copy_fixture(name: &str, root: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `build` renders a few hundred pages at a time and keeps only what later stages read of each
/// body, `serve` every body at once: on a site of more than three such batches, with stand-ins,
/// feeds per tag, summaries, pages left out of search and links to a heading of a page rendered
/// in another batch, both make the same files and the same warnings. The tag feed's newest
/// article comes from the last batch and keeps its whole text.
#[test]
fn a_site_rendered_in_batches_equals_one_rendered_at_once() {
    fix_build_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_fixture("notice", root);
    let section = root.join("content/bai-viet");
    fs::create_dir_all(&section).unwrap();
    fs::write(
        section.join("_index.vi.md"),
        "+++\ntitle = \"Bài viết\"\nsort_by = \"date\"\npaginate_by = 50\n+++\nMọi bài viết.\n",
    )
    .unwrap();
    fs::write(
        section.join("_index.en.md"),
        "+++\ntitle = \"Articles\"\n+++\nEvery article.\n",
    )
    .unwrap();
    let articles = 1700;
    for n in 0..articles {
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        let year = 2020 + n / (28 * 12);
        let tags = if n % 3 == 0 {
            "[taxonomies]\ntags = [\"di-san\"]\n"
        } else {
            ""
        };
        let hidden = if n % 10 == 7 {
            "[extra]\nsearch = false\n"
        } else {
            ""
        };
        let link = if n > 1000 {
            format!(
                "Xem [mục hai](@/bai-viet/bai-{:04}.vi.md#muc-hai).",
                n - 1000
            )
        } else {
            String::new()
        };
        let vi = format!(
            "+++\ntitle = \"Bài {n}\"\ndate = {year}-{month:02}-{day:02}\n{tags}{hidden}+++\nTóm tắt bài {n} về Huế.\n\n<!-- more -->\n\n## Mục một\n\nĐại Nội, sông Hương, lần thứ {n}.\n\n## Mục hai\n\n{link}\n"
        );
        fs::write(section.join(format!("bai-{n:04}.vi.md")), vi).unwrap();
        if n % 4 == 0 {
            let en = format!(
                "+++\ntitle = \"Article {n}\"\ndate = {year}-{month:02}-{day:02}\n+++\nThe Imperial City, number {n}.\n"
            );
            fs::write(section.join(format!("bai-{n:04}.en.md")), en).unwrap();
        }
    }
    let options = SiteOptions {
        root: root.to_path_buf(),
        ..SiteOptions::default()
    };
    let clean = generate(&options).unwrap();
    let generated = files(&clean);
    assert!(generated.len() > 3 * 512 + 700, "{} files", generated.len());
    let newest = articles - 2;
    assert_eq!(newest % 3, 0, "the newest tagged article");
    let feed = String::from_utf8_lossy(&generated["chu-de/di-san/atom.xml"]).into_owned();
    assert!(
        feed.contains(&format!("Đại Nội, sông Hương, lần thứ {newest}.")),
        "the tag feed lacks the whole text of its newest article:\n{feed}"
    );
    assert_same_as_clean(&options, &mut BuildCache::default(), "a first build");
}

/// Records show each other (a festival shows its place's name) and templates list them (the
/// calendar): after editing a place's title, a festival's date or a translation's text field,
/// the preview equals a clean build.
#[test]
fn record_edits_reach_every_page_that_shows_them() {
    fix_build_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_fixture("kinds", root);
    let options = SiteOptions {
        root: root.to_path_buf(),
        ..SiteOptions::default()
    };
    let mut cache = BuildCache::default();
    generate_cached(&options, &mut cache).unwrap();
    let edits = [
        (
            "content/di-san/lang-sinh.vi.md",
            "title: Làng Sình",
            "title: Làng Sình (Phú Vang)",
        ),
        (
            "content/le-hoi/hoi-vat-lang-sinh.vi.md",
            "lunar = \"10/1\"",
            "lunar = \"11/1\"",
        ),
        (
            "content/le-hoi/hoi-vat-lang-sinh.en.md",
            "at the start of spring",
            "in early spring",
        ),
    ];
    for (file, from, to) in edits {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        // A different length, so that the stamp changes even within one second.
        fs::write(&path, text.replace(from, to)).unwrap();
        assert_same_as_clean(&options, &mut cache, &format!("editing {file}"));
    }
    let calendar = files(&generate(&options).unwrap())["le-hoi/index.html"].clone();
    assert!(String::from_utf8_lossy(&calendar).contains("Hội vật làng Sình"));
}
