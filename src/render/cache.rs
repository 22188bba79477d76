//! What `serve` keeps between rebuilds, so that one saved file re-renders only what it changed.
//! A Markdown body is reused while its text is the very same (the load cache hands back the same
//! `Arc`) and the site's URLs and templates are unchanged; a document is reused while a hash of
//! its template inputs (template, language, the whole context, the UI strings) is unchanged.
//! `build` passes no cache and pays nothing for it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use std::io;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3Default;

use crate::diagnostic::Diagnostic;
use crate::render::markdown::RenderedMarkdown;

#[derive(Clone)]
pub(crate) struct CachedBody {
    pub text: Arc<str>,
    pub epoch: u64,
    pub body: Arc<RenderedMarkdown>,
    pub problems: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct RenderCache {
    /// By `(content path, language)`.
    pub(crate) bodies: HashMap<(String, String), CachedBody>,
    /// By the hash of everything a document's HTML depends on.
    pub(crate) documents: HashMap<u64, Arc<[u8]>>,
}

/// The cache being filled by the current run, shared by the parallel renderers.
#[derive(Default)]
pub struct NextCache {
    pub(crate) bodies: Mutex<HashMap<(String, String), CachedBody>>,
    pub(crate) documents: Mutex<HashMap<u64, Arc<[u8]>>>,
}

impl RenderCache {
    /// The cache for the next run: the bodies of one stage, the documents of the other.
    pub fn from_runs(bodies: NextCache, documents: NextCache) -> RenderCache {
        RenderCache {
            bodies: bodies.bodies.into_inner().unwrap_or_default(),
            documents: documents.documents.into_inner().unwrap_or_default(),
        }
    }
}

/// Feeds serialised JSON straight into a hasher, without building the string.
struct HashWriter<'a>(&'a mut Xxh3Default);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The key of a document: the inputs' epoch, language, template and everything the template
/// receives, serialised straight into the hasher.
pub(crate) fn document_key(
    epoch: u64,
    lang: &str,
    template: &str,
    context: &impl serde::Serialize,
) -> u64 {
    // XXH3: a document is about 10 kB of JSON and there are thousands; SipHash was the top
    // symbol of a rebuild's profile.
    let mut hasher = Xxh3Default::new();
    (epoch, lang, template).hash(&mut hasher);
    let _ = serde_json::to_writer(HashWriter(&mut hasher), context);
    hasher.finish()
}

/// Hashes anything hashable into an epoch.
pub fn epoch_of(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}
