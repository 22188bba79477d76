//! Markdown fidelity through the real binary: what CommonMark says is code is published as
//! written, shortcodes outside it still render, table alignment is a class (the strict
//! Content-Security-Policy blocks `style` attributes), and raw HTML keeps what an article needs
//! but nothing that runs code, while the theme's shortcodes keep theirs.

mod common;

use common::Site;

const PAGE: &str = "content/di-san/lang-tu-duc/index.vi.md";

fn built_with(body: &str) -> String {
    let site = Site::fixture("bilingual");
    site.write(PAGE, format!("+++\ntitle = \"Lăng Tự Đức\"\n+++\n{body}"));
    site.build().expect_code(0);
    site.output("di-san/lang-tu-duc/index.html")
}

#[test]
fn table_cells_are_aligned_by_class_in_head_and_body() {
    let html = built_with(
        "| trái | giữa | phải | không |\n| :--- | :---: | ---: | --- |\n| 1 | 2 | 3 | 4 |\n",
    );
    for cell in [
        r#"<th class="align-left">trái</th>"#,
        r#"<th class="align-center">giữa</th>"#,
        r#"<th class="align-right">phải</th>"#,
        "<th>không</th>",
        r#"<td class="align-left">1</td>"#,
        r#"<td class="align-center">2</td>"#,
        r#"<td class="align-right">3</td>"#,
        "<td>4</td>",
    ] {
        assert!(html.contains(cell), "no {cell} in:\n{html}");
    }
    assert!(!html.contains("style=\"text-align"), "{html}");
}

#[test]
fn code_and_raw_html_keep_what_looks_like_shortcodes_and_styles() {
    let html = built_with(concat!(
        "Inline `foo style=\"text-align: center\"` and `{{ figure(src=\"ho.png\") }}`.\n\n",
        "    {{ figure(src=\"ho.png\", alt=\"Hồ Lưu Khiêm\") }}\n\n",
        "`````\n```\n{% figure(src=\"ho.png\") %}\n```\n`````\n\n",
        "<div class=\"box\" style=\"text-align: center\">hộp</div>\n\n",
        "{{ figure(src=\"ho.png\", alt=\"Hồ Lưu Khiêm\") }}\n\n",
        "Giá \\{{ không phải shortcode }}.\n",
    ));
    // Code: as written (quotes need no escaping in element content).
    assert!(
        html.contains(r#"<code>foo style="text-align: center"</code>"#),
        "{html}"
    );
    assert!(html.contains(r#"<code>{{ figure(src="ho.png") }}</code>"#));
    assert!(
        html.contains(
            "<pre><code>{{ figure(src=\"ho.png\", alt=\"Hồ Lưu Khiêm\") }}\n</code></pre>"
        )
    );
    assert!(html.contains("```\n{% figure(src=\"ho.png\") %}\n```\n</code></pre>"));
    // Raw HTML: its class kept, its style removed by the cleaning (not rewritten into a class).
    assert!(html.contains(r#"<div class="box">hộp</div>"#), "{html}");
    // The call outside code still renders, once.
    assert_eq!(html.matches("<figure>").count(), 1, "{html}");
    assert!(html.contains(r#"<img src="/di-san/lang-tu-duc/ho.png" alt="Hồ Lưu Khiêm">"#));
    // An escaped brace shows literal braces.
    assert!(html.contains("Giá {{ không phải shortcode }}."), "{html}");
}

/// Regression: `## Main` got `id="main"`, the id of the theme's `<main>`, twice on a page.
#[test]
fn heading_ids_avoid_the_ids_the_theme_uses() {
    let html = built_with("## Main\n\nA.\n\n## Toc heading\n\nB.\n\n## Main\n\nC.\n");
    for id in ["main", "toc-heading"] {
        assert_eq!(
            html.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}: {html}"
        );
    }
    assert!(html.contains(r#"<h2 id="main-1">Main</h2>"#), "{html}");
    assert!(html.contains(r#"<h2 id="toc-heading-1">Toc heading</h2>"#));
    assert!(html.contains(r#"<h2 id="main-2">Main</h2>"#));
    assert!(
        html.contains(r##"<a href="#main-1">Main</a>"##),
        "the table of contents follows"
    );
}

/// A page as an editor might paste it: raw HTML an article needs, and HTML that would run code,
/// above and below the summary marker, beside a shortcode of the theme that writes a frame.
const PASTED: &str = concat!(
    "+++\ntitle = \"Lăng Tự Đức\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"Di sản\"]\n+++\n",
    "Tóm tắt <abbr title=\"Ủy ban nhân dân\">UBND</abbr><script>alert(2)</script>.\n\n",
    "<!-- more -->\n\n",
    "<details><summary>Xem thêm</summary>\n\n",
    "Nội dung **ẩn**.\n\n",
    "</details>\n\n",
    "<a href=\"JavaScript:alert(1)\" onclick=\"steal()\">bấm</a> và <img src=\"ho.png\" onerror=\"steal()\" alt=\"Hồ\">\n\n",
    "<iframe src=\"https://example.com/\"></iframe>\n\n",
    "{{ video(id=\"abc\") }}\n\n",
    "## Lịch sử {onclick=steal() lang=vi}\n\n",
    "Chữ H<sub>2</sub>O.\n",
);

fn site_with_pasted_page() -> Site {
    let site = Site::fixture("bilingual");
    site.copy_default_theme();
    site.write(
        "themes/default/templates/shortcodes/video.html",
        "<iframe src=\"https://video.example/{{ id }}\" title=\"Video\"></iframe>",
    );
    site.write(PAGE, PASTED);
    site
}

/// Regression: raw HTML (`<script>`, `onclick=`, `javascript:`, `<iframe>`) was published
/// unchanged. It is removed, with a warning at each line that loses something, from the page,
/// its summary and the feed; what an article needs stays; the theme's
/// shortcode keeps its frame.
#[test]
fn raw_html_that_runs_code_is_removed_with_a_warning_at_its_line() {
    let site = site_with_pasted_page();
    let run = site.build().expect_code(0);
    let err = &run.stderr;
    assert!(
        err.contains("raw HTML that is not published: <script>"),
        "{err}"
    );
    assert!(
        err.contains("content/di-san/lang-tu-duc/index.vi.md:7:"),
        "{err}"
    );
    assert!(
        err.contains(
            "raw HTML that is not published: the address JavaScript:alert(1), onclick= on <a>"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/di-san/lang-tu-duc/index.vi.md:17:1"),
        "{err}"
    );
    assert!(err.contains("onerror= on <img>"), "{err}");
    assert!(
        err.contains("raw HTML that is not published: <iframe>"),
        "{err}"
    );
    assert!(err.contains("index.vi.md:19:1"), "{err}");
    assert!(
        err.contains("heading attributes that are not published: onclick="),
        "{err}"
    );
    assert!(
        !err.contains("<details>"),
        "allowed HTML needs no warning: {err}"
    );

    let html = site.output("di-san/lang-tu-duc/index.html");
    for kept in [
        "<abbr title=\"Ủy ban nhân dân\">UBND</abbr>",
        "<details><summary>Xem thêm</summary>",
        "<p>Nội dung <strong>ẩn</strong>.</p>",
        "<a>bấm</a>",
        "alt=\"Hồ\"",
        "<iframe src=\"https://video.example/abc\" title=\"Video\"></iframe>",
        "lang=\"vi\">Lịch sử</h2>",
        "H<sub>2</sub>O",
    ] {
        assert!(html.contains(kept), "{kept} is missing from:\n{html}");
    }
    let body = &html[html.find("<h1").unwrap()..html.find("</article>").unwrap()];
    for removed in [
        "alert(",
        "steal()",
        "JavaScript:",
        "example.com",
        "onclick",
        "onerror",
    ] {
        assert!(!body.contains(removed), "{removed} is published:\n{body}");
    }
    assert_eq!(html.matches("<iframe").count(), 1, "{html}");

    // The feed carries the summary and the page.
    let feed = site.output("atom.xml");
    assert!(feed.contains("UBND"), "{feed}");
    assert!(
        !feed.contains("alert(") && !feed.contains("steal()"),
        "{feed}"
    );
    roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
}

/// `[markdown] unsafe_html = true`: a site that trusts its editors publishes raw HTML as written.
#[test]
fn a_site_can_trust_raw_html_in_site_toml() {
    let site = site_with_pasted_page();
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}\n[markdown]\nunsafe_html = true\n"),
    );
    let run = site.build().expect_code(0);
    assert!(!run.stderr.contains("not published"), "{}", run.stderr);
    let html = site.output("di-san/lang-tu-duc/index.html");
    assert!(html.contains("<script>alert(2)</script>"), "{html}");
    assert!(html.contains("onclick=\"steal()\""), "{html}");

    site.write(
        "site.toml",
        format!("{config}\n[markdown]\nunsafe_htm = true\n"),
    );
    let run = site.build().expect_code(2);
    assert!(run.stderr.contains("site.toml:16:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `unsafe_html`?"),
        "{}",
        run.stderr
    );
}
