//! The only code that writes the output. It refuses output folders that could hold the user's
//! own files, writes the site into a temporary folder beside `output_dir` ([`Staging`]) while
//! it is built, and swaps it in only when everything was written: a failed build leaves the
//! last good output untouched.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::artifact::{Artifact, ArtifactContent, FileSource};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The file that marks a folder as huong's output, safe to replace.
pub const MARKER: &str = ".huong-output";

/// Resolves `.` and `..` without touching the disk (the folder may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normalized.pop();
            }
            Component::CurDir => {}
            other => normalized.push(other),
        }
    }
    normalized
}

fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    normalize(&path)
}

/// Checks the output-folder rules of the design before anything is built.
pub fn check_output_dir(config: &Config, force: bool) -> Result<(), Diagnostic> {
    let root = fs::canonicalize(&config.root).unwrap_or_else(|_| absolute(&config.root));
    let output = absolute(&config.output_dir);
    let output = match fs::canonicalize(&output) {
        Ok(real) => real,
        Err(_) => output,
    };
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into `{}`: {why}",
            output.display()
        ))
        .in_file("site.toml")
        .with_help("set `output_dir` (or -o) to a folder of its own, such as \"public\""))
    };
    if output == Path::new("/") || output.parent().is_none() {
        return refuse("it is the file system root".into());
    }
    if std::env::var_os("HOME").is_some_and(|home| absolute(Path::new(&home)).starts_with(&output))
    {
        return refuse("it is or contains the home folder".into());
    }
    if root.starts_with(&output) {
        return refuse("it contains the site itself".into());
    }
    for kept in ["content", "themes", "locales", "static"] {
        let kept_dir = root.join(kept);
        if output.starts_with(&kept_dir) || kept_dir.starts_with(&output) {
            return refuse(format!("it overlaps the site's `{kept}` folder"));
        }
    }
    if output.exists() {
        if !output.is_dir() {
            return refuse("it is a file".into());
        }
        // Replacing the folder would delete the repository's history, whatever --force says
        // (deploying by committing the output folder is common).
        if let Some(repository) = find_repository(&output) {
            return refuse(format!(
                "it holds a version-control repository (`{}`), which the build would delete",
                repository.display()
            ));
        }
        let has_entries = fs::read_dir(&output)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if has_entries && !output.join(MARKER).exists() && !force {
            return Err(Diagnostic::error(format!(
                "`{}` already holds files that huong did not write",
                output.display()
            ))
            .in_file("site.toml")
            .with_help("empty or move that folder, choose another output folder, or build with --force to replace it"));
        }
    }
    Ok(())
}

/// A `.git`, `.hg` or `.svn` folder (or `.git` file, as in a worktree) inside `dir`, at any depth.
fn find_repository(dir: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .find(|entry| matches!(entry.file_name().to_str(), Some(".git" | ".hg" | ".svn")))
        .map(|entry| entry.path().to_path_buf())
}

/// The fresh folder a build writes into, beside `output_dir`, swapped in place of it only when
/// the whole site is written. Documents arrive while they are rendered ([`Staging::put`]), so
/// that the finished site is never held in memory whole; a build that fails, for any reason,
/// drops the folder with everything in it.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// The first file that could not be written: reported when the site is published, after the
    /// site's own problems (which may be the cause, such as a file that is also a folder).
    failed: Mutex<Option<(PathBuf, io::Error)>>,
    published: bool,
}

impl Staging {
    /// Creates the folder (and clears leftovers of killed builds) before anything is built.
    pub fn create(config: &Config) -> Result<Staging, Diagnostic> {
        let output = absolute(&config.output_dir);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = Staging {
            dir: parent.join(format!(".{name}.huong-new-{}", std::process::id())),
            retired: parent.join(format!(".{name}.huong-old-{}", std::process::id())),
            output,
            failed: Mutex::new(None),
            published: false,
        };
        fs::create_dir_all(&parent).map_err(|e| failure("create", &parent, e))?;
        remove_stale_folders(&parent, &name);
        if staging.dir.exists() {
            fs::remove_dir_all(&staging.dir).map_err(|e| failure("clear", &staging.dir, e))?;
        }
        fs::create_dir_all(&staging.dir).map_err(|e| failure("create", &staging.dir, e))?;
        let marker = staging.dir.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by huong build and replaced on every build.\n",
        )
        .map_err(|e| failure("write", &marker, e))?;
        Ok(staging)
    }

    /// Writes a file that holds bytes now and keeps only its path: the artefact comes back as
    /// [`ArtifactContent::Taken`]. Files to copy are left for [`Staging::publish`], which
    /// knows which of two static files wins.
    pub fn put(&self, mut artifact: Artifact) -> Artifact {
        if let ArtifactContent::Bytes(bytes) = &artifact.content {
            let target = self.dir.join(&artifact.path);
            let written = target
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::write(&target, &**bytes));
            if let Err(error) = written {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert((target, error));
            }
            artifact.content = ArtifactContent::Taken;
        }
        artifact
    }

    /// Writes the files not yet written and swaps the folder in place of `output_dir`. Where
    /// the platform can (Linux), the swap is one exchange: at every instant the output folder
    /// holds a complete site, the old one or the new one. Returns warnings: the previous output
    /// could not be removed after the new one was published.
    pub fn publish(mut self, artifacts: &[Artifact]) -> Result<Vec<Diagnostic>, Diagnostic> {
        let failed = self
            .failed
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some((path, error)) =
            failed.map_or_else(|| write_tree(&self.dir, artifacts).err(), Some)
        {
            return Err(failure("write", &path, error));
        }
        let previous = if !self.output.exists() {
            fs::rename(&self.dir, &self.output)
                .map_err(|e| failure("move the new site into", &self.output, e))?;
            None
        } else if exchange(&self.dir, &self.output).is_ok() {
            // The staging folder now holds the previous output.
            Some(self.dir.clone())
        } else {
            fs::rename(&self.output, &self.retired)
                .map_err(|e| failure("replace", &self.output, e))?;
            if let Err(error) = fs::rename(&self.dir, &self.output) {
                // Put the last good output back before reporting.
                let _ = fs::rename(&self.retired, &self.output);
                return Err(failure("move the new site into", &self.output, error));
            }
            Some(self.retired.clone())
        };
        self.published = true;
        let mut warnings = Vec::new();
        if let Some((previous, error)) =
            previous.and_then(|previous| remove_tree(&previous).err().map(|e| (previous, e)))
        {
            warnings.push(
                Diagnostic::warning(format!(
                    "the new site is published, but the previous output could not be removed from `{}`: {error}",
                    previous.display()
                ))
                .with_help("remove that folder by hand; the next build also tries again"),
            );
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    /// A build that did not publish leaves nothing behind.
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn failure(what: &str, path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} `{}`: {error}", path.display()))
        .with_help("check that the output folder's parent exists and can be written; the last good output was left as it was")
}

/// Removes the previous output once the new one is published, its folders side by side: one
/// unlink after another, the output of ten thousand pages took a sixth of the build. A link is
/// removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Staging and retired folders of earlier runs that were killed (`.public.huong-new-PID`): a
/// folder is removed when its process no longer runs, so a build running beside this one keeps
/// its own.
fn remove_stale_folders(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.huong-new-"), format!(".{name}.huong-old-")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = prefixes
            .iter()
            .find_map(|prefix| file_name.strip_prefix(prefix.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok());
        let stale = pid.is_some_and(|pid| pid != std::process::id() && !is_running(pid));
        if stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn is_running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without a cheap way to tell, a folder is assumed to belong to a running build.
#[cfg(not(target_os = "linux"))]
fn is_running(_: u32) -> bool {
    true
}

/// Writes the artefacts that are not written yet, each folder made once.
fn write_tree(dir: &Path, artifacts: &[Artifact]) -> Result<(), (PathBuf, io::Error)> {
    let unwritten: Vec<&Artifact> = artifacts
        .iter()
        .filter(|a| !matches!(a.content, ArtifactContent::Taken))
        .collect();
    let folders: BTreeSet<PathBuf> = unwritten
        .iter()
        .filter_map(|a| Path::new(&a.path).parent().map(|p| dir.join(p)))
        .collect();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| (folder.clone(), e))?;
    }
    unwritten.par_iter().try_for_each(|artifact| {
        let target = dir.join(&artifact.path);
        let result = match &artifact.content {
            ArtifactContent::Bytes(bytes) => fs::write(&target, &**bytes),
            ArtifactContent::Copy(FileSource::Embedded(bytes)) => fs::write(&target, bytes),
            ArtifactContent::Copy(FileSource::Disk(from)) => fs::copy(from, &target).map(|_| ()),
            ArtifactContent::Taken => Ok(()),
        };
        result.map_err(|e| (target, e))
    })
}

/// Creates the files of a new site (`huong init`); never overwrites anything.
pub fn write_new_files(dir: &Path, files: &[(&str, &str)]) -> Result<(), Diagnostic> {
    for (rel, text) in files {
        let path = dir.join(rel);
        let created = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()));
        created.map_err(|error| {
            Diagnostic::error(format!("cannot create `{}`: {error}", path.display()))
                .with_help("check that the folder can be written")
        })?;
    }
    Ok(())
}

/// Replaces a user's file (`huong i18n mark`) through a temporary file and a rename, so an
/// interrupted write never leaves half a page.
pub fn rewrite_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.huong-tmp"));
    fs::write(&temporary, text)
        .and_then(|()| fs::rename(&temporary, path))
        .map_err(|error| {
            let _ = fs::remove_file(&temporary);
            Diagnostic::error(format!("cannot update `{}`: {error}", path.display()))
                .with_help("check that the file can be written")
        })
}

#[cfg(test)]
mod tests {

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("new.html"), "new").unwrap();
        fs::write(b.join("old.html"), "old").unwrap();
        exchange(&a, &b).unwrap();
        assert!(b.join("new.html").exists() && a.join("old.html").exists());
        assert!(!b.join("old.html").exists());
    }

    use super::*;

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_removes_links_not_what_they_lead_to() {
        let dir = tempfile::tempdir().unwrap();
        let (tree, outside) = (dir.path().join("old-site"), dir.path().join("outside"));
        fs::create_dir_all(tree.join("en/heritage/imperial-city")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(tree.join("index.html"), "home").unwrap();
        fs::write(tree.join("en/heritage/imperial-city/index.html"), "page").unwrap();
        fs::write(outside.join("keep.txt"), "the user's").unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("en/linked-folder")).unwrap();
        std::os::unix::fs::symlink(outside.join("keep.txt"), tree.join("linked-file")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "the user's"
        );
    }

    #[test]
    fn normalize_resolves_dots_lexically() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(normalize(Path::new("/a/../..")), PathBuf::from("/"));
    }
}
