//! What a build produces, before anything is written: one [`Artifact`] per output file, with
//! the stage that made it named for messages, and the rule that maps a URL to its output file.
//! A leaf: every stage from `render` on produces these, `write` and `serve` consume them.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

/// Where a file to copy comes from.
#[derive(Debug, Clone)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

#[derive(Debug, Clone)]
pub enum ArtifactContent {
    /// Shared, so that `serve` keeps unchanged documents without copying them.
    Bytes(Arc<[u8]>),
    Copy(FileSource),
    /// Taken by the sink as soon as it was made: written into `build`'s staging folder
    /// (`write::Staging`), or dropped by `check`, which writes nothing.
    Taken,
}

/// Where a stage hands each file as soon as it is made: `build` writes it at once and keeps
/// only its path (see `write::Staging::put`), `check` drops its bytes at once; `serve` (and
/// [`generate`](crate::build::generate), for tests) keep every file in memory.
pub type Sink<'a> = Option<&'a (dyn Fn(Artifact) -> Artifact + Sync)>;

/// A file through the sink, if there is one.
pub fn through(sink: Sink, artifact: Artifact) -> Artifact {
    match sink {
        Some(sink) => sink(artifact),
        None => artifact,
    }
}

/// The files of a stage through the sink, if there is one.
pub fn all_through(sink: Sink, artifacts: Vec<Artifact>) -> Vec<Artifact> {
    match sink {
        Some(sink) => artifacts.into_par_iter().map(sink).collect(),
        None => artifacts,
    }
}

/// One file of the output folder.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Relative to the output folder, `/`-separated: `en/heritage/index.html`.
    pub path: String,
    /// What made it, for messages: `content/di-san/dai-noi.vi.md`, `static/style.css`, ...
    pub origin: String,
    pub content: ArtifactContent,
}

impl Artifact {
    pub fn bytes(
        path: impl Into<String>,
        origin: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Artifact {
            path: path.into(),
            origin: origin.into(),
            content: ArtifactContent::Bytes(Arc::from(bytes.into())),
        }
    }

    /// A file of bytes shared with whatever else holds them (a cache), not copied.
    pub fn shared(path: impl Into<String>, origin: impl Into<String>, bytes: Arc<[u8]>) -> Self {
        Artifact {
            path: path.into(),
            origin: origin.into(),
            content: ArtifactContent::Bytes(bytes),
        }
    }
}

/// A file offered to readers for download (the open-data files), as the page that lists them
/// describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Download {
    pub lang: String,
    /// The kind, an index into `config.kinds`.
    pub kind: usize,
    /// `json`, `csv`, `geojson`, `ics`.
    pub format: &'static str,
    pub media_type: &'static str,
    /// Its URL path: `/en/data/festival.csv`.
    pub url: String,
    pub bytes: usize,
    pub records: usize,
}

/// The output file for a URL path: `/en/about/` → `en/about/index.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".xml") {
        trimmed.to_string()
    } else {
        format!("{trimmed}index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_index_files() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/en/about/"), "en/about/index.html");
        assert_eq!(output_path("/old/page.html"), "old/page.html");
    }
}
