//! Which file-system changes matter to the preview, gathered into bursts. Pure: events and
//! paths in, a verdict out, so every way editors save can be unit-tested without a watcher.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::load::content::is_ignored;

/// What one burst of watcher events changed: the paths that matter, and whether the watcher
/// lost track (its queue overflowed, or it failed), after which anything may have changed.
#[derive(Debug, Default)]
pub struct Burst {
    pub paths: BTreeSet<PathBuf>,
    pub lost_track: bool,
}

impl Burst {
    pub fn add(&mut self, event: notify::Result<notify::Event>, root: &Path, output_dir: &Path) {
        let event = match event {
            Ok(event) => event,
            Err(_) => {
                self.lost_track = true;
                return;
            }
        };
        self.lost_track |= event.need_rescan();
        // Reading the site to rebuild it raises access events; only changes count.
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            if affects_site(&path, root, output_dir) {
                self.paths.insert(path);
            }
        }
    }

    /// Whether the burst calls for a rebuild.
    pub fn matters(&self) -> bool {
        self.lost_track || !self.paths.is_empty()
    }

    /// What changed, for the terminal: `content/a.vi.md`, or `content/a.vi.md and 3 more`.
    /// A path that `exists` is named first: `sed -i` and safe-writing editors also touch a
    /// temporary file, gone by now, which would tell the editor nothing.
    pub fn describe(&self, root: &Path, exists: impl Fn(&Path) -> bool) -> String {
        let named = self
            .paths
            .iter()
            .find(|path| exists(path))
            .or_else(|| self.paths.iter().next());
        let Some(named) = named else {
            return "the site (the watcher missed events)".to_string();
        };
        let named = named.strip_prefix(root).unwrap_or(named).display();
        match self.paths.len() {
            1 => named.to_string(),
            n => format!("{named} and {} more", n - 1),
        }
    }
}

/// Whether a change to `path` can affect the site: not for editor temporary files, hidden
/// files, the output folder, or anything outside `content/`, `static/`, `locales/`, `themes/`
/// and `site.toml`.
pub fn affects_site(path: &Path, root: &Path, output_dir: &Path) -> bool {
    if path.starts_with(output_dir) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let (Some(first), Some(name)) = (components.next(), relative.file_name()) else {
        return false;
    };
    let name = name.to_string_lossy();
    // Vim writes and deletes a file named 4913 to probe whether it may write in a folder.
    if is_ignored(&name)
        || name == "4913"
        || relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return false;
    }
    match first.as_ref() {
        "content" | "static" | "locales" | "themes" => true,
        "site.toml" => components.next().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn affects(path: &str) -> bool {
        affects_site(
            Path::new(path),
            Path::new("/site"),
            Path::new("/site/public"),
        )
    }

    #[test]
    fn editor_leftovers_and_outputs_are_ignored() {
        assert!(affects("/site/content/a.vi.md"));
        assert!(!affects("/site/content/.a.vi.md.swp"));
        assert!(!affects("/site/content/a.vi.md~"));
        assert!(!affects("/site/content/4913"));
        assert!(!affects("/site/content/#a.vi.md#"));
        assert!(!affects("/site/content/.git/index"));
        assert!(!affects("/site/public/index.html"));
        assert!(!affects("/site/target/debug/huong"));
        assert!(!affects("/elsewhere/x.md"));
    }

    #[test]
    fn every_watched_folder_counts() {
        assert!(affects("/site/site.toml"));
        assert!(affects("/site/content"));
        assert!(affects("/site/themes/default/templates/page.html"));
        assert!(affects("/site/locales/en/site.ftl"));
        assert!(affects("/site/static/logo.svg"));
        assert!(!affects("/site/site.toml/x"));
    }

    /// Adds events `(kind, path)` of the site `/site` to `burst`.
    fn add(burst: &mut Burst, events: &[(notify::EventKind, &str)]) {
        for (kind, path) in events {
            let event = notify::Event::new(*kind).add_path(PathBuf::from(path));
            burst.add(Ok(event), Path::new("/site"), Path::new("/site/public"));
        }
    }

    #[test]
    fn a_burst_keeps_the_changes_that_matter() {
        use notify::EventKind::{Access, Create, Modify};
        use notify::event::{AccessKind, CreateKind, ModifyKind};
        let mut burst = Burst::default();
        add(
            &mut burst,
            &[
                (Access(AccessKind::Any), "/site/content/a.vi.md"),
                (Create(CreateKind::File), "/site/content/.a.swp"),
                (Modify(ModifyKind::Any), "/site/public/index.html"),
            ],
        );
        assert!(!burst.matters(), "{burst:?}");
        add(
            &mut burst,
            &[
                (Modify(ModifyKind::Any), "/site/content/a.vi.md"),
                (Create(CreateKind::File), "/site/content/b.vi.md"),
            ],
        );
        assert!(burst.matters());
        let root = Path::new("/site");
        assert_eq!(burst.describe(root, |_| true), "content/a.vi.md and 1 more");
        // `sed -i` wrote `sedX1b2c3` and renamed it over the page.
        add(
            &mut burst,
            &[(Create(CreateKind::File), "/site/content/sedX1b2c3")],
        );
        let page = |path: &Path| path.ends_with("b.vi.md");
        assert_eq!(burst.describe(root, page), "content/b.vi.md and 2 more");
    }

    #[test]
    fn a_watcher_that_lost_track_asks_for_a_rebuild() {
        let root = Path::new("/site");
        let mut overflowed = Burst::default();
        let rescan =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        overflowed.add(Ok(rescan), root, &root.join("public"));
        assert!(overflowed.matters());
        assert_eq!(
            overflowed.describe(root, |_| true),
            "the site (the watcher missed events)"
        );
        let mut failed = Burst::default();
        failed.add(
            Err(notify::Error::generic("gone")),
            root,
            &root.join("public"),
        );
        assert!(failed.matters());
    }
}
