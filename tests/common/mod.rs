//! The test harness: copy a fixture site from `tests/fixtures/` into a temporary folder, change
//! it if the test needs to, run the real `huong` binary on it, and read what it wrote.

#![allow(dead_code)] // Each test file uses a different part of the harness.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit status, showing the messages when it differs.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Site {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(source.is_dir(), "no fixture {name}");
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&source, dir.path());
        Site { dir }
    }

    /// An empty folder (for `huong init`).
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Site {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    /// Gives the site its own copy of the default theme (a site's `themes/default/` replaces
    /// the built-in one), for tests that change a template.
    pub fn copy_default_theme(&self) -> &Site {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_tree(&theme, &self.path("themes/default"));
        self
    }

    pub fn remove(&self, rel: &str) -> &Site {
        fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs `huong ARGS --root <site>` (for commands that take a root) with a clean environment.
    pub fn huong(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_huong"));
        command
            .args(args)
            .current_dir(self.root())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("CI", "true");
        Run::from(command.output().unwrap())
    }

    pub fn build(&self) -> Run {
        self.huong(&["build"])
    }

    /// `huong build` as if run at `epoch` (seconds since 1970, `SOURCE_DATE_EPOCH`).
    pub fn build_at(&self, epoch: i64) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_huong"));
        command
            .arg("build")
            .current_dir(self.root())
            .env("SOURCE_DATE_EPOCH", epoch.to_string())
            .env("CI", "true");
        Run::from(command.output().unwrap())
    }

    /// A file of the output folder, as text; panics with the list of files when missing.
    pub fn output(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "no output file {rel}; output has:\n{}",
                self.output_files().join("\n")
            )
        })
    }

    pub fn has_output(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file below the output folder, sorted, relative.
    pub fn output_files(&self) -> Vec<String> {
        files_below(&self.path("public"))
    }
}

pub fn files_below(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}
