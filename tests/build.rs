//! `huong build` on the bilingual fixture: URLs, languages, links, outputs, determinism.

mod common;

use common::{Site, files_below};

fn built() -> Site {
    let site = Site::fixture("bilingual");
    site.build().expect_code(0);
    site
}

#[test]
fn pages_are_written_at_the_urls_of_the_design() {
    let site = built();
    for file in [
        "index.html",
        "en/index.html",
        "di-san/dai-noi/index.html",
        "en/heritage/imperial-city/index.html",
        "di-san/lang-tu-duc/index.html",
        "en/heritage/tomb-of-tu-duc/index.html",
        "ke-hoach-342/index.html",
        "en/plan-342/index.html",
        "404.html",
        "en/404.html",
    ] {
        assert!(
            site.has_output(file),
            "missing {file}: {:?}",
            site.output_files()
        );
    }
    assert!(
        site.output("index.html")
            .starts_with("<!DOCTYPE html>\n<html lang=\"vi\">")
    );
    assert!(
        site.output("en/heritage/imperial-city/index.html")
            .contains("<html lang=\"en\">")
    );
    assert!(site.output("en/404.html").contains("<html lang=\"en\">"));
}

#[test]
fn every_translation_is_announced_with_hreflang_and_x_default() {
    let site = built();
    let html = site.output("di-san/dai-noi/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://example.org/di-san/dai-noi/">"#));
    assert!(html.contains(r#"<link rel="alternate" hreflang="en" href="https://example.org/en/heritage/imperial-city/">"#));
    assert!(html.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/di-san/dai-noi/">"#
    ));
    assert!(
        html.contains(
            r#"<a href="/en/heritage/imperial-city/" lang="en" hreflang="en">English</a>"#
        )
    );
}

#[test]
fn the_switcher_offers_only_translations_that_exist() {
    let site = built();
    let html = site.output("di-san/chua-thien-mu/index.html");
    assert!(
        !html.contains("hreflang=\"en\""),
        "no English version exists"
    );
    assert!(html.contains(r#"<span class="unavailable" lang="en">English"#));
}

#[test]
fn links_resolve_in_the_language_of_the_linking_page() {
    let site = built();
    assert!(
        site.output("index.html")
            .contains(r#"<a href="/di-san/dai-noi/">Đại Nội</a>"#)
    );
    assert!(
        site.output("en/index.html")
            .contains(r#"<a href="/en/heritage/imperial-city/">the Imperial City</a>"#)
    );
    let english = site.output("en/heritage/imperial-city/index.html");
    // A bundle linked as `@/di-san/lang-tu-duc.md` resolves to the English bundle page.
    assert!(english.contains(r#"<a href="/en/heritage/tomb-of-tu-duc/">the tomb of Tự Đức</a>"#));
    // No English Thiên Mụ page: the link leads to the Vietnamese one and says so.
    assert!(
        english
            .contains(r#"<a href="/di-san/chua-thien-mu/" hreflang="vi">the Thiên Mụ pagoda</a>"#)
    );
    let vietnamese = site.output("di-san/dai-noi/index.html");
    assert!(
        vietnamese.contains(r#"<a href="/di-san/lang-tu-duc/">lăng Tự Đức</a>"#),
        "relative link"
    );
    assert!(vietnamese.contains(r##"<a href="#ngo-mon">Ngọ Môn</a>"##));
}

#[test]
fn headings_get_unique_ascii_ids_and_a_summary() {
    let site = built();
    let html = site.output("di-san/dai-noi/index.html");
    assert!(html.contains(r#"<h2 id="hoang-thanh">Hoàng thành</h2>"#));
    assert!(html.contains(r#"<h2 id="ngo-mon">Ngọ Môn</h2>"#));
    assert!(html.contains(r#"<h2 id="hoang-thanh-1">Hoàng thành</h2>"#));
    let feed = site.output("atom.xml");
    assert!(
        feed.contains(
            "<summary type=\"html\">&lt;p&gt;Hoàng thành Huế, tóm tắt.&lt;/p&gt;\n</summary>"
        ),
        "{feed}"
    );
}

#[test]
fn bundle_files_are_copied_once_and_shared_by_languages() {
    let site = built();
    let images: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with("ho.png"))
        .collect();
    assert_eq!(images, ["di-san/lang-tu-duc/ho.png"]);
    assert!(
        site.output("en/heritage/tomb-of-tu-duc/index.html")
            .contains(r#"<img src="/di-san/lang-tu-duc/ho.png" alt="Lưu Khiêm lake" />"#)
    );
}

#[test]
fn translations_inherit_shared_fields_from_the_original() {
    let site = built();
    // dai-noi.en.md sets no date; it takes 2022-09-19 from dai-noi.vi.md.
    let html = site.output("en/heritage/imperial-city/index.html");
    assert!(html.contains(r#"<time datetime="2022-09-19">"#), "{html}");
    assert!(
        site.output("en/atom.xml")
            .contains("<published>2022-09-19T00:00:00+00:00</published>")
    );
}

#[test]
fn sitemap_lists_every_language_with_alternates() {
    let site = built();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/di-san/dai-noi/</loc>\n    <lastmod>2022-09-19</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org/di-san/dai-noi/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/heritage/imperial-city/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/di-san/dai-noi/\"/>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/en/topics/unesco-heritage/</loc>"));
    assert!(
        !sitemap.contains("ban-nhap"),
        "drafts stay out of the sitemap"
    );
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

/// The sitemaps protocol allows 50,000 URLs a file. Past the limit (here three, on the fixture),
/// the URLs go into `sitemap1.xml`, `sitemap2.xml`... in order, each within the limit, and
/// `sitemap.xml` (the address robots.txt gives) becomes their index.
#[test]
fn a_sitemap_past_the_limit_is_split_under_an_index() {
    let site = built();
    let whole = site.output("sitemap.xml");
    let options = huong::build::SiteOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let model = huong::build::inspect(&options).unwrap().site;
    assert_eq!(
        huong::output::sitemap::render_sitemaps(&model, usize::MAX).len(),
        1,
        "a site within the limit keeps one sitemap"
    );
    let files = huong::output::sitemap::render_sitemaps(&model, 3);
    let text = |artifact: &huong::artifact::Artifact| match &artifact.content {
        huong::artifact::ArtifactContent::Bytes(bytes) => {
            String::from_utf8(bytes.to_vec()).unwrap()
        }
        _ => panic!("a sitemap is made of bytes"),
    };
    let (index, parts) = files.split_last().unwrap();
    assert_eq!(index.path, "sitemap.xml");
    let index = text(index);
    assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let mut urls = Vec::new();
    for (number, part) in parts.iter().enumerate() {
        let name = format!("sitemap{}.xml", number + 1);
        assert_eq!(part.path, name);
        assert!(
            index.contains(&format!("<loc>https://example.org/{name}</loc>")),
            "{index}"
        );
        let part = text(part);
        let listed: Vec<&str> = part.split("<url>").skip(1).collect();
        assert!((1..=3).contains(&listed.len()), "{part}");
        urls.extend(listed.into_iter().map(str::to_string));
    }
    // Each `<url>` element, without the spaces and the end of the file that follow it.
    let element = |url: &str| url.replace("</urlset>\n", "").trim().to_string();
    let whole: Vec<String> = whole.split("<url>").skip(1).map(element).collect();
    let urls: Vec<String> = urls.iter().map(|url| element(url)).collect();
    assert!(whole.len() > 6, "the fixture has {} URLs", whole.len());
    assert_eq!(urls, whole, "the parts list every URL once, in order");
}

#[test]
fn feeds_exist_per_language_and_per_term() {
    let site = built();
    let vi = site.output("atom.xml");
    assert!(vi.contains("xml:lang=\"vi\""));
    assert!(vi.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/tin-tuc/tin-3/\"/>"
    ));
    assert!(
        site.output("en/atom.xml")
            .contains("https://example.org/en/plan-342/")
    );
    let term = site.output("chu-de/di-san-unesco/atom.xml");
    assert!(
        term.contains("https://example.org/di-san/chua-thien-mu/")
            && term.contains("https://example.org/di-san/dai-noi/")
    );
}

#[test]
fn taxonomy_pages_use_the_per_language_slug() {
    let site = built();
    assert!(site.output("chu-de/index.html").contains(
        r#"<a href="/chu-de/di-san-unesco/">Di sản UNESCO</a> <span class="count">(2)</span>"#
    ));
    assert!(
        site.output("en/topics/unesco-heritage/index.html")
            .contains("The Imperial City")
    );
}

/// Lists the site makes have no front matter: a tag's page, the list of tags and the search
/// page say when their newest page last changed (its `updated`, else its `date`), and the
/// sitemap gives that date to the tag pages too.
#[test]
fn generated_lists_show_when_their_newest_page_changed() {
    let site = built();
    let last_updated = |path: &str| {
        let html = site.output(path);
        let start = html
            .find(r#"<p class="meta">"#)
            .unwrap_or_else(|| panic!("no date line in {path}"));
        html[start..].lines().next().unwrap_or_default().to_string()
    };
    // Thiên Mụ (date 2021-05-01, updated 2023-06-01) beats Đại Nội (2022-09-19).
    let vi = r#"<p class="meta">Cập nhật lần cuối: <time datetime="2023-06-01">1 tháng 6 2023</time></p>"#;
    assert_eq!(last_updated("chu-de/di-san-unesco/index.html"), vi);
    assert_eq!(last_updated("chu-de/index.html"), vi);
    assert_eq!(last_updated("tim-kiem/index.html"), vi);
    // In English only Đại Nội carries the tag; its translation has the original's date.
    let en =
        r#"<p class="meta">Last updated: <time datetime="2022-09-19">19 September 2022</time></p>"#;
    assert_eq!(last_updated("en/topics/unesco-heritage/index.html"), en);
    assert_eq!(last_updated("en/search/index.html"), en);
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/chu-de/di-san-unesco/</loc>\n    <lastmod>2023-06-01</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built();
    let html = site.output("cu/dai-noi.html");
    assert!(html.contains(
        r#"<meta http-equiv="refresh" content="0; url=https://example.org/di-san/dai-noi/">"#
    ));
    assert!(html.contains(r#"<link rel="canonical" href="https://example.org/di-san/dai-noi/">"#));
}

#[test]
fn sections_paginate_and_sort() {
    let site = built();
    let first = site.output("tin-tuc/index.html");
    // Newest first: tin-3 (March), tin-2, then page 2 has tin-1 and the plan (2022).
    let (three, two) = (
        first.find("Tin số 3").unwrap(),
        first.find("Tin số 2").unwrap(),
    );
    assert!(three < two);
    assert!(!first.contains("Tin số 1"));
    assert!(first.contains(r#"<a href="/tin-tuc/page/2/" rel="next">"#));
    let second = site.output("tin-tuc/page/2/index.html");
    assert!(second.contains("Tin số 1") && second.contains("Kế hoạch 342"));
    // sort_by = "title" uses Vietnamese collation: Ă sorts with A, before C; Đ after D.
    let heritage = site.output("di-san/index.html");
    let order: Vec<usize> = ["Ăn Khiêm", "Chùa Thiên Mụ", "Đại Nội"]
        .iter()
        .map(|t| heritage.find(t).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = built();
    assert!(!site.has_output("tin-tuc/ban-nhap/index.html"));
    site.huong(&["build", "--drafts"]).expect_code(0);
    assert!(site.has_output("tin-tuc/ban-nhap/index.html"));
}

#[test]
fn output_is_byte_identical_between_builds() {
    let site = built();
    let other = Site::fixture("bilingual");
    other.build().expect_code(0);
    let files = site.output_files();
    assert_eq!(files, other.output_files());
    for file in files {
        let (a, b) = (
            std::fs::read(site.path("public").join(&file)).unwrap(),
            std::fs::read(other.path("public").join(&file)).unwrap(),
        );
        assert!(a == b, "{file} differs between builds");
    }
}

#[test]
fn base_url_and_output_dir_can_be_overridden() {
    let site = Site::fixture("bilingual");
    site.huong(&[
        "build",
        "-o",
        "preview",
        "--base-url",
        "https://preview.example.org/",
    ])
    .expect_code(0);
    let html = std::fs::read_to_string(site.path("preview/index.html")).unwrap();
    assert!(html.contains(r#"<link rel="canonical" href="https://preview.example.org/">"#));
    assert!(!site.path("public").exists());
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let site = built();
    site.remove("content/tin-tuc/tin-1.vi.md");
    site.build().expect_code(0);
    assert!(!site.has_output("tin-tuc/tin-1/index.html"));
    assert!(site.has_output(".huong-output"));
    // No staging folders are left beside the output.
    let leftovers: Vec<String> = files_below(site.root())
        .into_iter()
        .filter(|f| f.contains(".huong-new") || f.contains(".huong-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn source_date_epoch_dates_feeds_without_dated_entries() {
    let site = Site::empty();
    site.huong(&["init", "new-site"]).expect_code(0);
    site.write(
        "new-site/content/gioi-thieu.vi.md",
        "+++\ntitle = \"Giới thiệu\"\n+++\nKhông ngày.\n",
    );
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_huong"))
        .args(["build", "--root", "new-site"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1663545600")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let feed = std::fs::read_to_string(site.path("new-site/public/en/atom.xml")).unwrap();
    assert!(
        feed.contains("<updated>2022-09-19T00:00:00Z</updated>"),
        "{feed}"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = Site::empty();
    site.huong(&["init", "portal"]).expect_code(0);
    site.huong(&["build", "--root", "portal"]).expect_code(0);
    let home = std::fs::read_to_string(site.path("portal/public/en/index.html")).unwrap();
    assert!(home.contains("<a href=\"/en/about/\">About</a>"), "{home}");
    // Its one kind: an event on a lunar date, on its page, its calendar and in its data.
    let tet = std::fs::read_to_string(site.path("portal/public/en/events/tet/index.html")).unwrap();
    assert!(
        tet.contains("<dt>When</dt><dd>1st day of the 1st lunar month ("),
        "{tet}"
    );
    let calendar = std::fs::read_to_string(site.path("portal/public/su-kien/index.html")).unwrap();
    assert!(calendar.contains("(1 tháng Giêng âm lịch)"), "{calendar}");
    assert!(site.path("portal/public/en/data/event.ics").is_file());
    site.huong(&["check", "--strict", "--root", "portal"])
        .expect_code(0);
    // A second init into the same folder refuses to overwrite.
    let run = site.huong(&["init", "portal"]).expect_code(2);
    assert!(run.stderr.contains("already exists and is not empty"));
}

#[test]
fn check_reports_translation_gaps_as_json() {
    let site = Site::fixture("bilingual");
    let run = site.huong(&["check", "--format", "json"]).expect_code(0);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    let gap = findings
        .iter()
        .find(|f| f["message"] == "`content/di-san/chua-thien-mu.vi.md` has no `en` translation")
        .expect("the missing translation is reported");
    assert_eq!(gap["severity"], "warning");
    let link = findings
        .iter()
        .find(|f| f["file"] == "content/di-san/dai-noi.en.md")
        .unwrap();
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(9), Some(55))
    );
    assert!(!site.path("public").exists(), "check writes nothing");
    // --strict turns the gaps into errors.
    site.huong(&["check", "--strict"]).expect_code(1);
    site.huong(&["build", "--strict"]).expect_code(1);
    assert!(!site.path("public").exists());
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let site = built();
    assert!(
        site.output("di-san/dai-noi/index.html")
            .contains(r#"<time datetime="2022-09-19">19 tháng 9 2022</time>"#)
    );
    assert!(
        site.output("en/heritage/imperial-city/index.html")
            .contains(r#"<time datetime="2022-09-19">19 September 2022</time>"#)
    );
}

#[test]
fn pages_carry_open_graph_and_safe_structured_data() {
    let site = built();
    let html = site.output("en/heritage/imperial-city/index.html");
    assert!(html.contains(r#"<meta property="og:locale" content="en_GB">"#));
    assert!(html.contains(r#"<meta property="og:locale:alternate" content="vi_VN">"#));
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    let start = html.find(r#"<script type="application/ld+json">"#).unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["@graph"][2]["headline"], "The Imperial City");
    assert_eq!(data["@graph"][2]["datePublished"], "2022-09-19");
    // No inline script or event handler: the pages work under a strict CSP.
    assert!(!html.contains("<script>") && !html.contains(" onclick="));
}

#[test]
fn aligned_table_columns_use_classes_not_inline_styles() {
    let site = Site::fixture("bilingual");
    site.write(
        "content/tin-tuc/bang.vi.md",
        "+++\ntitle = \"Bảng\"\n+++\n| Năm | Di sản |\n| ---: | :--- |\n| 1993 | Quần thể di tích Cố đô Huế |\n",
    );
    site.build().expect_code(0);
    let html = site.output("tin-tuc/bang/index.html");
    assert!(
        html.contains(r#"<th class="align-right">Năm</th>"#),
        "{html}"
    );
    assert!(
        !html.contains("style="),
        "a strict CSP blocks inline styles"
    );
}

/// Regression: control characters pasted into a title or a body reached the HTML and made the
/// Atom feed invalid XML. They are removed with a warning at their line; every XML output parses.
#[test]
fn control_characters_are_removed_and_every_xml_output_parses() {
    let site = Site::fixture("bilingual");
    site.write(
        "content/tin-tuc/tin-4.vi.md",
        "+++\ntitle = \"Tin \u{7}có chuông\"\ndate = 2024-05-01\ndescription = \"Mô tả \\u0001 ẩn\"\n+++\nThân \u{b}bài \u{1b}[1m.\n",
    );
    let run = site.build().expect_code(0);
    assert!(
        run.stderr.contains("content/tin-tuc/tin-4.vi.md:2:1"),
        "the warning names the first line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("invisible control characters (U+0007)"),
        "{}",
        run.stderr
    );
    let page = site.output("tin-tuc/tin-4/index.html");
    assert!(page.contains("Tin có chuông"), "{page}");
    // The search index's terms files are binary: their bytes are numbers, not text.
    let text_files = site.output_files().into_iter();
    for file in text_files.filter(|file| !file.ends_with(".bin")) {
        let text = std::fs::read_to_string(site.path("public").join(&file)).unwrap_or_default();
        let control = text
            .chars()
            .find(|c| (c.is_control() && !"\t\n\r".contains(*c)) && (*c as u32) < 0x80);
        assert_eq!(control, None, "{file} holds a control character");
        if file.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}

/// Regression: `Thumbs.db`, `desktop.ini`, vim's `4913` probe and backup files were published.
#[test]
fn operating_system_and_editor_leftovers_are_never_published() {
    let site = Site::fixture("bilingual");
    let junk = [
        "Thumbs.db",
        "desktop.ini",
        "4913",
        "index.vi.md.bak",
        "ho.png.orig",
        "~$bao-cao.docx",
        "index.vi.md.kate-swp",
    ];
    for name in junk {
        site.write(&format!("content/di-san/lang-tu-duc/{name}"), "rác");
        site.write(&format!("static/{name}"), "rác");
    }
    site.build().expect_code(0);
    let published: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|file| junk.iter().any(|name| file.ends_with(name)))
        .collect();
    assert!(published.is_empty(), "published: {published:?}");
    assert!(site.has_output("di-san/lang-tu-duc/ho.png"));
}
