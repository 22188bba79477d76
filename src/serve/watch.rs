//! Which file-system changes matter to the preview, and what kind of change each is. Pure:
//! paths in, a verdict out, so every way editors save can be unit-tested without a watcher.

use std::path::Path;

use crate::load::content::is_ignored;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Content,
    Static,
    Locale,
    Theme,
    Config,
}

/// The kind of a changed path, or `None` when the change cannot affect the site: editor
/// temporary files, hidden files, the output folder, anything outside the watched folders.
pub fn classify_change(path: &Path, root: &Path, output_dir: &Path) -> Option<ChangeKind> {
    if path.starts_with(output_dir) {
        return None;
    }
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let first = components.next()?;
    let name = relative.file_name()?.to_string_lossy();
    // Vim writes and deletes a file named 4913 to probe whether it may write in a folder.
    if is_ignored(&name)
        || name == "4913"
        || relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return None;
    }
    match first.as_ref() {
        "content" => Some(ChangeKind::Content),
        "static" => Some(ChangeKind::Static),
        "locales" => Some(ChangeKind::Locale),
        "themes" => Some(ChangeKind::Theme),
        "site.toml" if components.next().is_none() => Some(ChangeKind::Config),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        classify_change(
            Path::new(path),
            Path::new("/site"),
            Path::new("/site/public"),
        )
    }

    #[test]
    fn editor_leftovers_and_outputs_are_ignored() {
        assert_eq!(kind("/site/content/a.vi.md"), Some(ChangeKind::Content));
        assert_eq!(kind("/site/content/.a.vi.md.swp"), None);
        assert_eq!(kind("/site/content/a.vi.md~"), None);
        assert_eq!(kind("/site/content/4913"), None);
        assert_eq!(kind("/site/content/#a.vi.md#"), None);
        assert_eq!(kind("/site/content/.git/index"), None);
        assert_eq!(kind("/site/public/index.html"), None);
        assert_eq!(kind("/site/target/debug/huong"), None);
        assert_eq!(kind("/elsewhere/x.md"), None);
    }

    #[test]
    fn every_watched_folder_has_its_kind() {
        assert_eq!(kind("/site/site.toml"), Some(ChangeKind::Config));
        assert_eq!(
            kind("/site/themes/default/templates/page.html"),
            Some(ChangeKind::Theme)
        );
        assert_eq!(kind("/site/locales/en/site.ftl"), Some(ChangeKind::Locale));
        assert_eq!(kind("/site/static/logo.svg"), Some(ChangeKind::Static));
        assert_eq!(kind("/site/site.toml/x"), None);
    }
}
