//! The search index and pages through the real binary, on a site with the `notice` translation
//! policy, aliases, a page bundle and tags: each language's index holds the pages written in it
//! (never the stand-ins of untranslated pages), a page can opt out, words are filed under their
//! folded form with their exact forms, and the search pages link each other. The ranking and the
//! page itself are tested in headless Chromium (tests/browser/search.test.mjs).

mod common;

use common::Site;
use serde_json::Value;

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.output(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every document of a language's index, as `[url, title, section, date, description, text]`.
fn documents(site: &Site, lang: &str) -> Vec<Value> {
    let meta = json(site, &format!("search-index/{lang}/meta.json"));
    let count = meta["docs"].as_u64().unwrap() as usize;
    let per_file = meta["docsPerFile"].as_u64().unwrap() as usize;
    let docs: Vec<Value> = (0..count.div_ceil(per_file))
        .flat_map(|n| {
            json(site, &format!("search-index/{lang}/docs/{n}.json"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(docs.len(), count);
    docs
}

fn urls(docs: &[Value]) -> Vec<&str> {
    docs.iter().map(|doc| doc[0].as_str().unwrap()).collect()
}

#[test]
fn each_language_indexes_its_own_pages_and_never_a_stand_in() {
    let site = Site::fixture("notice");
    site.write(
        "content/tin-tuc/tin-1.vi.md",
        "+++\ntitle = \"Tin một\"\ndate = 2024-03-01\naliases = [\"/tin-cu/\"]\n+++\nLễ hội Điện Hòn Chén.\n",
    );
    site.build().expect_code(0);
    let vi = documents(&site, "vi");
    let en = documents(&site, "en");
    assert!(urls(&vi).contains(&"/tin-tuc/tin-1/"), "{:?}", urls(&vi));
    // The page has no English version: its stand-in at /en/... is not in the English index.
    assert!(
        site.output("en/tin-tuc/tin-1/index.html")
            .contains("Lễ hội")
    );
    assert!(
        !urls(&en).iter().any(|url| url.contains("tin-1")),
        "{:?}",
        urls(&en)
    );
    assert!(
        urls(&en).contains(&"/en/heritage/imperial-city/"),
        "{:?}",
        urls(&en)
    );
    // A document shows its title, section and date.
    let doc = vi.iter().find(|doc| doc[0] == "/tin-tuc/tin-1/").unwrap();
    assert_eq!(doc[1], "Tin một");
    assert_eq!(doc[3], "2024-03-01");
    assert!(doc[5].as_str().unwrap().contains("Điện Hòn Chén"));
    // Its words are filed under their folded form: `hon` → the exact form of `Hòn`.
    let meta = json(&site, "search-index/vi/meta.json");
    assert!(
        meta["keys"]
            .as_array()
            .unwrap()
            .contains(&Value::from("ho"))
    );
    let terms = json(&site, "search-index/vi/terms/t_ho.json");
    let variants = terms["hon"].as_array().expect("`hon` is filed");
    assert!(
        variants.iter().any(|v| v[0] == "hon\u{300}"),
        "the exact form keeps the tone: {variants:?}"
    );
    let dien = &json(&site, "search-index/vi/terms/t_di.json")["dien"];
    assert!(dien.is_array(), "đ folds to d");
}

#[test]
fn a_page_with_search_false_is_left_out() {
    let site = Site::fixture("notice");
    site.write(
        "content/tin-tuc/tin-2.vi.md",
        "+++\ntitle = \"Thông báo nội bộ\"\n[extra]\nsearch = false\n+++\nMật khẩu zqxwv.\n",
    );
    site.build().expect_code(0);
    assert!(!urls(&documents(&site, "vi")).contains(&"/tin-tuc/tin-2/"));
    let meta = json(&site, "search-index/vi/meta.json");
    assert!(
        !meta["keys"]
            .as_array()
            .unwrap()
            .contains(&Value::from("zq"))
    );
}

#[test]
fn each_language_has_a_search_page_and_a_search_box() {
    let site = Site::fixture("notice");
    site.build().expect_code(0);
    let vi = site.output("tim-kiem/index.html");
    let en = site.output("en/search/index.html");
    assert!(vi.contains("<html lang=\"vi\">") && en.contains("<html lang=\"en\">"));
    assert!(vi.contains("hreflang=\"en\" href=\"https://example.org/en/search/\""));
    assert!(en.contains("hreflang=\"vi\" href=\"https://example.org/tim-kiem/\""));
    assert!(vi.contains("data-index=\"/search-index/vi/\""));
    assert!(en.contains("<script src=\"/search.js\" defer></script>"));
    assert!(site.output("search.js").contains("normalize('NFD')"));
    // Every page has the box, which sends the query to its language's search page.
    let article = site.output("en/heritage/imperial-city/index.html");
    assert!(article.contains(
        "<form class=\"site-search\" role=\"search\" action=\"/en/search/\" method=\"get\">"
    ));
    // Like a result list, the search page is no content of its own for the sitemap.
    assert!(!site.output("sitemap.xml").contains("tim-kiem"));
}
