//! Markdown fidelity through the real binary: what CommonMark says is code or raw HTML is
//! published as written, shortcodes outside it still render, and table alignment is a class
//! (the strict Content-Security-Policy blocks `style` attributes), not a rewrite of the HTML.

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
    // Raw HTML: as written, one class attribute, the style kept.
    assert!(html.contains(r#"<div class="box" style="text-align: center">hộp</div>"#));
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
