//! What the fuzz targets share: a copy of `tests/fixtures/kinds` (two languages, the festival,
//! place and zone kinds with a lunar calendar and data downloads, the default theme with its
//! shortcodes) in a folder of this process. [`build_with`] replaces one file of it with the
//! input and runs the whole pipeline in memory as `huong build` runs it, up to the files it
//! would write (about 40 runs a second); the parsers that need less ([`front_matter`],
//! [`site_toml`], [`fluent`]) are called alone, thousands of times a second. A panic anywhere,
//! including in printing a diagnostic at its span, is a crash.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use huong::build::{SiteOptions, generate};
use huong::config::{Config, ConfigOverrides, load_config};
use huong::diagnostic::{Diagnostic, SourceText};
use huong::load::front_matter::{parse_page_front, split_front_matter};
use huong::load::locales::Locales;
use huong::load::theme::LocaleFile;

/// The fixture copied once per process (fuzzing runs one input at a time).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/kinds");
        let root = std::env::temp_dir().join(format!("huong-fuzz-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        copy_tree(&fixture, &root);
        root
    })
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes `bytes` to `rel` in the site, builds it in memory, prints every diagnostic, then
/// puts the fixture's own file back (or removes the new one).
pub fn build_with(rel: &str, bytes: &[u8]) {
    let root = site();
    let path = root.join(rel);
    let original = fs::read(&path).ok();
    fs::write(&path, bytes).unwrap();
    let options = SiteOptions {
        root: root.to_path_buf(),
        output_dir: None,
        base_url: None,
        drafts: true,
        strict: true,
        force: false,
        progress: false,
    };
    let diagnostics = match generate(&options) {
        Ok(generated) => generated.diagnostics,
        Err((_, diagnostics)) => diagnostics,
    };
    for diagnostic in diagnostics.sorted() {
        std::hint::black_box(diagnostic.render_text());
    }
    match original {
        Some(original) => fs::write(&path, original).unwrap(),
        None => fs::remove_file(&path).unwrap(),
    }
}

/// The fixture's configuration, read once.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        load_config(site(), &ConfigOverrides::default()).expect("the fixture's site.toml reads")
    })
}

fn print(diagnostics: impl IntoIterator<Item = Diagnostic>) {
    for diagnostic in diagnostics {
        std::hint::black_box(diagnostic.render_text());
    }
}

/// A page of the festival section: the front matter split off and read with the site's kinds.
pub fn front_matter(text: &str) {
    let source = SourceText::new("content/le-hoi/fuzz.vi.md", text);
    if let Ok(split) = split_front_matter(text)
        && let Err(problems) = parse_page_front(&source, &split, &config().kinds)
    {
        print(problems);
    }
}

/// `site.toml` read and checked, as every command does first.
pub fn site_toml(bytes: &[u8]) {
    let root = site().join("site-toml");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("site.toml"), bytes).unwrap();
    if let Err(problems) = load_config(&root, &ConfigOverrides::default()) {
        print(problems.sorted());
    }
}

/// A Fluent file of the default language, loaded beside the other language's own.
pub fn fluent(text: &str) {
    let file = LocaleFile {
        lang: "vi".to_string(),
        source: SourceText::new("locales/vi/fuzz.ftl", text),
    };
    let (locales, problems) = Locales::load(config(), &[file]);
    print(problems.sorted());
    print(locales.check_messages(config()));
}
