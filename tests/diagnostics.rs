//! The full text of huong's diagnostics, as an editor reads it in a terminal or a CI log: the
//! message, `file:line:column`, the offending line with its caret and label, the `help:` line
//! and the closing summary. One snapshot per kind of mistake, in `tests/snapshots/`; review a
//! change with `cargo insta review`.
//!
//! The builds run with `--root <absolute path>` (so a path that names the site shows up) and
//! `CI=true` (set by the harness: plain text, no colours, no progress).

mod common;

use common::Site;

/// The page the tests break. It is in `tin-tuc/`, which the fixture does not require in
/// English, so no "has no `en` translation" warning joins the diagnostic under test.
const PAGE: &str = "content/tin-tuc/moi.vi.md";

/// Builds a copy of the `diagnostics` fixture after `break_it`, expects exit status `code`, and
/// returns stderr with the site's folder written as `[SITE]`.
fn diagnostics(code: i32, break_it: impl FnOnce(&Site)) -> String {
    let site = Site::fixture("diagnostics");
    break_it(&site);
    let root = site
        .root()
        .to_str()
        .expect("a UTF-8 temporary folder")
        .to_string();
    let run = site
        .huong(&["build", "--root", root.as_str()])
        .expect_code(code);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    redact(&run.stderr, &site)
}

/// Replaces the site's folder (as given and as resolved, when they differ) with `[SITE]`.
fn redact(text: &str, site: &Site) -> String {
    let mut roots = vec![site.root().display().to_string()];
    if let Ok(resolved) = site.root().canonicalize() {
        roots.push(resolved.display().to_string());
    }
    // Longest first, so that no path is replaced halfway.
    roots.sort_by_key(|root| std::cmp::Reverse(root.len()));
    let mut text = text.to_string();
    for root in roots {
        text = text.replace(&root, "[SITE]");
    }
    text
}

#[test]
fn the_fixture_itself_builds_without_a_diagnostic() {
    // Otherwise every snapshot below would hold warnings unrelated to its error.
    let site = Site::fixture("diagnostics");
    let run = site.build().expect_code(0);
    assert!(
        !run.stderr.contains("warning") && !run.stderr.contains("error"),
        "{}",
        run.stderr
    );
    let check = site.huong(&["check", "--format", "json"]).expect_code(0);
    assert_eq!(check.stdout.trim(), "[]");
}

#[test]
fn invalid_toml_front_matter() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\ndate = 2024-01-15\ndescription = \"chưa đóng\n+++\nThân bài.\n",
        );
    });
    insta::assert_snapshot!("invalid_toml_front_matter", text);
}

#[test]
fn invalid_yaml_front_matter() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "---\ntitle: Mới\ntaxonomies:\n  tags: [Lễ hội\n---\nThân bài.\n",
        );
    });
    insta::assert_snapshot!("invalid_yaml_front_matter", text);
}

#[test]
fn unknown_front_matter_key() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\ndiscription = \"Cổng chính của Hoàng thành\"\n+++\n",
        );
    });
    insta::assert_snapshot!("unknown_front_matter_key", text);
}

#[test]
fn wrong_front_matter_type() {
    let text = diagnostics(1, |site| {
        site.write(PAGE, "+++\ntitle = \"Mới\"\nweight = \"đầu tiên\"\n+++\n");
    });
    insta::assert_snapshot!("wrong_front_matter_type", text);
}

#[test]
fn invalid_slug() {
    let text = diagnostics(1, |site| {
        site.write(PAGE, "+++\ntitle = \"Mới\"\nslug = \"ngo mon/../\"\n+++\n");
    });
    insta::assert_snapshot!("invalid_slug", text);
}

#[test]
fn unknown_taxonomy() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n[taxonomies]\ntag = [\"Lễ hội\"]\n+++\n",
        );
    });
    insta::assert_snapshot!("unknown_taxonomy", text);
}

#[test]
fn broken_internal_link() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\nDòng một.\n\nXem [Ngọ Môn](@/di-san/ngo-mon.md) trước.\n",
        );
    });
    insta::assert_snapshot!("broken_internal_link", text);
}

#[test]
fn unknown_shortcode() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\nẢnh:\n\n{{ video(src=\"ngo-mon.mp4\") }}\n",
        );
    });
    insta::assert_snapshot!("unknown_shortcode", text);
}

#[test]
fn missing_title() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ndescription = \"Không có tiêu đề\"\ndate = 2024-01-15\n+++\n",
        );
    });
    insta::assert_snapshot!("missing_title", text);
}

#[test]
fn unknown_key_in_site_toml() {
    let text = diagnostics(2, |site| {
        let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
        let broken = config.replacen("base_url =", "baseURL =", 1);
        assert_ne!(config, broken);
        site.write("site.toml", broken);
    });
    // Named relative to the site, like content files.
    assert!(text.contains("─ site.toml:1:1"), "{text}");
    insta::assert_snapshot!("unknown_key_in_site_toml", text);
}

#[test]
fn language_suffix_not_in_languages() {
    let text = diagnostics(1, |site| {
        site.write(
            "content/di-san/dai-noi.fr.md",
            "+++\ntitle = \"La Cité impériale\"\n+++\n",
        );
    });
    insta::assert_snapshot!("language_suffix_not_in_languages", text);
}

#[test]
fn duplicate_output_path() {
    let text = diagnostics(1, |site| {
        site.write(
            PAGE,
            "+++\ntitle = \"Mới\"\npath = \"/di-san/dai-noi/\"\n+++\n",
        );
    });
    insta::assert_snapshot!("duplicate_output_path", text);
}
