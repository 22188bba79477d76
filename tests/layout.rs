//! The house rules of `src/` that a reader relies on: modules import only modules earlier in
//! the pipeline (the order is the one `src/lib.rs` documents), and the two files that grew
//! before stay small. A change that breaks them fails here, not in a review.

use std::fs;
use std::path::Path;

/// The pipeline, earliest first. A module may use its own rank and lower ones.
const ORDER: &[&[&str]] = &[
    &["text", "diagnostic", "artifact", "spanned", "calendar"],
    &["config"],
    &["load"],
    &["model"],
    &["markdown"],
    &["render"],
    &["output"],
    &["check"],
    &["write"],
    &["status", "translate", "init"],
    &["build"],
    &["serve"],
    &["cli"],
];

fn rank(module: &str) -> Option<usize> {
    ORDER.iter().position(|stage| stage.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`src/render/page.rs` → `render`).
fn module_of(rel: &str) -> &str {
    let first = rel.split('/').next().unwrap_or(rel);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Every `crate::NAME` a source file mentions outside comments.
fn crate_references(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((index + 1, name));
            }
        }
    }
    found
}

fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let rel = entry
                .path()
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, fs::read_to_string(entry.path()).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn modules_import_only_earlier_stages() {
    let mut upward = Vec::new();
    for (rel, text) in source_files() {
        let module = module_of(&rel);
        if matches!(module, "lib" | "main") {
            continue;
        }
        let own = rank(module).unwrap_or_else(|| panic!("src/{rel}: `{module}` has no stage"));
        for (line, used) in crate_references(&text) {
            let used_rank = rank(&used)
                .unwrap_or_else(|| panic!("src/{rel}:{line}: `crate::{used}` has no stage"));
            if used_rank > own {
                upward.push(format!("src/{rel}:{line} uses crate::{used}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the pipeline:\n{}",
        upward.join("\n")
    );
}

#[test]
fn every_module_of_lib_has_a_stage() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(rank(name).is_some(), "`{name}` is missing from ORDER");
        }
    }
}

#[test]
fn the_two_driver_files_stay_small() {
    for rel in ["render/mod.rs", "model/mod.rs"] {
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel))
            .unwrap();
        let lines = text.lines().count();
        assert!(
            lines < 250,
            "src/{rel} has {lines} lines: give the new concern a file of its own"
        );
    }
}

/// A function over 120 lines says why in a comment right above it (`// Long because ...`).
#[test]
fn long_functions_explain_themselves() {
    let mut long = Vec::new();
    for (rel, text) in source_files() {
        let lines: Vec<&str> = text.lines().collect();
        for (start, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|prefix| trimmed.starts_with(prefix));
            if !is_fn {
                continue;
            }
            let indent = line.len() - trimmed.len();
            let closing = format!("{}}}", " ".repeat(indent));
            let Some(length) = lines[start..].iter().position(|l| *l == closing) else {
                continue;
            };
            let explained = lines[..start]
                .iter()
                .rev()
                .take_while(|l| {
                    l.trim_start().starts_with("//") || l.trim_start().starts_with("#[")
                })
                .any(|l| l.contains("Long because"));
            if length > 120 && !explained {
                long.push(format!("src/{rel}:{} ({length} lines)", start + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 120 lines without a reason:\n{}",
        long.join("\n")
    );
}
