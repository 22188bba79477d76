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

/// An exact form, and the documents that hold it.
type Variant = (String, Vec<u64>);

/// A terms file, read as the search page's script reads it (`src/output/search/terms.rs` has
/// the format): each folded form with its exact forms, and for each the documents that hold
/// it (document numbers, not steps).
fn terms(site: &Site, rel: &str) -> Vec<(String, Vec<Variant>)> {
    let bytes =
        std::fs::read(site.path("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let take = |at: &mut usize| -> &[u8] {
        let length = varint(&bytes, at) as usize;
        *at += length;
        &bytes[*at - length..*at]
    };
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
    let mut entries = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let folded = text(take(&mut at));
        let variants = (0..varint(&bytes, &mut at))
            .map(|_| {
                let exact = text(take(&mut at));
                let list = take(&mut at);
                let (mut docs, mut doc, mut read) = (Vec::new(), 0, 0);
                while read < list.len() {
                    doc += varint(list, &mut read);
                    let positions = list[read] >> 3;
                    read += 1;
                    for _ in 0..positions {
                        varint(list, &mut read);
                    }
                    docs.push(doc);
                }
                (exact, docs)
            })
            .collect();
        entries.push((folded, variants));
    }
    entries
}

/// The variable-length integer at `at` (seven bits a byte, the lowest first); `at` moves past it.
fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0, 0);
    loop {
        let byte = bytes[*at];
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            return n;
        }
    }
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
    let filed = terms(&site, "search-index/vi/terms/t_ho.bin");
    let (_, variants) = (filed.iter())
        .find(|(folded, _)| folded == "hon")
        .expect("`hon` is filed");
    let doc = (vi.iter().position(|doc| doc[0] == "/tin-tuc/tin-1/")).unwrap() as u64;
    assert!(
        (variants.iter()).any(|(exact, docs)| exact == "hon\u{300}" && docs.contains(&doc)),
        "the exact form keeps the tone, and the page holds it: {variants:?}"
    );
    let filed = terms(&site, "search-index/vi/terms/t_di.bin");
    assert!(
        filed.iter().any(|(folded, _)| folded == "dien"),
        "đ folds to d"
    );
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

/// `search = "no"` (a string, not `false`) keeps the page in the index, as any value but
/// `false` does, and the editor is told where and what to write; with `--strict` (CI) the build
/// fails. The page is an original with a translation and an alias, and its English side is
/// left out as it should be; another page writes `search: "false"` in YAML front matter.
#[test]
fn a_search_setting_that_is_not_true_or_false_is_reported_at_its_line() {
    let site = Site::fixture("notice");
    site.write(
        "content/tin-tuc/tin-2.vi.md",
        "+++\ntitle = \"Thông báo nội bộ\"\naliases = [\"/thong-bao/\"]\n[extra]\nsearch = \"no\"\n+++\nMật khẩu zqxwv.\n",
    );
    site.write(
        "content/tin-tuc/tin-2.en.md",
        "+++\ntitle = \"Internal notice\"\n[extra]\nsearch = false\n+++\nPassword qzxwv.\n",
    );
    // YAML front matter is read the same way, and its line is named too.
    site.write(
        "content/tin-tuc/tin-yaml.vi.md",
        "---\ntitle: Tin YAML\nextra:\n  search: \"false\"\n---\nNội dung.\n",
    );
    let run = site.build().expect_code(0);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("content/tin-tuc/tin-yaml.vi.md:4:3"),
        "{stderr}"
    );
    assert!(stderr.contains("not \"false\""), "{stderr}");
    assert!(
        stderr.contains("`search` takes true or false, not \"no\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/tin-tuc/tin-2.vi.md:5:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("set it to false, without quotes"),
        "{stderr}"
    );
    assert!(!stderr.contains("tin-2.en.md:"), "{stderr}");
    assert!(urls(&documents(&site, "vi")).contains(&"/tin-tuc/tin-2/"));
    assert!(!urls(&documents(&site, "en")).contains(&"/en/tin-tuc/tin-2/"));
    site.huong(&["build", "--strict"]).expect_code(1);
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
    // The script's URL carries its bytes' hash, so that no browser runs an older script (for an
    // older format of the index) from its cache.
    let script = site.output("search.js");
    assert!(script.contains("normalize('NFD')"));
    let hash = xxhash_rust::xxh3::xxh3_64(script.as_bytes());
    assert!(en.contains(&format!(
        "<script src=\"/search.js?h={hash:016x}\" defer></script>"
    )));
    // Every page has the box, which sends the query to its language's search page.
    let article = site.output("en/heritage/imperial-city/index.html");
    assert!(article.contains(
        "<form class=\"site-search\" role=\"search\" action=\"/en/search/\" method=\"get\">"
    ));
    // Like a result list, the search page is no content of its own for the sitemap.
    assert!(!site.output("sitemap.xml").contains("tim-kiem"));
}
