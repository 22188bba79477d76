//! The dependencies, checked offline as `cargo deny` would: no crate in Cargo.lock has a RustSec
//! advisory (a vulnerability, or an unmaintained or unsound crate) in the snapshot kept in
//! `supply-chain/advisory-db/` unless `supply-chain/accepted.toml` says why it is accepted, and
//! every crate's licence is one the portal may ship under. The snapshot is refreshed with
//! `scripts/refresh-advisories.sh`; a new dependency fails here until it is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use rustsec::{Database, Lockfile};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Licences that let a government portal use, change and ship the code without passing its own
/// code's rights on (permissive), plus MPL-2.0, whose copyleft stays within the files it covers.
const ALLOWED_LICENCES: &[&str] = &[
    "0BSD",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSL-1.0",
    "CC0-1.0",
    "ISC",
    "MIT",
    "MPL-2.0",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "Zlib",
];

#[derive(serde::Deserialize)]
struct Snapshot {
    commit: String,
    date: String,
    crates: BTreeSet<String>,
}

#[derive(serde::Deserialize, Default)]
struct Accepted {
    /// Advisory id → why the project accepts it.
    #[serde(default)]
    advisories: BTreeMap<String, String>,
}

fn lockfile() -> Lockfile {
    Lockfile::load(root().join("Cargo.lock")).expect("Cargo.lock reads")
}

#[test]
fn the_advisory_snapshot_covers_every_crate_in_cargo_lock() {
    let snapshot: Snapshot = toml::from_str(
        &std::fs::read_to_string(root().join("supply-chain/advisory-db/SNAPSHOT.toml")).unwrap(),
    )
    .unwrap();
    let missing: Vec<String> = lockfile()
        .packages
        .iter()
        .map(|package| package.name.to_string())
        .filter(|name| !snapshot.crates.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "the advisory snapshot ({}, {}) did not look up {missing:?}: run scripts/refresh-advisories.sh",
        snapshot.commit,
        snapshot.date
    );
}

#[test]
fn no_crate_has_an_advisory_that_is_not_accepted() {
    let database = Database::open(&root().join("supply-chain/advisory-db"))
        .expect("the advisory snapshot reads");
    assert!(
        database.iter().count() > 0,
        "the snapshot holds no advisory at all"
    );
    let accepted: Accepted = toml::from_str(
        &std::fs::read_to_string(root().join("supply-chain/accepted.toml")).unwrap_or_default(),
    )
    .unwrap();
    let found: Vec<String> = database
        .vulnerabilities(&lockfile())
        .into_iter()
        .filter(|found| !accepted.advisories.contains_key(found.advisory.id.as_str()))
        .map(|found| {
            format!(
                "{} {} {}: {} ({})",
                found.advisory.id,
                found.package.name,
                found.package.version,
                found.advisory.title,
                found
                    .advisory
                    .informational
                    .as_ref()
                    .map_or("vulnerability".to_string(), |kind| kind.to_string())
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "advisories against Cargo.lock (upgrade, or accept in supply-chain/accepted.toml with the reason):\n{}",
        found.join("\n")
    );
}

/// Whether an SPDX expression (`MIT OR Apache-2.0`) can be satisfied with allowed licences.
fn licence_allowed(expression: &str) -> bool {
    spdx::Expression::parse_mode(expression, spdx::ParseMode::LAX).is_ok_and(|expression| {
        expression.evaluate(|requirement| {
            requirement
                .license
                .id()
                .is_some_and(|id| ALLOWED_LICENCES.contains(&id.name))
        })
    })
}

#[test]
fn licence_expressions_are_read_as_spdx() {
    assert!(licence_allowed("MIT OR Apache-2.0"));
    assert!(licence_allowed("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(licence_allowed("Apache-2.0/MIT"), "the old slash form");
    assert!(!licence_allowed("GPL-3.0-only"));
    assert!(!licence_allowed("MIT AND GPL-2.0-or-later"));
    assert!(!licence_allowed(""));
}

/// The snapshot is read and matched: a release of smallvec with a known advisory is found.
#[test]
fn the_snapshot_finds_a_known_advisory() {
    let database = Database::open(&root().join("supply-chain/advisory-db")).unwrap();
    let old: Lockfile = "version = 3\n\n[[package]]\nname = \"smallvec\"\nversion = \"0.6.9\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        .parse()
        .unwrap();
    let ids: Vec<String> = database
        .vulnerabilities(&old)
        .iter()
        .map(|found| found.advisory.id.to_string())
        .collect();
    assert!(ids.contains(&"RUSTSEC-2019-0009".to_string()), "{ids:?}");
}

/// The platform this machine builds for, as `rustc -vV` names it.
fn host_triple() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names its host")
        .to_string()
}

/// The crates of the platform the site is built on: cargo fetches only those, so other
/// platforms' crates (Android's, Windows') are not on a fresh machine, and `--offline`
/// could not read their manifests.
#[test]
fn every_crate_has_an_allowed_licence() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host_triple()])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut refused = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap_or("?");
        let licence = package["license"].as_str().unwrap_or("");
        if !licence_allowed(licence) && name != "huong" {
            refused.push(format!("{name}: `{licence}`"));
        }
    }
    assert!(
        refused.is_empty(),
        "crates whose licence is not allowed (or not stated):\n{}",
        refused.join("\n")
    );
}
