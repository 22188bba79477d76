//! Every input that once crashed huong under the fuzzer (`fuzz/`), replayed through the real
//! binary: each file of `tests/fixtures/fuzz-crashes/TARGET/` is put where that fuzz target puts
//! its input, in a copy of the bilingual fixture, and the build must end with a diagnostic
//! (exit 0 or 1), never a panic, and name the file.

mod common;

use std::fs;
use std::path::Path;

use common::Site;

/// Where each fuzz target's input goes in a site, and what surrounds it there.
fn place(target: &str, input: &[u8]) -> (&'static str, Vec<u8>) {
    match target {
        "fluent" => ("locales/vi/fuzz.ftl", input.to_vec()),
        "front_matter" => ("content/di-san/fuzz.vi.md", input.to_vec()),
        "site_toml" => ("site.toml", input.to_vec()),
        "markdown" => {
            let mut page = b"+++\ntitle = \"Fuzz\"\n+++\n".to_vec();
            page.extend_from_slice(input);
            ("content/di-san/fuzz.vi.md", page)
        }
        other => panic!("no place for the fuzz target `{other}`: add it here"),
    }
}

#[test]
fn inputs_that_crashed_the_fuzzer_end_in_a_diagnostic() {
    let crashes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-crashes");
    let mut replayed = 0;
    for target in fs::read_dir(&crashes).unwrap() {
        let target = target.unwrap();
        let name = target.file_name().to_string_lossy().to_string();
        for input in fs::read_dir(target.path()).unwrap() {
            let input = input.unwrap().path();
            let (rel, bytes) = place(&name, &fs::read(&input).unwrap());
            let site = Site::fixture("bilingual");
            site.write(rel, bytes);
            let run = site.build();
            assert!(
                !run.stderr.contains("panicked") && (0..=2).contains(&run.code),
                "{}: exit {}\n{}",
                input.display(),
                run.code,
                run.stderr
            );
            assert!(
                run.stderr.contains(rel),
                "{}: {}",
                input.display(),
                run.stderr
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no input replayed from {}", crashes.display());
}
