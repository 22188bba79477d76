//! The translation workflow: status reports, out-of-date detection, stubs, the strict gate,
//! the notice mode, tag pairs and the editor lints.

mod common;

use common::Site;
use serde_json::Value;

fn status(site: &Site) -> Value {
    let run = site
        .huong(&["i18n", "status", "--format", "json"])
        .expect_code(0);
    serde_json::from_str(&run.stdout).unwrap()
}

fn section<'a>(status: &'a Value, name: &str) -> &'a Value {
    status["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == name)
        .unwrap()
}

fn state_of(status: &Value, original: &str) -> String {
    status["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["languages"]["en"]["pages"].as_array().unwrap().iter())
        .find(|p| p["original"] == original)
        .map(|p| p["state"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no entry for {original}"))
}

#[test]
fn status_counts_each_state_per_section() {
    let site = Site::fixture("translations");
    let status = status(&site);
    assert_eq!(status["schema"], "huong.i18n-status/1");
    let heritage = &section(&status, "di-san")["languages"]["en"];
    assert_eq!(
        (
            heritage["originals"].as_u64(),
            heritage["translated"].as_u64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(heritage["missing"], 1);
    assert_eq!(
        state_of(&status, "content/di-san/dai-noi.vi.md"),
        "out_of_date"
    );
    assert_eq!(
        state_of(&status, "content/di-san/lang-tu-duc.vi.md"),
        "unverified"
    );
    assert_eq!(section(&status, "tin-tuc")["required"], false);
    let table = site.huong(&["i18n", "status"]).expect_code(0).stdout;
    assert!(
        table.contains("di-san              en    3          2 (66%)"),
        "{table}"
    );
    assert!(
        table.contains("[en] content/di-san/chua-thien-mu.vi.md: missing"),
        "{table}"
    );
}

#[test]
fn an_edited_original_makes_its_translation_out_of_date_until_marked() {
    let site = Site::fixture("translations");
    site.huong(&["i18n", "mark", "content/di-san/dai-noi.en.md"])
        .expect_code(0);
    assert!(
        std::fs::read_to_string(site.path("content/di-san/dai-noi.en.md"))
            .unwrap()
            .starts_with("+++\ntranslated_from = \"")
    );
    assert_eq!(
        state_of(&status(&site), "content/di-san/dai-noi.vi.md"),
        "current"
    );
    // `build` frees each Markdown text once its body is rendered: it must still compare the
    // original's whole text, as `i18n status` does.
    let build = site.huong(&["build"]).expect_code(0);
    assert!(
        !build.stderr.contains("dai-noi.en.md` is out of date"),
        "{}",
        build.stderr
    );

    // Spacing, CRLF and decomposed accents do not need translating.
    let reflowed = "+++\r\ntitle = \"Đại  Nội\"\r\ndate = 2022-09-19\r\n[taxonomies]\r\ntags = [\"Di sản UNESCO\", \"Kiến trúc\"]\r\n+++\r\nHoàng   thành\r\nHuế.\r\n\r\n\r\nCó ba vòng thành.   \r\n";
    let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(reflowed).collect();
    site.write("content/di-san/dai-noi.vi.md", decomposed);
    assert_eq!(
        state_of(&status(&site), "content/di-san/dai-noi.vi.md"),
        "current"
    );

    // A changed word does.
    site.write("content/di-san/dai-noi.vi.md", "+++\ntitle = \"Đại Nội\"\ndate = 2022-09-19\nupdated = 2024-03-01\n+++\nHoàng thành Huế.\n\nCó bốn vòng thành.\n");
    let after = status(&site);
    assert_eq!(
        state_of(&after, "content/di-san/dai-noi.vi.md"),
        "out_of_date"
    );
    let entry = after["sections"][0]["languages"]["en"]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["original"] == "content/di-san/dai-noi.vi.md")
        .unwrap()
        .clone();
    assert_eq!(entry["changed"], "2024-03-01");
    let check = site.huong(&["check"]).expect_code(0);
    assert!(check.stderr.contains("`content/di-san/dai-noi.en.md` is out of date: `content/di-san/dai-noi.vi.md` changed since it was translated (changed 2024-03-01)"), "{}", check.stderr);

    site.huong(&["i18n", "mark", "content/di-san/dai-noi.en.md"])
        .expect_code(0);
    assert_eq!(
        state_of(&status(&site), "content/di-san/dai-noi.vi.md"),
        "current"
    );
}

#[test]
fn marking_an_original_or_a_stranger_is_refused() {
    let site = Site::fixture("translations");
    let run = site
        .huong(&["i18n", "mark", "content/di-san/dai-noi.vi.md"])
        .expect_code(1);
    assert!(
        run.stderr.contains("is an original, not a translation"),
        "{}",
        run.stderr
    );
    let run = site
        .huong(&["i18n", "mark", "content/nowhere.en.md"])
        .expect_code(1);
    assert!(
        run.stderr.contains("is not a page of this site"),
        "{}",
        run.stderr
    );
}

#[test]
fn huong_new_makes_stubs_that_count_as_missing_until_translated() {
    let site = Site::fixture("translations");
    site.huong(&["new", "di-san/chua-thien-mu.md", "--lang", "en"])
        .expect_code(0);
    let stub = std::fs::read_to_string(site.path("content/di-san/chua-thien-mu.en.md")).unwrap();
    assert!(
        stub.contains("title = \"Chùa Thiên Mụ\"\nneeds_translation = true\n"),
        "{stub}"
    );
    assert!(
        stub.contains("Ngôi chùa cổ bên sông Hương."),
        "the translator gets the original text"
    );
    assert_eq!(
        state_of(&status(&site), "content/di-san/chua-thien-mu.vi.md"),
        "stub"
    );
    site.build().expect_code(0);
    assert!(
        !site.has_output("en/heritage/chua-thien-mu/index.html"),
        "a stub is not published"
    );

    site.write(
        "content/di-san/chua-thien-mu.en.md",
        stub.replace("title = \"Chùa Thiên Mụ\"", "title = \"Thiên Mụ Pagoda\"")
            .replace(
                "Ngôi chùa cổ bên sông Hương.",
                "An old pagoda on the Perfume River.",
            ),
    );
    site.huong(&["i18n", "mark", "content/di-san/chua-thien-mu.en.md"])
        .expect_code(0);
    assert!(
        !std::fs::read_to_string(site.path("content/di-san/chua-thien-mu.en.md"))
            .unwrap()
            .contains("needs_translation = true")
    );
    assert_eq!(
        state_of(&status(&site), "content/di-san/chua-thien-mu.vi.md"),
        "current"
    );
    site.build().expect_code(0);
    assert!(site.has_output("en/heritage/chua-thien-mu/index.html"));

    // A brand-new page: the original as a draft and a stub for English.
    site.huong(&["new", "le-hoi/festival-hue.md"])
        .expect_code(0);
    assert!(
        std::fs::read_to_string(site.path("content/le-hoi/festival-hue.vi.md"))
            .unwrap()
            .contains("draft = true")
    );
    assert!(site.path("content/le-hoi/festival-hue.en.md").exists());
    let again = site
        .huong(&["new", "le-hoi/festival-hue.md"])
        .expect_code(2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
}

#[test]
fn strict_check_fails_on_gaps_in_required_sections_and_names_them() {
    let site = Site::fixture("translations");
    let run = site.huong(&["check", "--strict"]).expect_code(1);
    assert!(
        run.stderr
            .contains("`content/di-san/chua-thien-mu.vi.md` has no `en` translation"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`content/di-san/dai-noi.en.md` is out of date"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("tin-1"),
        "tin-tuc is not required: {}",
        run.stderr
    );
}

#[test]
fn tags_are_paired_across_languages() {
    let site = Site::fixture("translations");
    site.build().expect_code(0);
    let vi = site.output("chu-de/di-san-unesco/index.html");
    assert!(vi.contains(r#"<link rel="alternate" hreflang="en" href="https://example.org/en/topics/unesco-heritage/">"#), "{vi}");
    assert!(
        vi.contains(r#"<a href="/en/topics/unesco-heritage/" lang="en" hreflang="en">English</a>"#)
    );
    // "Kiến trúc" is on dai-noi only, whose translation carries "UNESCO heritage" and
    // "Architecture": the term on exactly those pages is its counterpart.
    assert!(
        site.output("en/topics/architecture/index.html")
            .contains(r#"hreflang="vi" href="https://example.org/chu-de/kien-truc/""#)
    );
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/chu-de/kien-truc/</loc>\n    <lastmod>2022-09-19</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org/chu-de/kien-truc/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/topics/architecture/\"/>"), "{sitemap}");
}

#[test]
fn notice_mode_publishes_the_original_honestly() {
    let site = Site::fixture("notice");
    site.build().expect_code(0);
    let stand_in = site.output("en/heritage/chua-thien-mu/index.html");
    assert!(stand_in.contains("<html lang=\"en\">"));
    assert!(stand_in.contains("This page has not been translated into English yet."));
    assert!(stand_in.contains("<h1 lang=\"vi\">Chùa Thiên Mụ</h1>"));
    assert!(stand_in.contains("<div class=\"prose\" lang=\"vi\">"));
    assert!(
        stand_in
            .contains(r#"<link rel="canonical" href="https://example.org/di-san/chua-thien-mu/">"#)
    );
    assert!(
        !stand_in.contains("hreflang=\"en\""),
        "no hreflang claims an English version"
    );
    // The original's switcher offers the stand-in, marked, and no alternate claims it.
    let original = site.output("di-san/chua-thien-mu/index.html");
    assert!(original.contains(r#"<a href="/en/heritage/chua-thien-mu/" lang="en" class="untranslated">English<span class="visually-hidden">: chưa có bản dịch</span></a>"#), "{original}");
    assert!(!original.contains("hreflang=\"en\""));
    assert!(
        !site
            .output("sitemap.xml")
            .contains("/en/heritage/chua-thien-mu/")
    );
    assert!(
        !site
            .output("en/atom.xml")
            .contains("<title>Chùa Thiên Mụ</title>")
    );
    // In skip mode the page simply does not exist in English.
    let skip = Site::fixture("bilingual");
    skip.build().expect_code(0);
    assert!(!skip.has_output("en/heritage/chua-thien-mu/index.html"));
}

#[test]
fn lints_catch_what_editors_paste() {
    let site = Site::fixture("translations");
    let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(
        "+++\ntitle = \"Hoà bình\"\n+++\nDòng một.\nThừa Thiên Huế.\n",
    )
    .collect();
    site.write("content/tin-tuc/nfd.vi.md", decomposed);
    site.write(
        "content/tin-tuc/cu.vi.md",
        "+++\ntitle = \"Tài liệu cũ\"\n+++\nDòng một.\n\nÃ‚m Lá»‹ch Viá»‡t Nam\n",
    );
    site.write(
        "content/tin-tuc/hoa-binh.vi.md",
        "+++\ntitle = \"Hòa bình\"\n+++\nThân bài.\n",
    );
    site.write(
        "content/tin-tuc/anh.vi.md",
        "+++\ntitle = \"Ảnh\"\n+++\n![](ngo-mon.jpg)\n",
    );
    let run = site.huong(&["check"]).expect_code(0);
    let err = run.stderr;
    assert!(
        err.contains("this line is not in Unicode NFC")
            && err.contains("content/tin-tuc/nfd.vi.md:2:1"),
        "{err}"
    );
    assert!(
        err.contains("looks like UTF-8 text decoded as Windows-1252")
            && err.contains("content/tin-tuc/cu.vi.md:6:1"),
        "{err}"
    );
    assert!(err.contains("the titles `Hòa bình` (`content/tin-tuc/hoa-binh.vi.md`) and `Hoà bình` differ only by diacritics or tone marks"), "{err}");
    assert!(
        err.contains("the image `ngo-mon.jpg` has no alt text")
            && err.contains("content/tin-tuc/anh.vi.md:4:1"),
        "{err}"
    );
    assert!(
        err.contains("the UI string `visits` uses {$n} in `en` but {$count} in `vi`"),
        "{err}"
    );
}

#[test]
fn the_dashboard_is_written_outside_the_site() {
    let site = Site::fixture("translations");
    site.huong(&["i18n", "status", "--format", "html", "-o", "report.html"])
        .expect_code(0);
    let html = std::fs::read_to_string(site.path("report.html")).unwrap();
    assert!(
        html.contains(
            "<progress max=\"3\" value=\"2\" aria-label=\"Di sản en: 66%\">66%</progress>"
        ),
        "{html}"
    );
    site.build().expect_code(0);
    let run = site
        .huong(&[
            "i18n",
            "status",
            "--format",
            "html",
            "-o",
            "public/report.html",
        ])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("may not be written into the published site")
    );
}

/// Regression: with an English term that has no unique Vietnamese counterpart, two English tag
/// pages declared `hreflang="vi"` to one Vietnamese tag page that linked to neither. A pairing
/// holds only both ways; `check` names the terms left unpaired.
#[test]
fn tag_pages_pair_only_when_the_pairing_is_mutual() {
    let site = Site::fixture("bilingual");
    let page = |title: &str, tag: &str| {
        format!("+++\ntitle = \"{title}\"\n[taxonomies]\ntags = [\"{tag}\"]\n+++\nx\n")
    };
    site.write("content/tin-tuc/a.vi.md", page("A", "Huế"));
    site.write("content/tin-tuc/a.en.md", page("A", "Hue"));
    site.write("content/tin-tuc/b.vi.md", page("B", "Huế"));
    site.write("content/tin-tuc/b.en.md", page("B", "Hue city"));
    site.build().expect_code(0);
    for term in ["en/topics/hue/index.html", "en/topics/hue-city/index.html"] {
        let html = site.output(term);
        assert!(
            !html.contains("hreflang=\"vi\""),
            "{term} claims a Vietnamese version:\n{html}"
        );
    }
    assert!(
        !site
            .output("chu-de/hue/index.html")
            .contains("hreflang=\"en\"")
    );
    let run = site.huong(&["check"]).expect_code(0);
    let said = format!("{}{}", run.stdout, run.stderr);
    for term in [
        "`Hue` (en) has no `vi` counterpart",
        "`Hue city` (en) has no `vi` counterpart",
        "`Huế` (vi) has no `en` counterpart",
    ] {
        assert!(said.contains(term), "{term}:\n{said}");
    }
}
