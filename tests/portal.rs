//! `huong build` on a small portal that combines features the way the Huế portal does: two
//! languages under the `notice` policy, English section and page slugs, page bundles, a
//! `translation_key`, YAML front matter, inherited shared fields, paired tags with feeds, a
//! paginated news section, shortcodes and internal links. Each test reads the real output the
//! way a visitor, a crawler or a feed reader would.

mod common;

use std::fs;

use common::Site;

/// A fresh copy of the portal fixture.
fn portal() -> Site {
    Site::fixture("portal")
}

fn built() -> Site {
    let site = portal();
    site.build().expect_code(0);
    site
}

/// The `href`s of a list page's `<ul class="page-list">`, in order.
fn listed(html: &str) -> Vec<String> {
    let start = html
        .find("<ul class=\"page-list\">")
        .unwrap_or_else(|| panic!("no page list in\n{html}"));
    let end = start + html[start..].find("</ul>").unwrap();
    html[start..end]
        .split("<a href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// The `<url>` blocks of the sitemap whose `<loc>` is `path`.
fn sitemap_entries<'a>(sitemap: &'a str, path: &str) -> Vec<&'a str> {
    let loc = format!("<loc>https://example.org{path}</loc>");
    sitemap
        .split("<url>")
        .skip(1)
        .map(|block| &block[..block.find("</url>").expect("an unclosed <url>")])
        .filter(|block| block.contains(loc.as_str()))
        .collect()
}

/// The `<id>` of every `<entry>` of an Atom feed, in order.
fn feed_entries(feed: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .map(|entry| {
            let start = entry.find("<id>").expect("an entry without <id>") + 4;
            let end = start + entry[start..].find("</id>").unwrap();
            entry[start..end].to_string()
        })
        .collect()
}

/// A small XML well-formedness check, enough for huong's feeds (no XML dependency): an XML
/// declaration, one root element, every element closed in order, attributes quoted and unique,
/// and `&` only as an entity in text and attribute values.
fn assert_well_formed_xml(xml: &str, name: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .unwrap_or_else(|| panic!("{name}: no XML declaration"));
    let mut open: Vec<String> = Vec::new();
    let mut roots = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if open.is_empty() {
            assert!(
                text.trim().is_empty(),
                "{name}: text outside the root: {text:?}"
            );
        }
        assert_entities(text, name);
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote: Option<char> = None;
        let mut end: Option<usize> = None;
        for (i, c) in rest[lt + 1..].char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(lt + 1 + i);
                    break;
                }
                (None, '<') => panic!("{name}: `<` inside a tag"),
                _ => {}
            }
        }
        let end = end.unwrap_or_else(|| panic!("{name}: a tag is never closed"));
        let tag = &rest[lt + 1..end];
        if let Some(closing) = tag.strip_prefix('/') {
            let expected = open.pop();
            assert_eq!(
                expected.as_deref(),
                Some(closing.trim()),
                "{name}: `</{closing}>` closes the wrong element"
            );
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let element = tag.split_whitespace().next().unwrap_or("");
            assert!(
                !element.is_empty()
                    && element
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.')),
                "{name}: bad element name in <{tag}>"
            );
            assert_attributes(&tag[element.len()..], name, tag);
            if open.is_empty() {
                roots.push(element.to_string());
            }
            if !self_closing {
                open.push(element.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(rest.trim().is_empty(), "{name}: text after the root");
    assert!(open.is_empty(), "{name}: never closed: {open:?}");
    assert_eq!(roots.len(), 1, "{name}: root elements {roots:?}");
}

fn assert_attributes(attributes: &str, name: &str, tag: &str) {
    let mut seen = Vec::new();
    let mut rest = attributes.trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .unwrap_or_else(|| panic!("{name}: attribute without value in <{tag}>"));
        let key = rest[..eq].trim();
        assert!(
            !key.is_empty() && !key.contains(char::is_whitespace),
            "{name}: bad attribute in <{tag}>"
        );
        assert!(!seen.contains(&key), "{name}: `{key}` twice in <{tag}>");
        seen.push(key);
        let after = rest[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|&c| matches!(c, '"' | '\''))
            .unwrap_or_else(|| panic!("{name}: unquoted `{key}` in <{tag}>"));
        let close = after[1..]
            .find(quote)
            .unwrap_or_else(|| panic!("{name}: unclosed `{key}` in <{tag}>"))
            + 1;
        let value = &after[1..close];
        assert!(!value.contains('<'), "{name}: `<` in `{key}` of <{tag}>");
        assert_entities(value, name);
        rest = after[close + 1..].trim_start();
    }
}

fn assert_entities(text: &str, name: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i + 1..];
        let named = ["amp;", "lt;", "gt;", "quot;", "apos;"]
            .iter()
            .any(|e| entity.starts_with(e));
        let numeric = entity.strip_prefix('#').is_some_and(|n| {
            let end = n.find(';').unwrap_or(0);
            let digits = &n[..end];
            end > 0
                && (digits.chars().all(|c| c.is_ascii_digit())
                    || digits
                        .strip_prefix('x')
                        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())))
        });
        assert!(
            named || numeric,
            "{name}: a bare `&` before {:?}",
            entity.chars().take(20).collect::<String>()
        );
    }
}

/// Gives the site its own copy of the default theme (a site's `themes/default/` replaces the
/// built-in one) whose page template shows `extra.image` as a cover picture, as a portal's
/// theme does.
fn with_cover_images(site: &Site) {
    site.copy_default_theme();
    let template = "themes/default/templates/page.html";
    let page = fs::read_to_string(site.path(template)).unwrap();
    let with_cover = page.replacen(
        "  <div class=\"prose\"",
        "  {% if page.extra.image %}<img class=\"cover\" src=\"{{ page.extra.image }}\" alt=\"\">{% endif %}\n  <div class=\"prose\"",
        1,
    );
    assert_ne!(
        page, with_cover,
        "the theme's page template changed; update this test"
    );
    site.write(template, with_cover);
}

#[test]
fn every_page_is_published_at_its_url_in_both_languages() {
    let site = built();
    for file in [
        "index.html",
        "en/index.html",
        // English section slugs (`slug` in `_index.en.md`) and page slugs.
        "di-san/index.html",
        "en/heritage/index.html",
        "di-san/dai-noi/index.html",
        "en/heritage/imperial-city/index.html",
        "tin-tuc/index.html",
        "en/news/index.html",
        // A `translation_key` pair keeps each file's own name.
        "tin-tuc/hoi-vat-lang-sinh/index.html",
        "en/news/sinh-wrestling-festival/index.html",
        // YAML front matter, translated.
        "tin-tuc/dem-hoang-cung/index.html",
        "en/news/dem-hoang-cung/index.html",
        // Untranslated pages get a stand-in under `notice`.
        "en/heritage/chua-thien-mu/index.html",
        "en/news/dien-hon-chen/index.html",
        "en/news/nha-nhac/index.html",
    ] {
        assert!(
            site.has_output(file),
            "missing {file}: {:?}",
            site.output_files()
        );
    }
    let english_sections: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("en/di-san/") || f.starts_with("en/tin-tuc/"))
        .collect();
    assert!(
        english_sections.is_empty(),
        "English pages use the English section slugs: {english_sections:?}"
    );
    assert!(
        site.output("di-san/dai-noi/index.html")
            .starts_with("<!DOCTYPE html>\n<html lang=\"vi\">")
    );
    let english = site.output("en/heritage/imperial-city/index.html");
    assert!(english.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(english.contains("<h1>The Imperial City of Huế</h1>"));
    // The YAML pages are read like the TOML ones.
    assert!(
        site.output("tin-tuc/dem-hoang-cung/index.html")
            .contains("<h1>Đêm Hoàng cung Huế</h1>")
    );
    assert!(
        site.output("en/news/dem-hoang-cung/index.html")
            .contains("<h1>Imperial Night at the Huế citadel</h1>")
    );
}

#[test]
fn translations_point_at_each_other_with_hreflang_and_the_switcher() {
    let site = built();
    // (Vietnamese URL, English URL): a bundle, a `translation_key` pair, a YAML pair.
    for (vi, en) in [
        ("/di-san/dai-noi/", "/en/heritage/imperial-city/"),
        (
            "/tin-tuc/hoi-vat-lang-sinh/",
            "/en/news/sinh-wrestling-festival/",
        ),
        ("/tin-tuc/dem-hoang-cung/", "/en/news/dem-hoang-cung/"),
    ] {
        for (own, html) in [
            (vi, site.output(&format!("{}index.html", &vi[1..]))),
            (en, site.output(&format!("{}index.html", &en[1..]))),
        ] {
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"https://example.org{own}\">"
                )),
                "{own}"
            );
            assert!(
                html.contains(&format!(
                    "<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org{vi}\">\n<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org{en}\">\n<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org{vi}\">"
                )),
                "{own}:\n{html}"
            );
        }
        let vietnamese = site.output(&format!("{}index.html", &vi[1..]));
        assert!(
            vietnamese.contains(&format!(
                "<a href=\"{en}\" lang=\"en\" hreflang=\"en\">English</a>"
            )),
            "{vi}"
        );
        let english = site.output(&format!("{}index.html", &en[1..]));
        assert!(
            english.contains(&format!(
                "<a href=\"{vi}\" lang=\"vi\" hreflang=\"vi\">Tiếng Việt</a>"
            )),
            "{en}"
        );
    }
    // An untranslated original offers its stand-in, marked, and claims no English alternate.
    let original = site.output("di-san/chua-thien-mu/index.html");
    assert!(original.contains(r#"<a href="/en/heritage/chua-thien-mu/" lang="en" class="untranslated">English<span class="visually-hidden">: chưa có bản dịch</span></a>"#), "{original}");
    assert!(!original.contains("hreflang=\"en\""));
}

#[test]
fn a_stand_in_shows_the_vietnamese_text_under_a_notice_and_claims_nothing() {
    let site = built();
    let stand_in = site.output("en/heritage/chua-thien-mu/index.html");
    // The page around it is English; the text is marked as Vietnamese.
    assert!(stand_in.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(stand_in.contains(
        "<div class=\"notice\" role=\"note\">\n    <p>This page has not been translated into English yet. The original text follows.</p>"
    ));
    assert!(stand_in.contains("<h1 lang=\"vi\">Chùa Thiên Mụ</h1>"));
    assert!(stand_in.contains("<div class=\"prose\" lang=\"vi\">"));
    assert!(stand_in.contains("Tháp Phước Duyên"));
    // Its date (from YAML front matter) is written the English way.
    assert!(stand_in.contains(r#"<time datetime="2024-05-01">1 May 2024</time>"#));
    // Search engines are sent to the original, and nothing calls the stand-in English.
    assert!(
        stand_in
            .contains(r#"<link rel="canonical" href="https://example.org/di-san/chua-thien-mu/">"#)
    );
    assert!(stand_in.contains(
        r#"<link rel="alternate" hreflang="vi" href="https://example.org/di-san/chua-thien-mu/">"#
    ));
    assert!(!stand_in.contains("hreflang=\"en\""));
    assert!(!stand_in.contains("hreflang=\"x-default\""));
    // Its structured data says its text is Vietnamese.
    assert!(
        stand_in.contains(r#""headline":"Chùa Thiên Mụ","inLanguage":"vi""#),
        "{stand_in}"
    );
    // It is listed in its English section, its title marked as Vietnamese, but not in the
    // feed, the sitemap or the tag page.
    let section = site.output("en/heritage/index.html");
    assert!(listed(&section).contains(&"/en/heritage/chua-thien-mu/".to_string()));
    assert!(
        section.contains(r#"<a href="/en/heritage/chua-thien-mu/" lang="vi">Chùa Thiên Mụ</a>"#),
        "{section}"
    );
    let feed = site.output("en/atom.xml");
    assert!(!feed.contains("/en/heritage/chua-thien-mu/"));
    assert!(!feed.contains("<title>Chùa Thiên Mụ</title>"));
    assert!(
        !site
            .output("sitemap.xml")
            .contains("/en/heritage/chua-thien-mu/")
    );
    assert!(
        !listed(&site.output("en/topics/heritage/index.html"))
            .contains(&"/en/heritage/chua-thien-mu/".to_string())
    );
}

#[test]
fn translations_inherit_date_weight_and_extra_from_the_original() {
    let site = portal();
    with_cover_images(&site);
    site.build().expect_code(0);
    // None of these English files sets a date: each takes its original's.
    for (file, time) in [
        (
            "en/heritage/imperial-city/index.html",
            r#"<time datetime="2024-01-15">15 January 2024</time>"#,
        ),
        // Paired by `translation_key`, not by file name.
        (
            "en/news/sinh-wrestling-festival/index.html",
            r#"<time datetime="2024-02-12">12 February 2024</time>"#,
        ),
        // YAML front matter.
        (
            "en/news/dem-hoang-cung/index.html",
            r#"<time datetime="2023-12-10">10 December 2023</time>"#,
        ),
    ] {
        let html = site.output(file);
        assert!(html.contains(time), "{file}:\n{html}");
    }
    // `extra.image` is written once, in the Vietnamese bundle page; the theme shows it on both.
    let cover = r#"<img class="cover" src="/di-san/dai-noi/ngo-mon.png" alt="">"#;
    assert!(site.output("di-san/dai-noi/index.html").contains(cover));
    assert!(
        site.output("en/heritage/imperial-city/index.html")
            .contains(cover)
    );
    assert!(site.has_output("di-san/dai-noi/ngo-mon.png"));
    // `weight = 1` too: the English heritage section sorts by weight, and only the inherited
    // weight puts the Imperial City first (by date or by title the pagoda comes first).
    assert_eq!(
        listed(&site.output("en/heritage/index.html")),
        ["/en/heritage/imperial-city/", "/en/heritage/chua-thien-mu/"]
    );
    let feed = site.output("en/atom.xml");
    assert!(
        feed.contains("<id>https://example.org/en/news/sinh-wrestling-festival/</id>\n    <published>2024-02-12T00:00:00+00:00</published>"),
        "{feed}"
    );
}

#[test]
fn the_news_section_paginates_by_two_in_both_languages() {
    let site = built();
    // Five articles, newest first: 2 + 2 + 1 on three list pages. The English list holds the
    // translations (dated by their originals) and the stand-ins, in the same order.
    let pages = [
        (
            "tin-tuc/index.html",
            vec!["/tin-tuc/festival-hue/", "/tin-tuc/dien-hon-chen/"],
        ),
        (
            "tin-tuc/page/2/index.html",
            vec!["/tin-tuc/hoi-vat-lang-sinh/", "/tin-tuc/nha-nhac/"],
        ),
        (
            "tin-tuc/page/3/index.html",
            vec!["/tin-tuc/dem-hoang-cung/"],
        ),
        (
            "en/news/index.html",
            vec!["/en/news/festival-hue/", "/en/news/dien-hon-chen/"],
        ),
        (
            "en/news/page/2/index.html",
            vec!["/en/news/sinh-wrestling-festival/", "/en/news/nha-nhac/"],
        ),
        (
            "en/news/page/3/index.html",
            vec!["/en/news/dem-hoang-cung/"],
        ),
    ];
    for (file, expected) in pages {
        assert_eq!(listed(&site.output(file)), expected, "{file}");
    }
    assert!(!site.has_output("tin-tuc/page/4/index.html"));
    assert!(!site.has_output("en/news/page/4/index.html"));

    let first = site.output("tin-tuc/index.html");
    assert!(first.contains(r#"<a href="/tin-tuc/page/2/" rel="next">Trang sau</a>"#));
    assert!(!first.contains("rel=\"prev\""));
    let middle = site.output("en/news/page/2/index.html");
    assert!(middle.contains(r#"<a href="/en/news/" rel="prev">Previous page</a>"#));
    assert!(middle.contains(r#"<a href="/en/news/page/3/" rel="next">Next page</a>"#));
    assert!(middle.contains(r#"<span aria-current="page">2</span>"#));
    let last = site.output("en/news/page/3/index.html");
    assert!(last.contains(r#"<a href="/en/news/page/2/" rel="prev">Previous page</a>"#));
    assert!(!last.contains("rel=\"next\""));
}

#[test]
fn tag_pages_pair_across_languages_with_their_own_feeds() {
    let site = built();
    // (Vietnamese term, English term, pages in Vietnamese, pages in English)
    let pairs = [
        (
            "/chu-de/di-san/",
            "/en/topics/heritage/",
            vec!["/di-san/chua-thien-mu/", "/di-san/dai-noi/"],
            vec!["/en/heritage/imperial-city/"],
        ),
        (
            "/chu-de/le-hoi/",
            "/en/topics/festivals/",
            vec![
                "/tin-tuc/festival-hue/",
                "/tin-tuc/dien-hon-chen/",
                "/tin-tuc/hoi-vat-lang-sinh/",
                "/tin-tuc/dem-hoang-cung/",
            ],
            vec![
                "/en/news/festival-hue/",
                "/en/news/sinh-wrestling-festival/",
                "/en/news/dem-hoang-cung/",
            ],
        ),
    ];
    for (vi, en, vi_pages, en_pages) in pairs {
        let vietnamese = site.output(&format!("{}index.html", &vi[1..]));
        let english = site.output(&format!("{}index.html", &en[1..]));
        for (html, own) in [(&vietnamese, vi), (&english, en)] {
            assert!(
                html.contains(&format!(
                    "<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org{vi}\">\n<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org{en}\">"
                )),
                "{own}:\n{html}"
            );
        }
        assert!(vietnamese.contains(&format!(
            "<a href=\"{en}\" lang=\"en\" hreflang=\"en\">English</a>"
        )));
        assert!(english.contains(&format!(
            "<a href=\"{vi}\" lang=\"vi\" hreflang=\"vi\">Tiếng Việt</a>"
        )));
        assert_eq!(listed(&vietnamese), vi_pages, "{vi}");
        assert_eq!(listed(&english), en_pages, "{en}");
        assert!(site.has_output(&format!("{}atom.xml", &vi[1..])));
        assert!(site.has_output(&format!("{}atom.xml", &en[1..])));
    }
    assert!(
        site.output("chu-de/index.html")
            .contains(r#"<a href="/chu-de/di-san/">Di sản</a> <span class="count">(2)</span>"#)
    );
    assert!(
        site.output("en/topics/index.html").contains(
            r#"<a href="/en/topics/heritage/">Heritage</a> <span class="count">(1)</span>"#
        )
    );
    // Each page links its terms in its own language.
    assert!(
        site.output("di-san/dai-noi/index.html")
            .contains("<p class=\"terms\">Chủ đề:\n    <a href=\"/chu-de/di-san/\">Di sản</a>")
    );
    assert!(
        site.output("en/heritage/imperial-city/index.html")
            .contains(
                "<p class=\"terms\">Topics:\n    <a href=\"/en/topics/heritage/\">Heritage</a>"
            )
    );
}

#[test]
fn feeds_are_well_formed_atom_with_the_expected_entries() {
    let site = built();
    let feeds = [
        (
            "atom.xml",
            "vi",
            vec![
                "/di-san/chua-thien-mu/",
                "/tin-tuc/festival-hue/",
                "/tin-tuc/dien-hon-chen/",
                "/tin-tuc/hoi-vat-lang-sinh/",
                "/tin-tuc/nha-nhac/",
                "/di-san/dai-noi/",
                "/tin-tuc/dem-hoang-cung/",
            ],
        ),
        // Translations only, newest first by their inherited dates; no stand-in.
        (
            "en/atom.xml",
            "en",
            vec![
                "/en/news/festival-hue/",
                "/en/news/sinh-wrestling-festival/",
                "/en/heritage/imperial-city/",
                "/en/news/dem-hoang-cung/",
            ],
        ),
        (
            "chu-de/di-san/atom.xml",
            "vi",
            vec!["/di-san/chua-thien-mu/", "/di-san/dai-noi/"],
        ),
        (
            "en/topics/heritage/atom.xml",
            "en",
            vec!["/en/heritage/imperial-city/"],
        ),
        (
            "en/topics/festivals/atom.xml",
            "en",
            vec![
                "/en/news/festival-hue/",
                "/en/news/sinh-wrestling-festival/",
                "/en/news/dem-hoang-cung/",
            ],
        ),
    ];
    for (file, lang, entries) in feeds {
        let feed = site.output(file);
        assert_well_formed_xml(&feed, file);
        assert!(
            feed.contains(&format!(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">"
            )),
            "{file}"
        );
        assert!(
            feed.contains(&format!(
                "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/{file}\"/>"
            )),
            "{file}"
        );
        let expected: Vec<String> = entries
            .iter()
            .map(|path| format!("https://example.org{path}"))
            .collect();
        assert_eq!(feed_entries(&feed), expected, "{file}");
    }
    // Titles with Vietnamese letters and markup in content are escaped, not broken.
    let feed = site.output("en/atom.xml");
    assert!(feed.contains("<title>The Imperial City of Huế</title>"));
    assert!(feed.contains(
        "&lt;a href=&quot;/di-san/chua-thien-mu/&quot; hreflang=&quot;vi&quot;&gt;the Thiên Mụ pagoda&lt;/a&gt;"
    ));
}

#[test]
fn the_sitemap_lists_each_translated_page_once_with_its_alternates() {
    let site = built();
    let sitemap = site.output("sitemap.xml");
    assert_well_formed_xml(&sitemap, "sitemap.xml");
    for (vi, en, lastmod) in [
        (
            "/di-san/dai-noi/",
            "/en/heritage/imperial-city/",
            Some("2024-01-15"),
        ),
        (
            "/tin-tuc/hoi-vat-lang-sinh/",
            "/en/news/sinh-wrestling-festival/",
            Some("2024-02-12"),
        ),
        ("/tin-tuc/", "/en/news/", None),
        ("/chu-de/di-san/", "/en/topics/heritage/", None),
    ] {
        let alternates = format!(
            "    <xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.org{vi}\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org{en}\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org{vi}\"/>"
        );
        for path in [vi, en] {
            let entries = sitemap_entries(&sitemap, path);
            assert_eq!(entries.len(), 1, "{path} once in:\n{sitemap}");
            assert!(entries[0].contains(&alternates), "{path}:\n{}", entries[0]);
            if let Some(date) = lastmod {
                // The English page's date is its original's.
                assert!(
                    entries[0].contains(&format!("<lastmod>{date}</lastmod>")),
                    "{path}"
                );
            }
        }
    }
    // An untranslated page is listed without alternates; its stand-ins are not listed.
    let pagoda = sitemap_entries(&sitemap, "/di-san/chua-thien-mu/");
    assert_eq!(pagoda.len(), 1);
    assert!(!pagoda[0].contains("xhtml:link"), "{}", pagoda[0]);
    for stand_in in [
        "/en/heritage/chua-thien-mu/",
        "/en/news/dien-hon-chen/",
        "/en/news/nha-nhac/",
    ] {
        assert!(sitemap_entries(&sitemap, stand_in).is_empty(), "{stand_in}");
    }
}

#[test]
fn the_bundle_image_is_published_once_for_the_figure_and_both_languages() {
    let site = built();
    let images: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".png"))
        .collect();
    assert_eq!(images, ["di-san/dai-noi/ngo-mon.png"]);
    assert_eq!(
        fs::read(site.path("public/di-san/dai-noi/ngo-mon.png")).unwrap(),
        fs::read(site.path("content/di-san/dai-noi/ngo-mon.png")).unwrap(),
        "copied byte for byte"
    );
    // The Vietnamese page shows it through the theme's `figure` shortcode, whose `src` is given
    // as the file's published URL (as a Markdown image's is), so it also works in feeds.
    let vietnamese = site.output("di-san/dai-noi/index.html");
    assert!(vietnamese.contains(
        "<h2 id=\"ngo-mon\">Ngọ Môn</h2>\n<figure>\n<img src=\"/di-san/dai-noi/ngo-mon.png\" alt=\"Ngọ Môn, cổng chính của Hoàng thành Huế\">\n<figcaption>Ngọ Môn nhìn từ quảng trường</figcaption>\n</figure>\n"
    ), "{vietnamese}");
    assert!(!vietnamese.contains("{{") && !vietnamese.contains("figure("));
    assert!(
        !vietnamese.contains("<p><figure>"),
        "a block, not inside a paragraph"
    );
    // The English page links the same file, at the Vietnamese page's URL.
    assert!(
        site.output("en/heritage/imperial-city/index.html").contains(
            r#"<img src="/di-san/dai-noi/ngo-mon.png" alt="Ngọ Môn, the main gate of the Imperial City" />"#
        )
    );
}

#[test]
fn internal_links_follow_the_language_of_the_linking_page() {
    let site = built();
    assert!(site.output("index.html").contains(
        r#"<a href="/di-san/dai-noi/">Đại Nội</a>
hoặc xem <a href="/tin-tuc/">tin tức</a>"#
    ));
    // The same `@/` paths in an English page lead to the English pages and section.
    assert!(site.output("en/index.html").contains(
        r#"<a href="/en/heritage/imperial-city/">the Imperial City</a> or read the latest <a href="/en/news/">news</a>"#
    ));
    assert!(
        site.output("en/news/festival-hue/index.html")
            .contains(r#"<a href="/en/heritage/imperial-city/">the Imperial City</a>"#)
    );
    // A bundle page links out to a plain page, and back.
    assert!(
        site.output("di-san/dai-noi/index.html")
            .contains(r#"<a href="/di-san/chua-thien-mu/">chùa Thiên Mụ</a>"#)
    );
    assert!(
        site.output("di-san/chua-thien-mu/index.html")
            .contains(r#"<a href="/di-san/dai-noi/">Đại Nội</a>"#)
    );
    // No English pagoda page: the link leads to the Vietnamese original and says so (not to
    // the stand-in, which is not a translation).
    assert!(
        site.output("en/heritage/imperial-city/index.html")
            .contains(r#"<a href="/di-san/chua-thien-mu/" hreflang="vi">the Thiên Mụ pagoda</a>"#)
    );
    // `check` names that link, at its line and column.
    let run = site.huong(&["check", "--format", "json"]).expect_code(0);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let link = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "content/di-san/dai-noi/index.en.md")
        .expect("the link to an untranslated page is reported");
    assert_eq!(link["severity"], "warning");
    assert_eq!(
        link["message"],
        "the link `@/di-san/chua-thien-mu.md` has no `en` version; it leads to the `vi` page"
    );
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(16), Some(29))
    );
}

#[test]
fn the_old_address_of_an_untranslated_page_redirects_to_it() {
    // The fixture as it is, alias included.
    let site = Site::fixture("portal");
    site.build().expect_code(0);
    let redirect = site.output("tin-cu/dien-hon-chen/index.html");
    assert!(
        redirect.contains(
            r#"<meta http-equiv="refresh" content="0; url=https://example.org/tin-tuc/dien-hon-chen/">"#
        ),
        "{redirect}"
    );
    assert!(
        redirect.contains(
            r#"<link rel="canonical" href="https://example.org/tin-tuc/dien-hon-chen/">"#
        )
    );
    // One redirect: the stand-in at /en/news/dien-hon-chen/ adds none of its own.
    let redirects: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.contains("tin-cu"))
        .collect();
    assert_eq!(redirects, ["tin-cu/dien-hon-chen/index.html"]);
    assert!(site.has_output("en/news/dien-hon-chen/index.html"));
}

#[test]
fn a_figure_in_an_english_bundle_page_shows_the_shared_image() {
    let site = portal();
    let page = "content/di-san/dai-noi/index.en.md";
    let text = fs::read_to_string(site.path(page)).unwrap();
    let with_figure = text.replace(
        "![Ngọ Môn, the main gate of the Imperial City](ngo-mon.png)",
        "{{ figure(src=\"ngo-mon.png\", alt=\"Ngọ Môn, the main gate of the Imperial City\") }}",
    );
    assert_ne!(text, with_figure);
    site.write(page, with_figure);
    site.build().expect_code(0);
    let html = site.output("en/heritage/imperial-city/index.html");
    let start = html.find("<figure>\n<img src=\"").expect("a figure") + 19;
    let src = &html[start..start + html[start..].find('"').unwrap()];
    // Where a browser on /en/heritage/imperial-city/ fetches the image from.
    let fetched = match src.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("en/heritage/imperial-city/{src}"),
    };
    assert!(
        site.has_output(&fetched),
        "the figure loads `/{fetched}`, which is not published"
    );
}
